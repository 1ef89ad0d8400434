import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type _Object } from '@aws-sdk/client-s3';
import type { BillingSourceReader, LandingPart, LandingProblem, LandingUnit, SourceListing } from '../../core/index.js';
import { awsCredentials } from '../aws/credentials.js';
import { parseCurManifest, type ParsedManifest } from './cur-manifests.js';
import { isBillingObject, unitFingerprint } from '../../core/index.js';

export interface S3BillingSourceOptions {
  name: string;
  bucket: string;
  prefix: string;
  region: string;
  /** moto in tests, a VPC endpoint in production */
  endpoint?: string;
  forcePathStyle: boolean;
  profile?: string;
  roleArn?: string;
  externalId?: string;
}

/**
 * An S3 bucket/prefix where AWS delivers billing data. With manifests (legacy CUR, Data Exports),
 * one unit per report and billing period: the files of its current assembly. Without any manifest,
 * each billing file is a unit of its own.
 */
export function s3BillingSource(options: S3BillingSourceOptions): BillingSourceReader {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    credentials: awsCredentials({
      region: options.region,
      sessionName: 'tollgate-billing-landing',
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      ...(options.externalId ? { externalId: options.externalId } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    }),
  });
  const uri = (key: string) => `s3://${options.bucket}/${key}`;
  const prefix = options.prefix.replace(/^\/+/, '');

  async function listAll(): Promise<_Object[]> {
    const objects: _Object[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: options.bucket, Prefix: prefix, ContinuationToken: token }));
      objects.push(...(page.Contents ?? []));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async function readText(key: string): Promise<string> {
    const out = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  }

  return {
    name: options.name,
    kind: 's3',
    location: uri(prefix),
    async listUnits(): Promise<SourceListing> {
      const objects = await listAll();
      const byKey = new Map(objects.filter((o) => o.Key).map((o) => [o.Key!, o]));
      const part = (key: string): LandingPart | undefined => {
        const o = byKey.get(key);
        return o ? { key, uri: uri(key), ...(o.Size !== undefined ? { size: o.Size } : {}), ...(o.ETag ? { etag: o.ETag } : {}) } : undefined;
      };
      const manifestKeys = [...byKey.keys()].filter((k) => /Manifest\.json$/i.test(k)).sort();
      const problems: LandingProblem[] = [];
      if (manifestKeys.length === 0) {
        const units = [...byKey.keys()]
          .filter(isBillingObject)
          .sort()
          .map((key) => {
            const p = part(key)!;
            return { unit: uri(key), fingerprint: unitFingerprint({}, [p]), parts: [p], format: 'auto' as const };
          });
        return { units, problems };
      }
      // One manifest per report and period wins: legacy CUR's period-level copy, else the newest.
      const chosen = new Map<string, { key: string; manifest: ParsedManifest; modified: number }>();
      for (const key of manifestKeys) {
        let manifest: ParsedManifest;
        try {
          manifest = parseCurManifest(key, await readText(key), options.bucket);
        } catch (error) {
          problems.push({
            objects: [uri(key)],
            error: `${uri(key)}: ${(error as Error).message}; fix or remove the manifest (its period does not land until then)`,
          });
          continue;
        }
        const group = `${manifest.name}/${manifest.period}`;
        const modified = byKey.get(key)?.LastModified?.getTime() ?? 0;
        const held = chosen.get(group);
        const better = !held || (manifest.current && !held.manifest.current) || (manifest.current === held.manifest.current && modified >= held.modified);
        if (better) chosen.set(group, { key, manifest, modified });
      }
      const units: LandingUnit[] = [];
      for (const { key, manifest } of chosen.values()) {
        const parts = manifest.dataKeys.map((k) => ({ key: k, part: part(k) }));
        const missing = parts.filter((p) => !p.part).map((p) => uri(p.key));
        if (missing.length > 0) {
          problems.push({
            objects: [uri(key), ...missing],
            error: `${uri(key)} names ${missing.join(', ')}, not in the bucket: the export may still be writing (it lands at the next poll), or the objects were deleted`,
          });
          continue;
        }
        const landingParts = parts.map((p) => p.part!);
        const manifestObject = byKey.get(key);
        units.push({
          // Stable across assemblies: a restatement of the period replaces the rows held under this name.
          unit: uri(`${prefix ? `${prefix.replace(/\/+$/, '')}/` : ''}${manifest.name}/${manifest.period}`),
          period: manifest.period,
          manifest: uri(key),
          ...(manifest.assemblyId ? { assemblyId: manifest.assemblyId } : {}),
          fingerprint: unitFingerprint({ key, ...(manifestObject?.ETag ? { etag: manifestObject.ETag } : {}), assemblyId: manifest.assemblyId }, landingParts),
          parts: landingParts,
          format: manifest.layout === 'cur' ? 'aws-cur' : 'auto',
        });
      }
      return { units: units.sort((a, b) => a.unit.localeCompare(b.unit)), problems };
    },
    async download(p: LandingPart, toFile: string): Promise<void> {
      const out = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: p.key }));
      if (!out.Body) throw new Error(`${p.uri}: empty response body`);
      await pipeline(out.Body as Readable, createWriteStream(toFile));
    },
  };
}
