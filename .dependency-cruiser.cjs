/**
 * DESIGN.md's folder rules as build-breaking checks. Type-only imports are erased at
 * build time and are not counted (tsPreCompilationDeps: false): a workflow may name an
 * activity's type, never load its code.
 */
const allow = (from, to) => ({
  name: `${from}-imports`,
  comment: `${from}/ may import only: ${to.join(', ') || 'nothing of ours'}`,
  severity: 'error',
  from: { path: `^${from}/` },
  to: {
    path: '^(core|ingest|warehouse|detect|clouds|tools|agents|prompts|guardrails|workflows|activities|approvals|audit|reports|console|evals|runtime|cli|bench)/',
    pathNot: [`^${from}/`, ...to.map((t) => `^${t}`)],
  },
});

module.exports = {
  forbidden: [
    allow('core', []),
    allow('ingest', ['core/', 'warehouse/']),
    allow('warehouse', ['core/']),
    allow('detect', ['core/']),
    allow('clouds', ['core/']),
    allow('tools', ['core/', 'warehouse/', 'clouds/provider\\.ts$']),
    allow('agents', ['core/', 'tools/', 'prompts/']),
    allow('prompts', []),
    allow('guardrails', ['core/']),
    allow('workflows', [
      'core/approval\\.ts$',
      'core/approval-signature\\.ts$',
      'core/sshsig\\.ts$',
      'core/workflow-contract\\.ts$',
      'core/anomaly-contract\\.ts$',
    ]),
    allow('activities', [
      'core/',
      'ingest/',
      'warehouse/',
      'detect/',
      'clouds/',
      'tools/',
      'agents/',
      'prompts/',
      'guardrails/',
      'approvals/',
      'audit/',
      'reports/',
    ]),
    // The Update and Query definitions are the workflow's public contract (docs/architecture.md).
    allow('approvals', ['core/', 'guardrails/', 'workflows/messages\\.ts$', 'workflows/anomaly-messages\\.ts$']),
    allow('audit', ['core/']),
    allow('reports', ['core/', 'warehouse/', 'audit/']),
    // The web console (docs/architecture.md): pages over the queue, the log and the reports; runtime/ wires it.
    // Like approvals/, it may name the AnomalyWorkflow's Query and Update: that workflow's public contract.
    allow('console', ['core/', 'guardrails/', 'approvals/', 'audit/', 'reports/', 'warehouse/', 'workflows/anomaly-messages\\.ts$']),
    // The composition root: config → providers, deps, workers. cli/ and evals/ sit on top of it.
    allow('runtime', [
      'core/',
      'ingest/',
      'warehouse/',
      'detect/',
      'clouds/',
      'tools/',
      'agents/',
      'prompts/',
      'guardrails/',
      'workflows/',
      'activities/',
      'approvals/',
      'audit/',
      'reports/',
      'console/',
    ]),
    {
      name: 'only-cli-tests-import-cli',
      comment: "evals/, bench/ and tests build workers through runtime/; only the CLI's own tests (test/cli/) load cli/",
      severity: 'error',
      from: { path: '^(evals|bench|test)/', pathNot: '^test/cli/' },
      to: { path: '^cli/' },
    },
    {
      name: 'workflows-stay-sandbox-safe',
      comment: 'workflow code runs in the Temporal sandbox: no Node built-ins, directly or through what it imports',
      severity: 'error',
      from: { path: '^workflows/' },
      to: {
        path: '^(node:)?(assert|buffer|child_process|crypto|dns|events|fs|fs/promises|http|https|net|os|path|process|stream|tls|url|util|worker_threads|zlib)$',
        reachable: true,
      },
    },
    {
      name: 'guardrails-are-pure',
      comment: 'guardrails/ does no I/O: no Node built-ins',
      severity: 'error',
      from: { path: '^guardrails/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-authorize-mints-tickets',
      comment: 'ExecutionTickets come from guardrails/authorize.ts alone',
      severity: 'error',
      from: { pathNot: ['^guardrails/authorize\\.ts$', '^core/ticket\\.ts$'] },
      to: { path: '^core/ticket-mint\\.ts$' },
    },
    {
      name: 'agents-and-tools-never-hold-a-mutating-cloud',
      comment: 'agents/ and tools/ see clouds only through the read-only CloudReader type',
      severity: 'error',
      from: { path: '^(agents|tools)/' },
      to: { path: '^clouds/(?!provider\\.ts$)' },
    },
    {
      name: 'cloud-sdks-only-in-clouds',
      comment: 'the cloud SDKs live only in clouds/',
      severity: 'error',
      from: { pathNot: ['^clouds/', '^test/', '^bench/'] },
      to: { path: 'node_modules/(@aws-sdk|@azure/arm-|@google-cloud/compute|@google-cloud/monitoring|@google-cloud/storage)' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.tollgate|\\.stryker-tmp|coverage|reports-out)/' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
