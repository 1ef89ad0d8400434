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
 *   GET   /subscriptions/{s}/providers/Microsoft.Compute/disks | /snapshots                  disks.list, snapshots.list
 *   GET | DELETE …/resourceGroups/{rg}/providers/Microsoft.Compute/disks/{d}             get, delete (409 while attached)
 *   GET | PUT | PATCH …/resourceGroups/{rg}/providers/Microsoft.Compute/snapshots/{n}   get, createOrUpdate (Copy of a disk), update (tags)
 *   GET   /subscriptions/{s}/providers/Microsoft.Network/publicIPAddresses                 listAll (Microsoft.Network 2024-05-01)
 *   GET | DELETE …/resourceGroups/{rg}/providers/Microsoft.Network/publicIPAddresses/{n} get, delete (400 while in use)
 *   GET   /subscriptions/{s}/providers/Microsoft.Network/locations/{l}/operations/{id}      async-operation status
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

export interface ArmDisk {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sku: string;
  sizeGiB: number;
  /** The VM id it is attached to; absent = Unattached. */
  managedBy?: string;
  tags: Record<string, string>;
}

export interface ArmSnapshot {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sourceResourceId: string;
  sizeGiB: number;
  tags: Record<string, string>;
}

export interface ArmPublicIp {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  ipAddress: string;
  sku: 'Basic' | 'Standard';
  /** The NIC IP configuration using it; absent = unassociated. */
  ipConfigurationId?: string;
  tags: Record<string, string>;
}

export interface ArmSize {
  name: string;
  numberOfCores: number;
  memoryInMB: number;
}

export interface ArmMutation {
  method: 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  operation: 'update' | 'deallocate' | 'start' | 'disks.delete' | 'snapshots.createOrUpdate' | 'snapshots.update' | 'publicIPAddresses.delete';
  /** The VM, disk, snapshot or public IP name. */
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
  disks: Map<string, ArmDisk>;
  snapshots: Map<string, ArmSnapshot>;
  publicIps: Map<string, ArmPublicIp>;
  mutations: ArmMutation[];
  /** How many times clients polled a long-running operation's status. */
  operationPolls(): number;
  /** Requests (any method, answered or refused) whose path names this subscription. */
  requestsTo(subscriptionId: string): number;
  /** Subscriptions (lower case) the token has no role assignment in: every request naming one gets ARM's 403 AuthorizationFailed. */
  forbidden: Set<string>;
  addVm(vm: Omit<ArmVm, 'version' | 'tags' | 'inPlaceSizes'> & Partial<Pick<ArmVm, 'tags' | 'inPlaceSizes'>>): string;
  addDisk(disk: Omit<ArmDisk, 'tags'> & Partial<Pick<ArmDisk, 'tags'>>): string;
  addPublicIp(ip: Omit<ArmPublicIp, 'tags'> & Partial<Pick<ArmPublicIp, 'tags'>>): string;
  stop(): Promise<void>;
}

const COMPUTE_API = '2026-03-01';

type Scoped = { subscriptionId: string; resourceGroup: string; name: string };
const armId = (r: Scoped, type: string) => `/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/${type}/${r.name}`;

function diskBody(d: ArmDisk): unknown {
  return {
    id: armId(d, 'Microsoft.Compute/disks'),
    name: d.name,
    type: 'Microsoft.Compute/disks',
    location: d.location,
    tags: d.tags,
    sku: { name: d.sku, tier: d.sku.startsWith('Premium') ? 'Premium' : 'Standard' },
    ...(d.managedBy ? { managedBy: d.managedBy } : {}),
    properties: {
      creationData: { createOption: 'Empty' },
      diskSizeGB: d.sizeGiB,
      diskState: d.managedBy ? 'Attached' : 'Unattached',
      provisioningState: 'Succeeded',
      timeCreated: '2026-01-02T10:00:00Z',
    },
  };
}

function snapshotBody(s: ArmSnapshot, provisioningState = 'Succeeded'): unknown {
  return {
    id: armId(s, 'Microsoft.Compute/snapshots'),
    name: s.name,
    type: 'Microsoft.Compute/snapshots',
    location: s.location,
    tags: s.tags,
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    properties: {
      creationData: { createOption: 'Copy', sourceResourceId: s.sourceResourceId },
      diskSizeGB: s.sizeGiB,
      incremental: false,
      provisioningState,
      timeCreated: '2026-01-20T10:00:00Z',
    },
  };
}

function publicIpBody(ip: ArmPublicIp): unknown {
  return {
    id: armId(ip, 'Microsoft.Network/publicIPAddresses'),
    name: ip.name,
    type: 'Microsoft.Network/publicIPAddresses',
    location: ip.location,
    tags: ip.tags,
    etag: 'W/"1"',
    sku: { name: ip.sku, tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      ipAddress: ip.ipAddress,
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: ip.sku === 'Standard' ? 'Static' : 'Dynamic',
      idleTimeoutInMinutes: 4,
      ...(ip.ipConfigurationId ? { ipConfiguration: { id: ip.ipConfigurationId } } : {}),
    },
  };
}

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
  const disks = new Map<string, ArmDisk>();
  const snapshots = new Map<string, ArmSnapshot>();
  const publicIps = new Map<string, ArmPublicIp>();
  const mutations: ArmMutation[] = [];
  const operations = new Map<string, AsyncOperation>();
  let base = '';
  let polls = 0;
  const perSubscription = new Map<string, number>();
  const forbidden = new Set<string>();

  const vmKey = (sub: string, rg: string, name: string) => `${sub}/${rg}/${name}`.toLowerCase();

  /** Headers of a started long-running operation. PUT/PATCH answer with Azure-AsyncOperation only (the final GET is the resource itself); POST adds Location. */
  function startOperation(
    vm: { subscriptionId: string; location: string },
    kind: 'patch' | 'post',
    run: () => { code: string; message: string } | undefined,
    namespace = 'Microsoft.Compute',
  ) {
    const op: AsyncOperation = { id: randomUUID(), pollsBeforeDone: 1, status: 'InProgress' };
    const error = run();
    if (error) op.error = error;
    operations.set(op.id, op);
    const url = `${base}/subscriptions/${vm.subscriptionId}/providers/${namespace}/locations/${vm.location}/operations/${op.id}?api-version=${COMPUTE_API}`;
    const headers: Record<string, string> = { 'azure-asyncoperation': url, 'retry-after': '0' };
    if (kind === 'post') headers.location = `${url}&monitor=true`;
    return headers;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const named = /\/subscriptions\/([^/?]+)/i.exec(req.url ?? '')?.[1]?.toLowerCase();
    if (named) perSubscription.set(named, (perSubscription.get(named) ?? 0) + 1);
    if (req.headers.authorization !== `Bearer ${token}`) return armError(res, 401, 'AuthenticationFailed', 'missing or wrong bearer token');
    if (named && forbidden.has(named)) {
      // ARM's wording: the action is the resource type's read (or write) permission.
      const type = /\/providers\/(Microsoft\.\w+\/\w+)/i.exec(req.url ?? '')?.[1] ?? 'Microsoft.Resources/subscriptions';
      const verb = req.method === 'GET' ? 'read' : 'write';
      return armError(
        res,
        403,
        'AuthorizationFailed',
        `The client '00000000-0000-0000-0000-00000000c11e' with object id '00000000-0000-0000-0000-00000000c11e' does not have authorization to perform action '${type}/${verb}' over scope '/subscriptions/${named}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    // Collapse '//' first: the monitor SDK joins '/{resourceUri}' where the id already starts with '/'.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), base);
    const path = url.pathname.replace(/\/{2,}/g, '/');
    if (!url.searchParams.get('api-version'))
      return armError(res, 400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    const method = req.method ?? 'GET';

    const op = /^\/subscriptions\/[^/]+\/providers\/Microsoft\.(?:Compute|Network)\/locations\/[^/]+\/operations\/([^/]+)$/i.exec(path);
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

    const orphanRoute = await handleStorageAndAddresses(req, res, path, method);
    if (orphanRoute) return;

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

  /** Managed disks, snapshots and public IPs; true when the path was one of theirs. */
  async function handleStorageAndAddresses(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<boolean> {
    const list = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.(Compute\/disks|Compute\/snapshots|Network\/publicIPAddresses)$/i.exec(path);
    if (list && method === 'GET') {
      const sub = list[1]!;
      const type = list[2]!.toLowerCase();
      const value =
        type === 'compute/disks'
          ? [...disks.values()].filter((d) => d.subscriptionId === sub).map(diskBody)
          : type === 'compute/snapshots'
            ? [...snapshots.values()].filter((x) => x.subscriptionId === sub).map((x) => snapshotBody(x))
            : [...publicIps.values()].filter((ip) => ip.subscriptionId === sub).map(publicIpBody);
      send(res, 200, { value });
      return true;
    }
    const one =
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.(Compute\/disks|Compute\/snapshots|Network\/publicIPAddresses)\/([^/]+)$/i.exec(
        path,
      );
    if (!one) return false;
    const [sub, rg, type, name] = [one[1]!, one[2]!, one[3]!.toLowerCase(), one[4]!];
    const key = vmKey(sub, rg, name);
    const notFound = (what: string) => armError(res, 404, 'ResourceNotFound', `The Resource '${what}/${name}' under resource group '${rg}' was not found.`);

    if (type === 'compute/disks') {
      const disk = disks.get(key);
      if (!disk) return (notFound('Microsoft.Compute/disks'), true);
      if (method === 'GET') return (send(res, 200, diskBody(disk)), true);
      if (method === 'DELETE') {
        if (disk.managedBy) return (armError(res, 409, 'OperationNotAllowed', `Disk ${name} is attached to VM ${disk.managedBy}.`), true);
        mutations.push({ method: 'DELETE', operation: 'disks.delete', vm: name });
        disks.delete(key);
        return (
          send(
            res,
            202,
            undefined,
            startOperation(disk, 'post', () => undefined),
          ),
          true
        );
      }
    }
    if (type === 'compute/snapshots') {
      const snapshot = snapshots.get(key);
      if (method === 'GET') return (snapshot ? send(res, 200, snapshotBody(snapshot)) : notFound('Microsoft.Compute/snapshots'), true);
      if (method === 'PUT') {
        const body = (await readBody(req)) as {
          location?: string;
          tags?: Record<string, string>;
          properties?: { creationData?: { createOption?: string; sourceResourceId?: string } };
        };
        const source = body?.properties?.creationData?.sourceResourceId ?? '';
        const sourceDisk = [...disks.values()].find((d) => armId(d, 'Microsoft.Compute/disks').toLowerCase() === source.toLowerCase());
        if (body?.properties?.creationData?.createOption !== 'Copy' || !sourceDisk)
          return (armError(res, 400, 'InvalidParameter', `creationData.sourceResourceId ${source || '(none)'} is not an existing disk to copy.`), true);
        mutations.push({ method: 'PUT', operation: 'snapshots.createOrUpdate', vm: name, body });
        const created: ArmSnapshot = {
          subscriptionId: sub,
          resourceGroup: rg,
          name,
          location: body.location ?? sourceDisk.location,
          sourceResourceId: source,
          sizeGiB: sourceDisk.sizeGiB,
          tags: { ...(body.tags ?? {}) },
        };
        snapshots.set(key, created);
        const headers = startOperation(created, 'patch', () => undefined);
        return (send(res, snapshot ? 200 : 201, snapshotBody(created, 'Creating'), headers), true);
      }
      if (method === 'PATCH') {
        if (!snapshot) return (notFound('Microsoft.Compute/snapshots'), true);
        const body = (await readBody(req)) as { tags?: Record<string, string> } | undefined;
        mutations.push({ method: 'PATCH', operation: 'snapshots.update', vm: name, body });
        if (body?.tags) snapshot.tags = { ...body.tags };
        return (
          send(
            res,
            200,
            snapshotBody(snapshot, 'Updating'),
            startOperation(snapshot, 'patch', () => undefined),
          ),
          true
        );
      }
    }
    if (type === 'network/publicipaddresses') {
      const ip = publicIps.get(key);
      if (!ip) return (notFound('Microsoft.Network/publicIPAddresses'), true);
      if (method === 'GET') return (send(res, 200, publicIpBody(ip)), true);
      if (method === 'DELETE') {
        if (ip.ipConfigurationId)
          return (
            armError(
              res,
              400,
              'PublicIPAddressInUse',
              `Public IP address ${path} can not be deleted since it is still allocated to resource ${ip.ipConfigurationId}.`,
            ),
            true
          );
        mutations.push({ method: 'DELETE', operation: 'publicIPAddresses.delete', vm: name });
        publicIps.delete(key);
        return (
          send(
            res,
            202,
            undefined,
            startOperation(ip, 'post', () => undefined, 'Microsoft.Network'),
          ),
          true
        );
      }
    }
    armError(res, 405, 'MethodNotAllowed', `${method} ${path}`);
    return true;
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
    disks,
    snapshots,
    publicIps,
    mutations,
    operationPolls: () => polls,
    requestsTo: (subscriptionId) => perSubscription.get(subscriptionId.toLowerCase()) ?? 0,
    forbidden,
    addVm(input) {
      const vm: ArmVm = { tags: {}, inPlaceSizes: [], ...input, version: 1 };
      vms.set(vmKey(vm.subscriptionId, vm.resourceGroup, vm.name), vm);
      return vmResourceId(vm);
    },
    addDisk(input) {
      const disk: ArmDisk = { tags: {}, ...input };
      disks.set(vmKey(disk.subscriptionId, disk.resourceGroup, disk.name), disk);
      return armId(disk, 'Microsoft.Compute/disks');
    },
    addPublicIp(input) {
      const ip: ArmPublicIp = { tags: {}, ...input };
      publicIps.set(vmKey(ip.subscriptionId, ip.resourceGroup, ip.name), ip);
      return armId(ip, 'Microsoft.Network/publicIPAddresses');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
