import { resolve } from 'node:path';
import { FileAnchor, parseAnchoredHead, type AnchorSink } from '../audit/index.js';

/**
 * Where `audit anchor --to` writes signed heads and `audit verify --anchor` reads them:
 * `s3://bucket/prefix` (a bucket with Object Lock; credentials from the AWS default chain,
 * endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL), anything else a local file.
 */
export async function anchorSink(target: string, env: NodeJS.ProcessEnv = process.env): Promise<AnchorSink & { close(): void }> {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target);
  if (!s3) {
    const file = new FileAnchor(resolve(target));
    return { write: (head) => file.write(head), read: () => file.read(), close: () => undefined };
  }
  // Loaded only for s3:// targets: the S3 SDK is large, and verify without an anchor should start quickly.
  const { ObjectLockBucket } = await import('../clouds/aws/object-lock-bucket.js');
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const bucket = new ObjectLockBucket({
    bucket: s3[1]!,
    prefix: s3[2] ?? '',
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  return {
    // One object per head, named so they list in seq order.
    write: (head) => bucket.putLocked(`head-${String(head.seq).padStart(12, '0')}-${head.hash.slice(0, 16)}.json`, JSON.stringify(head)),
    read: async () => (await bucket.readAll()).map(({ where, body }) => parseAnchoredHead(body, where)),
    close: () => bucket.close(),
  };
}
