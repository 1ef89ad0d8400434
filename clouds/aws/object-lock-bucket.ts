import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface ObjectLockBucketOptions {
  bucket: string;
  /** Keys go under this prefix (no leading or trailing slash needed). */
  prefix: string;
  region?: string;
  /** Endpoint override: a moto server in tests. */
  endpoint?: string;
  credentials?: S3ClientConfig['credentials'];
  /** How long each object stays undeletable and unchangeable (COMPLIANCE mode); default 400 days. */
  retainDays?: number;
}

/**
 * Write-once JSON documents in an S3 bucket with Object Lock: each is put with a COMPLIANCE
 * retention, so until it lapses no one — the writer, the bucket's owner, root — can delete or
 * overwrite that version. The bucket must have been created with Object Lock enabled.
 */
export class ObjectLockBucket {
  private readonly s3: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: ObjectLockBucketOptions) {
    this.s3 = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.prefix = options.prefix.replace(/^\/+|\/+$/g, '');
  }

  /** Puts one document under `name`, locked; resolves with its s3:// address. */
  async putLocked(name: string, body: string, now: Date = new Date()): Promise<string> {
    const key = this.prefix ? `${this.prefix}/${name}` : name;
    const retainUntil = new Date(now.getTime() + (this.options.retainDays ?? 400) * 86_400_000);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: retainUntil,
        // Object Lock puts need an integrity checksum.
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    return `s3://${this.options.bucket}/${key}`;
  }

  /** Every document under the prefix, oldest key first, with its address. */
  async readAll(): Promise<{ where: string; body: string }[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.prefix ? `${this.prefix}/` : undefined, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const out: { where: string; body: string }[] = [];
    for (const key of keys.sort()) {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      out.push({ where: `s3://${this.options.bucket}/${key}`, body: (await object.Body?.transformToString()) ?? '' });
    }
    return out;
  }

  close(): void {
    this.s3.destroy();
  }
}
