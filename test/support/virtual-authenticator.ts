import type { CDPSession, Page } from 'playwright-core';

/**
 * A platform passkey for one page, through Chromium's DevTools WebAuthn domain: CTAP2, internal
 * transport, resident keys, user verification that always succeeds, presence simulated. Each
 * call makes a new authenticator with its own keys, so two pages are two people's devices.
 */
export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  credentialIds(): Promise<string[]>;
}

export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    async credentialIds() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      // CDP gives the id as standard base64; WebAuthn JSON uses base64url.
      return credentials.map((c) => Buffer.from(c.credentialId, 'base64').toString('base64url'));
    },
  };
}
