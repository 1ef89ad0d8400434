import { describe, expect, it } from 'vitest';
import { redact, REDACTED } from '../../audit/redact.js';

describe('redact', () => {
  it('keeps a passkey credential id (public) and still hides values under credential-like keys', () => {
    const out = redact({ passkey: { credentialId: 'abc_DEF-123', signature: 'MEUC' }, credentials: 'hunter2', awsCredential: 'x' });
    expect(out).toEqual({ passkey: { credentialId: 'abc_DEF-123', signature: 'MEUC' }, credentials: REDACTED, awsCredential: REDACTED });
  });
});
