import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loopbackCertificate } from './self-signed-cert.js';

/**
 * A loopback Azure Resource Manager that implements the REST operations @azure/arm-compute and
 * @azure/arm-monitor call, shaped from the published specs (Microsoft.Compute 2026-03-01,
 * Microsoft.Insights metrics 2018-01-01):
 *   GET   /subscriptions/{s}/providers/Microsoft.Compute/virtualMachines                 listAll
 *   GET   /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines       list
 *   GET   …/virtualMachines/{vm}[?$expand=instanceView]                                    get
 *   PATCH …/virtualMachines/{vm}   (If-Match honoured)  200 + Azure-AsyncOperation          update
 *   POST  …/virtualMachines/{vm}/deallocate | /start     202 + Azure-AsyncOperation + Location
 *   GET   …/virtualMachines/{vm}/vmSizes                                                   listAvailableSizes
 *   GET   /subscriptions/{s}/providers/Microsoft.Compute/locations/{l}/operations/{id}      async-operation status
 *   GET   /{resourceUri}/providers/Microsoft.Insights/metrics                              metrics list (Average, Total)
 * Every long-running operation reports InProgress once before Succeeded, so the SDK's poller
 * really polls. Requests without the expected bearer token get 401; without api-version, 400.
 */
export interface ArmVm {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  vmSize: string;
  power: 'running' | 'deallocated';
  tags: Record<string, string>;
  /** Sizes the VM's current hardware cluster can resize to while running; others need a deallocation first. */
  inPlaceSizes: string[];
  version: number;
}

export interface ArmMetricPoint {
  timeStamp: string;
  average?: number;
  total?: number;
}

export interface ArmSize {
  name: string;
  numberOfCores: number;
  memoryInMB: number;
}

export interface ArmMutation {
  method: 'PATCH' | 'POST';
  operation: 'update' | 'deallocate' | 'start';
  vm: string;
  body?: unknown;
}

interface AsyncOperation {
  id: string;
  pollsBeforeDone: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  error?: { code: string; message: string };
}

export interface ArmServer {
  endpoint: string;
  /** PEM of the server's self-signed certificate: give it to the client as tlsOptions.ca. */
  ca: string;
  token: string;
  vms: Map<string, ArmVm>;
  sizes: Record<string, ArmSize[]>;
  /** resource id (lower case) → metric name → hourly points (average for gauges, total for counters such as Network In Total) */
  metrics: Map<string, Map<string, ArmMetricPoint[]>>;
  mutations: ArmMutation[];
  /** How many times clients polled a long-running operation's status. */
  operationPolls(): number;
  addVm(vm: Omit<ArmVm, 'version' | 'tags' | 'inPlaceSizes'> & Partial<Pick<ArmVm, 'tags' | 'inPlaceSizes'>>): string;
  stop(): Promise<void>;
}

const COMPUTE_API = '2026-03-01';

export function vmResourceId(vm: Pick<ArmVm, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;
}

function vmBody(vm: ArmVm, withInstanceView: boolean): unknown {
  return {
    id: vmResourceId(vm),
    name: vm.name,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.location,
    tags: vm.tags,
    etag: `"${vm.version}"`,
    properties: {
      vmId: `00000000-0000-0000-0000-${String(vm.name.length).padStart(12, '0')}`,
      hardwareProfile: { vmSize: vm.vmSize },
      provisioningState: 'Succeeded',
      timeCreated: '2026-01-05T10:00:00Z',
      ...(withInstanceView
        ? {
            instanceView: {
              statuses: [
                { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
                { code: `PowerState/${vm.power}`, level: 'Info', displayStatus: vm.power === 'running' ? 'VM running' : 'VM deallocated' },
              ],
            },
          }
        : {}),
    },
  };
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-ms-request-id': randomUUID(), ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function armError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, { error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startArmServer(options: { token?: string } = {}): Promise<ArmServer> {
  const { key, cert } = loopbackCertificate();
  const token = options.token ?? 'loopback-static-token';
  const vms = new Map<string, ArmVm>();
  const sizes: Record<string, ArmSize[]> = {};
  const metrics: ArmServer['metrics'] = new Map();
  const mutations: ArmMutation[] = [];
  const operations = new Map<string, AsyncOperation>();
  let base = '';
  let polls = 0;

  const vmKey = (sub: string, rg: string, name: string) => `${sub}/${rg}/${name}`.toLowerCase();

  /** Headers of a started long-running operation. PUT/PATCH answer with Azure-AsyncOperation only (the final GET is the resource itself); POST adds Location. */
  function startOperation(vm: ArmVm, kind: 'patch' | 'post', run: () => { code: string; message: string } | undefined) {
    const op: AsyncOperation = { id: randomUUID(), pollsBeforeDone: 1, status: 'InProgress' };
    const error = run();
    if (error) op.error = error;
    operations.set(op.id, op);
    const url = `${base}/subscriptions/${vm.subscriptionId}/providers/Microsoft.Compute/locations/${vm.location}/operations/${op.id}?api-version=${COMPUTE_API}`;
    const headers: Record<string, string> = { 'azure-asyncoperation': url, 'retry-after': '0' };
    if (kind === 'post') headers.location = `${url}&monitor=true`;
    return headers;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${token}`) return armError(res, 401, 'AuthenticationFailed', 'missing or wrong bearer token');
    // Collapse '//' first: the monitor SDK joins '/{resourceUri}' where the id already starts with '/'.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), base);
    const path = url.pathname.replace(/\/{2,}/g, '/');
    if (!url.searchParams.get('api-version'))
      return armError(res, 400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    const method = req.method ?? 'GET';

    const op = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/locations\/[^/]+\/operations\/([^/]+)$/i.exec(path);
    if (op && method === 'GET') {
      polls += 1;
      const found = operations.get(op[1]!);
      if (!found) return armError(res, 404, 'NotFound', `operation ${op[1]} not found`);
      if (found.status === 'InProgress' && found.pollsBeforeDone-- <= 0) found.status = found.error ? 'Failed' : 'Succeeded';
      const monitor = url.searchParams.get('monitor') === 'true';
      if (monitor) return found.status === 'InProgress' ? send(res, 202, undefined, { location: url.toString(), 'retry-after': '0' }) : send(res, 200);
      return send(res, 200, { name: found.id, status: found.status, startTime: '2026-01-05T10:00:00Z', ...(found.error ? { error: found.error } : {}) });
    }

    const metric = /^(\/subscriptions\/.+)\/providers\/Microsoft\.Insights\/metrics$/i.exec(path);
    if (metric && method === 'GET') {
      const names = (url.searchParams.get('metricnames') ?? '').split(',').filter(Boolean);
      const [from, to] = (url.searchParams.get('timespan') ?? '/').split('/').map((t) => Date.parse(t ?? ''));
      const byName = metrics.get(metric[1]!.toLowerCase()) ?? new Map<string, ArmMetricPoint[]>();
      // Each point carries only the aggregations asked for, as Azure Monitor answers.
      const asked = (url.searchParams.get('aggregation') ?? 'Average').split(',').map((a) => a.trim().toLowerCase());
      const shaped = (p: ArmMetricPoint) => ({
        timeStamp: p.timeStamp,
        ...(asked.includes('average') && p.average !== undefined ? { average: p.average } : {}),
        ...(asked.includes('total') && p.total !== undefined ? { total: p.total } : {}),
      });
      return send(res, 200, {
        cost: 0,
        timespan: url.searchParams.get('timespan'),
        interval: url.searchParams.get('interval') ?? 'PT1H',
        namespace: 'Microsoft.Compute/virtualMachines',
        resourceregion: 'eastus',
        value: names.map((name) => ({
          id: `${metric[1]}/providers/Microsoft.Insights/metrics/${name}`,
          type: 'Microsoft.Insights/metrics',
          name: { value: name, localizedValue: name },
          unit: name === 'Percentage CPU' ? 'Percent' : 'Bytes',
          timeseries: [
            {
              metadatavalues: [],
              data: (byName.get(name) ?? []).filter((p) => Date.parse(p.timeStamp) >= from! && Date.parse(p.timeStamp) < to!).map(shaped),
            },
          ],
        })),
      });
    }

    const listAll = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines$/i.exec(path);
    if (listAll && method === 'GET')
      return send(res, 200, { value: [...vms.values()].filter((v) => v.subscriptionId === listAll[1]).map((v) => vmBody(v, false)) });
    const list = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines$/i.exec(path);
    if (list && method === 'GET') {
      return send(res, 200, {
        value: [...vms.values()]
          .filter((v) => v.subscriptionId === list[1] && v.resourceGroup.toLowerCase() === list[2]!.toLowerCase())
          .map((v) => vmBody(v, false)),
      });
    }

    const one =
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)(\/(deallocate|start|vmSizes))?$/i.exec(path);
    if (!one) return armError(res, 404, 'NotFound', `no route for ${method} ${path}`);
    const vm = vms.get(vmKey(one[1]!, one[2]!, one[3]!));
    if (!vm)
      return armError(
        res,
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.Compute/virtualMachines/${one[3]}' under resource group '${one[2]}' was not found.`,
      );
    const sub = one[5]?.toLowerCase();

    if (!sub && method === 'GET') return send(res, 200, vmBody(vm, url.searchParams.get('$expand')?.toLowerCase() === 'instanceview'));
    if (sub === 'vmsizes' && method === 'GET') {
      const all = sizes[vm.location] ?? [];
      const offered = vm.power === 'running' ? all.filter((s) => vm.inPlaceSizes.includes(s.name)) : all;
      return send(res, 200, { value: offered.map((s) => ({ ...s, maxDataDiskCount: 4, osDiskSizeInMB: 1047552, resourceDiskSizeInMB: 0 })) });
    }
    if (!sub && method === 'PATCH') {
      const ifMatch = req.headers['if-match'];
      if (ifMatch && ifMatch !== '*' && ifMatch !== `"${vm.version}"`)
        return armError(res, 412, 'PreconditionFailed', `etag ${ifMatch} does not match the current ${vm.version}`);
      const body = (await readBody(req)) as { tags?: Record<string, string>; properties?: { hardwareProfile?: { vmSize?: string } } } | undefined;
      const target = body?.properties?.hardwareProfile?.vmSize;
      if (target && target !== vm.vmSize) {
        if (!(sizes[vm.location] ?? []).some((s) => s.name === target))
          return armError(res, 400, 'InvalidParameter', `The requested VM size ${target} is not available in ${vm.location}.`);
        if (vm.power === 'running' && !vm.inPlaceSizes.includes(target)) {
          return armError(
            res,
            409,
            'OperationNotAllowed',
            `Unable to resize the VM '${vm.name}' to ${target} because the requested size is not available in the cluster where the VM is allocated. Deallocate the VM and retry.`,
          );
        }
      }
      mutations.push({ method: 'PATCH', operation: 'update', vm: vm.name, body });
      if (target) vm.vmSize = target;
      if (body?.tags) vm.tags = { ...body.tags };
      vm.version += 1;
      return send(
        res,
        200,
        { ...(vmBody(vm, false) as object), properties: { hardwareProfile: { vmSize: vm.vmSize }, provisioningState: 'Updating' } },
        startOperation(vm, 'patch', () => undefined),
      );
    }
    if ((sub === 'deallocate' || sub === 'start') && method === 'POST') {
      mutations.push({ method: 'POST', operation: sub, vm: vm.name });
      const headers = startOperation(vm, 'post', () => {
        vm.power = sub === 'deallocate' ? 'deallocated' : 'running';
        vm.version += 1;
        return undefined;
      });
      return send(res, 202, undefined, headers);
    }
    return armError(res, 405, 'MethodNotAllowed', `${method} ${path}`);
  }

  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => armError(res, 500, 'InternalServerError', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    endpoint: base,
    ca: cert,
    token,
    vms,
    sizes,
    metrics,
    mutations,
    operationPolls: () => polls,
    addVm(input) {
      const vm: ArmVm = { tags: {}, inPlaceSizes: [], ...input, version: 1 };
      vms.set(vmKey(vm.subscriptionId, vm.resourceGroup, vm.name), vm);
      return vmResourceId(vm);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
