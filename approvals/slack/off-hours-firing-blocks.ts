/** A firing's VMs that need a person: refused by the guardrails, or failed in the cloud. */
export interface OffHoursAttention {
  schedule: string;
  phase: 'stop' | 'start';
  firingId: string;
  vms: { resourceId: string; status: 'refused' | 'failed'; reasons: string[] }[];
}

/** An informational message, no buttons: what was not stopped or started, and why. */
export function offHoursFiringBlocks(attention: OffHoursAttention): { text: string; blocks: Record<string, unknown>[] } {
  const verb = attention.phase === 'stop' ? 'stopped' : 'started';
  const text = `Off-hours "${attention.schedule}": ${attention.vms.length} VM(s) not ${verb}`;
  const lines = attention.vms.map((vm) => `• \`${vm.resourceId}\` ${vm.status}: ${vm.reasons.join('; ')}`);
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `\`${attention.firingId}\` · \`tollgate offhours list\` shows every enrollment (docs/remediations.md)` }],
      },
    ],
  };
}
