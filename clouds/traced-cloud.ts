import { traced } from '../core/index.js';
import type { CloudProvider, CloudReader } from './provider.js';

const TRACER = 'tollgate-clouds';

/**
 * The same cloud with one span per call (`tollgate.cloud.<method>`, the provider, the resource
 * and action where there is one), so a slow or failing cloud API shows up inside the activity
 * that called it. A no-op when no tracer provider is registered.
 */
export function tracedCloud(cloud: CloudProvider): CloudProvider {
  const attrs = (extra: Record<string, string> = {}) => ({ 'cloud.provider': cloud.provider, ...extra });
  return {
    provider: cloud.provider,
    ...tracedReads(cloud),
    plan: (action, ticket) =>
      traced(TRACER, 'tollgate.cloud.plan', attrs({ 'tollgate.resource.id': action.resourceId, 'tollgate.action.type': action.type }), () =>
        cloud.plan(action, ticket),
      ),
    apply: (action, ticket) =>
      traced(TRACER, 'tollgate.cloud.apply', attrs({ 'tollgate.resource.id': action.resourceId, 'tollgate.action.type': action.type }), () =>
        cloud.apply(action, ticket),
      ),
    appliedResult: (key) => traced(TRACER, 'tollgate.cloud.applied_result', attrs(), () => cloud.appliedResult(key)),
  };
}

/** Spans around the reads alone, for the read-only view agents and analysis get. */
export function tracedReads(cloud: CloudReader): Omit<CloudReader, 'provider'> {
  const attrs = (extra: Record<string, string> = {}) => ({ 'cloud.provider': cloud.provider, ...extra });
  return {
    listResources: () =>
      traced(TRACER, 'tollgate.cloud.list_resources', attrs(), async (span) => {
        const resources = await cloud.listResources();
        span.setAttribute('tollgate.cloud.resources', resources.length);
        return resources;
      }),
    getResource: (id) => traced(TRACER, 'tollgate.cloud.get_resource', attrs({ 'tollgate.resource.id': id }), () => cloud.getResource(id)),
    utilization: (id, window) => traced(TRACER, 'tollgate.cloud.utilization', attrs({ 'tollgate.resource.id': id }), () => cloud.utilization(id, window)),
    catalog: () => traced(TRACER, 'tollgate.cloud.catalog', attrs(), () => cloud.catalog()),
  };
}
