import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoopbackCert {
  key: string;
  cert: string;
}

/**
 * A throwaway self-signed certificate for https://127.0.0.1, made with the openssl CLI at test
 * time (node:crypto can make keys but not X.509 certificates). The Azure SDK refuses bearer
 * tokens over plain http, so the loopback ARM server speaks TLS and the adapter trusts this
 * certificate through the pipeline's tlsOptions.ca, never through a global switch.
 */
export function loopbackCertificate(): LoopbackCert {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
