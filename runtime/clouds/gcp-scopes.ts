import { billingCatalogAuth, GcpCloud, StaticTokenAuth } from '../../clouds/gcp/index.js';
import { GcpBillingCatalog, NoPricesForRegion } from '../../clouds/pricing/index.js';
import type { CloudProvider } from '../../clouds/provider.js';
import type { GcpConfig } from '../deployment-schema.js';
import { briefly, isUnreachable, ScopeUnavailable, type PlannedScope, type WorkerRole } from './planned-scope.js';

/** One scope per project; credentials are Application Default Credentials where the worker runs. */
export function planGcpScopes(gcp: GcpConfig, role: WorkerRole, env: NodeJS.ProcessEnv, pricesCacheDir?: string): PlannedScope[] {
  return gcp.projects
    .filter((p) => p.access !== 'excluded')
    .map((p) => {
      const access = p.access === 'read-only' ? ('read-only' as const) : ('read-write' as const);
      return {
        provider: 'gcp' as const,
        label: `gcp project ${p.id}${p.zones ? ` (${p.zones.join(', ')})` : ''}`,
        access,
        owns: (r) => r.id.startsWith(`projects/${p.id}/zones/`) && (!p.zones || p.zones.some((z) => r.id.startsWith(`projects/${p.id}/zones/${z}/`))),
        async open() {
          const token = env.TOLLGATE_GCP_STATIC_TOKEN;
          if (gcp.staticToken && !token)
            throw new ScopeUnavailable(
              'gcp.staticToken is set but TOLLGATE_GCP_STATIC_TOKEN is not: set it, or remove staticToken to use Application Default Credentials',
            );
          const auth = gcp.staticToken ? new StaticTokenAuth(token!) : undefined;
          const billingCatalog =
            gcp.billingCatalog && pricesCacheDir
              ? new GcpBillingCatalog({
                  cacheDir: pricesCacheDir,
                  auth: auth ?? billingCatalogAuth(),
                  maxAgeDays: gcp.billingCatalog.maxAgeDays,
                  ...(gcp.billingCatalog.endpoint ? { endpoint: gcp.billingCatalog.endpoint } : {}),
                })
              : undefined;
          const cloud = new GcpCloud({
            project: p.id,
            ...endpointOptions(gcp.endpoint),
            ...(auth ? { auth } : {}),
            ...(billingCatalog ? { billingCatalog } : {}),
          });
          const scoped = p.zones ? inZones(cloud, p.zones) : cloud;
          await scoped.listResources().catch((error: unknown) => {
            throw new ScopeUnavailable(gcpAdvice(error, gcp, role, p.id));
          });
          // Prices are proven at start like credentials: an instance in a region nothing prices stops the scope here, not mid-run.
          await scoped.catalog().catch((error: unknown) => {
            if (error instanceof NoPricesForRegion) {
              throw new ScopeUnavailable(
                `no list prices for region ${error.region}: the bundled GCE prices are us-central1's and are not reused elsewhere. Add gcp.billingCatalog to the config (the Cloud Billing Catalog API), or list only priced zones under the project's zones (docs/clouds.md, Prices)`,
              );
            }
            throw new ScopeUnavailable(`no list prices: ${briefly(error)}. Check gcp.billingCatalog.endpoint and the ${role} worker's credentials`);
          });
          return scoped;
        },
      };
    });
}

function endpointOptions(endpoint: string | undefined): { apiEndpoint?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!endpoint) return {};
  const url = new URL(endpoint);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { apiEndpoint: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** The project's instances in the listed zones only: a zone left out is never listed, so never proposed for a change, nor priced. */
function inZones(cloud: GcpCloud, zones: readonly string[]): CloudProvider {
  const inScope = (id: string) => zones.some((z) => id.includes(`/zones/${z}/`));
  return {
    provider: cloud.provider,
    listResources: async () => (await cloud.listResources()).filter((r) => inScope(r.id)),
    getResource: (id) => (inScope(id) ? cloud.getResource(id) : Promise.reject(new Error(`${id} is outside the configured zones ${zones.join(', ')}`))),
    utilization: (id, window) => cloud.utilization(id, window),
    catalog: () => cloud.catalogFor(zones.map((z) => z.replace(/-[a-z]$/, ''))),
    plan: (action, ticket) => cloud.plan(action, ticket),
    apply: (action, ticket) => cloud.apply(action, ticket),
    appliedResult: (key) => cloud.appliedResult(key),
  };
}

function gcpAdvice(error: unknown, gcp: GcpConfig, role: WorkerRole, project: string): string {
  const text = briefly(error);
  if (/default credentials|Could not load|ADC/i.test(text)) {
    return `no Application Default Credentials (${text}): run "gcloud auth application-default login", or attach a service account to the ${role} worker (docs/clouds.md)`;
  }
  if (isUnreachable(error)) return `${gcp.endpoint ?? 'compute.googleapis.com'} is not reachable (${text}): check gcp.endpoint and the network`;
  // The REST transport reports HTTP 403 as gRPC code 7 (PERMISSION_DENIED), 401 as 16, 404 as 5.
  if (/PERMISSION_DENIED|code 7:|\b403\b|forbidden/i.test(text)) {
    const permission = /Required '([\w.]+)' permission/.exec(text)?.[1];
    const [roles, roleName] =
      role === 'analysis'
        ? ['roles/compute.viewer and roles/monitoring.viewer (or examples/permissions/gcp-analysis-role.yaml)', 'roles/compute.viewer']
        : ['the custom role in examples/permissions/gcp-actions-role.yaml', `projects/${project}/roles/<that role's id>`];
    return `the ${role} worker's principal ${permission ? `lacks ${permission}` : 'may not read'} in project ${project} (${text}): grant it ${roles}, e.g. gcloud projects add-iam-policy-binding ${project} --member=serviceAccount:<the ${role} worker's> --role=${roleName}`;
  }
  if (/UNAUTHENTICATED|code 16:|\b401\b/i.test(text)) {
    return `Google rejected the ${role} worker's credentials (${text}): run "gcloud auth application-default login" again, or check the attached service account's key`;
  }
  if (/NOT_FOUND|code 5:|\b404\b/i.test(text)) return `project ${project} was not found (${text}): check the project id (not its name or number)`;
  return `${text}: check the project id and the ${role} service account (docs/clouds.md)`;
}
