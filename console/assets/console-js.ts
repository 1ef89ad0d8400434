/**
 * The console's only script, served from /assets/console.js (the CSP allows no inline script).
 * It turns WebAuthn's JSON options into navigator.credentials calls and their results back into
 * JSON, and shows answers with textContent, never as markup. Hand-written: no build step.
 */
export const CONSOLE_JS = String.raw`'use strict';
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const toBuffer = (text) => {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  };
  const toText = (buffer) => {
    let binary = '';
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  // What a created or used credential says about itself, in the JSON the server reads.
  const credentialFields = (credential) => ({
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  });
  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ error: 'HTTP ' + response.status }));
    if (!response.ok) throw new Error(data.error || 'HTTP ' + response.status);
    return data;
  }
  async function assertion(options) {
    const credential = await navigator.credentials.get({
      publicKey: {
        challenge: toBuffer(options.challenge),
        rpId: options.rpId,
        timeout: options.timeout,
        userVerification: options.userVerification,
        allowCredentials: (options.allowCredentials || []).map((c) => ({ type: 'public-key', id: toBuffer(c.id), transports: c.transports })),
      },
    });
    if (!credential) throw new Error('no passkey was used');
    const r = credential.response;
    return {
      ...credentialFields(credential),
      response: {
        clientDataJSON: toText(r.clientDataJSON),
        authenticatorData: toText(r.authenticatorData),
        signature: toText(r.signature),
        userHandle: r.userHandle ? toText(r.userHandle) : undefined,
      },
    };
  }
  async function registration(options) {
    const credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        challenge: toBuffer(options.challenge),
        user: { ...options.user, id: toBuffer(options.user.id) },
        excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: toBuffer(c.id) })),
      },
    });
    if (!credential) throw new Error('no passkey was created');
    const r = credential.response;
    return {
      ...credentialFields(credential),
      response: {
        clientDataJSON: toText(r.clientDataJSON),
        attestationObject: toText(r.attestationObject),
        transports: r.getTransports ? r.getTransports() : [],
        publicKeyAlgorithm: r.getPublicKeyAlgorithm ? r.getPublicKeyAlgorithm() : undefined,
        publicKey: r.getPublicKey && r.getPublicKey() ? toText(r.getPublicKey()) : undefined,
        authenticatorData: r.getAuthenticatorData ? toText(r.getAuthenticatorData()) : undefined,
      },
    };
  }
  function show(element, text, ok) {
    element.textContent = text;
    element.className = ok ? 'ok' : 'error';
  }

  const login = document.getElementById('login');
  if (login) {
    login.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = document.getElementById('login-result');
      try {
        show(result, 'Touch your passkey…', true);
        const { options } = await post('/login/options', { approver: login.approver.value });
        await post('/login/verify', { response: await assertion(options) });
        location.assign(login.dataset.next || '/');
      } catch (error) {
        show(result, error.message, false);
      }
    });
  }

  const enroll = document.getElementById('enroll');
  if (enroll) {
    enroll.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = document.getElementById('enroll-result');
      try {
        show(result, 'Create your passkey…', true);
        const { options } = await post('/enroll/options', { approver: enroll.approver.value });
        const answer = await post('/enroll/verify', { response: await registration(options) });
        show(result, answer.message, true);
        result.dataset.credentialId = answer.credentialId;
        const snippet = document.getElementById('enroll-snippet');
        snippet.textContent = answer.policySnippet;
        snippet.hidden = false;
      } catch (error) {
        show(result, error.message, false);
      }
    });
  }

  const decide = document.getElementById('decide');
  if (decide) {
    const result = document.getElementById('decision-result');
    const buttons = decide.querySelectorAll('button[data-decision]');
    for (const button of buttons) {
      button.addEventListener('click', async () => {
        const id = encodeURIComponent(decide.dataset.workflowId);
        for (const b of buttons) b.disabled = true;
        try {
          show(result, 'Touch your passkey to sign this decision…', true);
          const { options } = await post('/requests/' + id + '/challenge', {
            decision: button.dataset.decision,
            reason: document.getElementById('reason').value,
            proposalHash: decide.dataset.proposalHash,
          });
          const answer = await post('/requests/' + id + '/decide', { response: await assertion(options) });
          show(result, answer.message, true);
        } catch (error) {
          show(result, error.message, false);
          for (const b of buttons) b.disabled = false;
        }
      });
    }
  }
})();
`;
