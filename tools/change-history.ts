import type { CloudReader } from '../clouds/provider.js';

export interface ChangeEvent {
  at: string;
  resourceId: string;
  /** e.g. deploy, resize, tag-change, created. */
  kind: string;
  /** Free text from the cloud or CI system: untrusted. */
  description: string;
}

/** Where change history comes from (CloudTrail, Activity Log, audit logs, CI deploys). */
export interface ChangeHistorySource {
  changes(resourceId: string, window: { from: string; to: string }): Promise<ChangeEvent[]>;
}

/** The least every cloud gives: the resource's last-changed time, as one event. */
export function lastChangeHistory(cloud: CloudReader): ChangeHistorySource {
  return {
    async changes(resourceId, window) {
      const resource = await cloud.getResource(resourceId);
      const at = resource.lastChangedAt;
      if (!at || at < window.from || at > window.to) return [];
      return [{ at, resourceId, kind: 'change', description: 'last recorded change to the resource' }];
    },
  };
}
