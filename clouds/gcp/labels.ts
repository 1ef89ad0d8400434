/**
 * GCE label keys allow only lower-case letters, digits, `-` and `_`, so Tollgate's own tag keys
 * (`tollgate:exclude`, `tollgate:off-hours`) cannot be labels. A label `tollgate-NAME` is read as
 * the tag `tollgate:NAME` too, so the policy's default keys work on GCP unchanged.
 */
export function labelsToTags(labels: Record<string, string> | null | undefined): Record<string, string> {
  const tags: Record<string, string> = { ...(labels ?? {}) };
  for (const [key, value] of Object.entries(labels ?? {})) {
    const own = /^tollgate-(.+)$/.exec(key);
    const tagKey = own ? `tollgate:${own[1]}` : undefined;
    if (tagKey && !(tagKey in tags)) tags[tagKey] = value;
  }
  return tags;
}
