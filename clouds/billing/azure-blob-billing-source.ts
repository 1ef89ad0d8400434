import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient, type BlobItem, type ContainerClient } from '@azure/storage-blob';
import type { BillingSourceReader, LandingPart, LandingProblem, LandingUnit, SourceListing } from '../../core/index.js';
import { isBillingObject, periodOf, unitFingerprint } from '../../core/index.js';

export interface AzureBlobBillingSourceOptions {
  name: string;
  container: string;
  prefix: string;
  /** https://<account>.blob.core.windows.net with a TokenCredential, or a connection string (Azurite, SAS) */
  access: { accountUrl: string; credential: TokenCredential } | { connectionString: string };
}

const ExportManifestSchema = {
  parse(text: string): { runId?: string; submittedTime?: string; blobs: string[] } {
    const json = JSON.parse(text) as { runInfo?: { runId?: unknown; submittedTime?: unknown }; blobs?: unknown };
    if (!Array.isArray(json.blobs)) throw new Error('no blobs[] list: not a Cost Management export manifest');
    const blobs = json.blobs.map((b: unknown, i: number) => {
      const name = (b as { blobName?: unknown } | null)?.blobName;
      if (typeof name !== 'string' || !name) throw new Error(`blobs[${i}].blobName is missing`);
      return name;
    });
    return {
      blobs,
      ...(typeof json.runInfo?.runId === 'string' ? { runId: json.runInfo.runId } : {}),
      ...(typeof json.runInfo?.submittedTime === 'string' ? { submittedTime: json.runInfo.submittedTime } : {}),
    };
  },
};

/**
 * A container Azure Cost Management exports to: `<prefix>/<export>/<yyyyMMdd-yyyyMMdd>/…`. Each
 * run rewrites the period's month-to-date data, so the period's newest run is its unit: the blobs
 * its manifest.json lists (exports with partitioning), else the newest billing blob of the period.
 */
export function azureBlobBillingSource(options: AzureBlobBillingSourceOptions): BillingSourceReader {
  const service =
    'connectionString' in options.access
      ? BlobServiceClient.fromConnectionString(options.access.connectionString)
      : new BlobServiceClient(options.access.accountUrl, options.access.credential);
  const container: ContainerClient = service.getContainerClient(options.container);
  const prefix = options.prefix.replace(/^\/+/, '');
  const uri = (name: string) => `${container.url}/${name}`;

  return {
    name: options.name,
    kind: 'azure-blob',
    location: uri(prefix),
    async listUnits(): Promise<SourceListing> {
      const blobs: BlobItem[] = [];
      for await (const blob of container.listBlobsFlat({ prefix })) blobs.push(blob);
      const byName = new Map(blobs.map((b) => [b.name, b]));
      const part = (name: string): LandingPart | undefined => {
        const b = byName.get(name);
        return b
          ? {
              key: name,
              uri: uri(name),
              ...(b.properties.contentLength !== undefined ? { size: b.properties.contentLength } : {}),
              ...(b.properties.etag ? { etag: b.properties.etag } : {}),
            }
          : undefined;
      };
      const problems: LandingProblem[] = [];
      // Group by the export's period folder; blobs outside one are units of their own.
      const periods = new Map<string, BlobItem[]>();
      const loose: BlobItem[] = [];
      for (const blob of blobs) {
        const match = /^(.*?\/)?(\d{8}-\d{8})\//.exec(blob.name);
        if (match) periods.set(`${match[1] ?? ''}${match[2]}`, [...(periods.get(`${match[1] ?? ''}${match[2]}`) ?? []), blob]);
        else if (isBillingObject(blob.name)) loose.push(blob);
      }
      const units: LandingUnit[] = loose.map((b) => {
        const p = part(b.name)!;
        return { unit: uri(b.name), fingerprint: unitFingerprint({}, [p]), parts: [p], format: 'auto' };
      });
      for (const [folder, members] of periods) {
        const period = periodOf(folder.split('/').at(-1));
        const newest = (list: BlobItem[]) =>
          [...list].sort(
            (a, b) => (b.properties.lastModified?.getTime() ?? 0) - (a.properties.lastModified?.getTime() ?? 0) || b.name.localeCompare(a.name),
          )[0];
        const manifests = members.filter((b) => /(^|\/)manifest\.json$/i.test(b.name));
        const base = { unit: uri(folder), ...(period ? { period } : {}), format: 'auto' as const };
        if (manifests.length > 0) {
          const chosen = newest(manifests)!;
          try {
            const text = await container.getBlobClient(chosen.name).downloadToBuffer();
            const manifest = ExportManifestSchema.parse(text.toString('utf8'));
            const parts = manifest.blobs.map((name) => ({ name, part: part(name) }));
            const missing = parts.filter((p) => !p.part).map((p) => uri(p.name));
            if (missing.length > 0)
              throw new Error(`names ${missing.join(', ')}, not in the container: the export may still be writing (it lands at the next poll)`);
            const landingParts = parts.map((p) => p.part!);
            units.push({
              ...base,
              manifest: uri(chosen.name),
              ...(manifest.runId ? { assemblyId: manifest.runId } : {}),
              fingerprint: unitFingerprint({ key: chosen.name, ...(chosen.properties.etag ? { etag: chosen.properties.etag } : {}) }, landingParts),
              parts: landingParts,
            });
          } catch (error) {
            problems.push({ objects: [uri(chosen.name)], error: `${uri(chosen.name)}: ${(error as Error).message}` });
          }
          continue;
        }
        const data = newest(members.filter((b) => isBillingObject(b.name)));
        if (!data) continue;
        const p = part(data.name)!;
        units.push({ ...base, fingerprint: unitFingerprint({}, [p]), parts: [p] });
      }
      return { units: units.sort((a, b) => a.unit.localeCompare(b.unit)), problems };
    },
    async download(p: LandingPart, toFile: string): Promise<void> {
      await container.getBlobClient(p.key).downloadToFile(toFile);
    },
  };
}
