import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A loopback Compute Engine + Cloud Monitoring REST server for the libraries' REST transport,
 * shaped from the published discovery documents (compute/v1, monitoring/v3):
 *   GET  /compute/v1/projects/{p}/aggregated/instances
 *   GET  /compute/v1/projects/{p}/zones/{z}/instances/{i}
 *   POST /compute/v1/projects/{p}/zones/{z}/instances/{i}/stop | start | setMachineType | setMetadata   (?requestId=)
 *   GET  /compute/v1/projects/{p}/zones/{z}/machineTypes/{t}
 *   GET  /compute/v1/projects/{p}/zones/{z}/operations/{op}, POST …/operations/{op}/wait
 *   GET  /v3/projects/{p}/timeSeries   (filter on metric.type and resource.labels.instance_id; one series per metric-label set)
 *   GET  /compute/v1/projects/{p}/aggregated/disks, GET | DELETE …/zones/{z}/disks/{d}, POST …/disks/{d}/createSnapshot
 *   GET  /compute/v1/projects/{p}/global/snapshots/{s}
 *   GET  /compute/v1/projects/{p}/aggregated/addresses, GET | DELETE …/regions/{r}/addresses/{a}
 *   GET  /compute/v1/projects/{p}/regions/{r}/operations/{op}, POST …/operations/{op}/wait
 * Operations report RUNNING once, then DONE. A repeated requestId returns the first call's
 * operation and changes nothing, as GCE does. setMachineType on a RUNNING instance fails like
 * GCE's (the instance must be stopped); setMetadata checks the fingerprint.
 */
export interface GceInstance {
  project: string;
  zone: string;
  name: string;
  id: string;
  machineType: string;
  status: 'RUNNING' | 'TERMINATED';
  labels: Record<string, string>;
  metadata: { key: string; value: string }[];
  fingerprint: number;
}

export interface GcePoint {
  at: string;
  value: number;
  /** Metric labels, e.g. { loadbalanced: 'false' } on network byte counters. */
  labels?: Record<string, string>;
}

export interface GceDisk {
  project: string;
  zone: string;
  name: string;
  type: string;
  sizeGb: number;
  /** Instance names using it; empty = unattached. */
  users: string[];
  labels: Record<string, string>;
}

export interface GceSnapshot {
  project: string;
  name: string;
  sourceDisk: string;
  description: string;
  labels: Record<string, string>;
  creationTimestamp: string;
}

export interface GceAddress {
  project: string;
  region: string;
  name: string;
  address: string;
  addressType: 'EXTERNAL' | 'INTERNAL';
  status: 'RESERVED' | 'IN_USE';
  users: string[];
}

export interface GceMutation {
  method: 'stop' | 'start' | 'setMachineType' | 'setMetadata' | 'createSnapshot' | 'deleteDisk' | 'deleteAddress';
  /** The instance, disk or address name. */
  instance: string;
  requestId?: string;
}

export interface GceServer {
  apiEndpoint: string;
  port: number;
  token: string;
  instances: Map<string, GceInstance>;
  disks: Map<string, GceDisk>;
  snapshots: Map<string, GceSnapshot>;
  addresses: Map<string, GceAddress>;
  machineTypes: Set<string>;
  /** metric type → numeric instance id → hourly points; points with different metric labels form separate series */
  series: Map<string, Map<string, GcePoint[]>>;
  /** Every timeSeries.list asked: metric type and per-series aligner. */
  timeSeriesQueries: { type: string; aligner: string }[];
  /** Mutations that changed state (repeated requestIds are not counted). */
  mutations: GceMutation[];
  operationPolls(): number;
  /** Requests (any method, answered or refused) whose path names this project. */
  requestsTo(project: string): number;
  /** Projects the token's principal has no role in: every request naming one gets GCE's 403 forbidden. */
  forbidden: Set<string>;
  addInstance(input: Pick<GceInstance, 'project' | 'zone' | 'name' | 'machineType' | 'status'> & Partial<Pick<GceInstance, 'labels'>>): GceInstance;
  addDisk(input: Omit<GceDisk, 'labels' | 'users'> & Partial<Pick<GceDisk, 'labels' | 'users'>>): string;
  addAddress(input: Omit<GceAddress, 'users' | 'status' | 'addressType'> & Partial<Pick<GceAddress, 'users' | 'status' | 'addressType'>>): string;
  stop(): Promise<void>;
}

const HOST = 'https://www.googleapis.com/compute/v1';
/** google.monitoring.v3.Aggregation.Aligner numbers (monitoring/v3 common.proto) for the ones Tollgate asks for. */
const ALIGNERS: Record<string, string> = { '0': 'ALIGN_NONE', '1': 'ALIGN_DELTA', '2': 'ALIGN_RATE', '12': 'ALIGN_MEAN' };

function instanceBody(i: GceInstance): unknown {
  return {
    kind: 'compute#instance',
    id: i.id,
    name: i.name,
    creationTimestamp: '2026-01-05T02:00:00.000-08:00',
    zone: `${HOST}/projects/${i.project}/zones/${i.zone}`,
    machineType: `${HOST}/projects/${i.project}/zones/${i.zone}/machineTypes/${i.machineType}`,
    status: i.status,
    labels: i.labels,
    metadata: { kind: 'compute#metadata', fingerprint: String(i.fingerprint), items: i.metadata },
    selfLink: `${HOST}/projects/${i.project}/zones/${i.zone}/instances/${i.name}`,
  };
}

function diskBody(d: GceDisk): unknown {
  return {
    kind: 'compute#disk',
    id: String(d.name.length * 7919),
    name: d.name,
    creationTimestamp: '2026-01-02T02:00:00.000-08:00',
    sizeGb: String(d.sizeGb),
    zone: `${HOST}/projects/${d.project}/zones/${d.zone}`,
    status: 'READY',
    type: `${HOST}/projects/${d.project}/zones/${d.zone}/diskTypes/${d.type}`,
    labels: d.labels,
    ...(d.users.length ? { users: d.users.map((u) => `${HOST}/projects/${d.project}/zones/${d.zone}/instances/${u}`) } : {}),
    selfLink: `${HOST}/projects/${d.project}/zones/${d.zone}/disks/${d.name}`,
  };
}

function snapshotBody(s: GceSnapshot): unknown {
  return {
    kind: 'compute#snapshot',
    name: s.name,
    description: s.description,
    sourceDisk: s.sourceDisk,
    labels: s.labels,
    status: 'READY',
    creationTimestamp: s.creationTimestamp,
    selfLink: `${HOST}/projects/${s.project}/global/snapshots/${s.name}`,
  };
}

function addressBody(a: GceAddress): unknown {
  return {
    kind: 'compute#address',
    name: a.name,
    address: a.address,
    addressType: a.addressType,
    status: a.status,
    region: `${HOST}/projects/${a.project}/regions/${a.region}`,
    ...(a.users.length ? { users: a.users } : {}),
    selfLink: `${HOST}/projects/${a.project}/regions/${a.region}/addresses/${a.name}`,
  };
}

interface Operation {
  body: Record<string, unknown>;
  pollsBeforeDone: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function gceError(res: ServerResponse, status: number, reason: string, message: string): void {
  send(res, status, { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startGceServer(options: { token?: string } = {}): Promise<GceServer> {
  const token = options.token ?? 'loopback-static-token';
  const instances = new Map<string, GceInstance>();
  const disks = new Map<string, GceDisk>();
  const snapshots = new Map<string, GceSnapshot>();
  const addresses = new Map<string, GceAddress>();
  const machineTypes = new Set<string>();
  const series: GceServer['series'] = new Map();
  const timeSeriesQueries: GceServer['timeSeriesQueries'] = [];
  const mutations: GceMutation[] = [];
  const operations = new Map<string, Operation>();
  const byRequestId = new Map<string, Record<string, unknown>>();
  let polls = 0;
  let nextId = 1000;
  const perProject = new Map<string, number>();
  const forbidden = new Set<string>();
  const key = (p: string, z: string, n: string) => `${p}/${z}/${n}`;

  function operation(i: GceInstance, kind: string, error?: { code: string; message: string }): Record<string, unknown> {
    return scopedOperation(i.project, `zones/${i.zone}`, `instances/${i.name}`, kind, error);
  }

  /** An operation in a zone or region scope ('zones/us-central1-a', 'regions/us-central1'). */
  function scopedOperation(project: string, scope: string, target: string, kind: string, error?: { code: string; message: string }): Record<string, unknown> {
    const name = `operation-${randomUUID()}`;
    const [scopeKind] = scope.split('/');
    const body: Record<string, unknown> = {
      kind: 'compute#operation',
      id: String(nextId++),
      name,
      [scopeKind === 'zones' ? 'zone' : 'region']: `${HOST}/projects/${project}/${scope}`,
      operationType: kind,
      targetLink: `${HOST}/projects/${project}/${scope}/${target}`,
      status: 'RUNNING',
      progress: 0,
      insertTime: new Date().toISOString(),
      ...(error ? { error: { errors: [error] } } : {}),
    };
    operations.set(name, { body, pollsBeforeDone: 1 });
    return body;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const named = /\/projects\/([^/?]+)/.exec(req.url ?? '')?.[1];
    if (named) perProject.set(named, (perProject.get(named) ?? 0) + 1);
    if (req.headers.authorization !== `Bearer ${token}`) return gceError(res, 401, 'required', 'Request is missing required authentication credential.');
    if (named && forbidden.has(named)) {
      // GCE's wording names the permission: compute.<collection>.list for a listing.
      const collection = /\/(?:aggregated\/)?(\w+)(?:\?|$)/.exec(req.url ?? '')?.[1] ?? 'instances';
      const permission = `compute.${collection}.${req.method === 'GET' ? 'list' : 'update'}`;
      return gceError(res, 403, 'forbidden', `Required '${permission}' permission for 'projects/${named}'`);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'GET' && /^\/v3\/projects\/[^/]+\/timeSeries$/.test(path)) {
      const filter = url.searchParams.get('filter') ?? '';
      const type = /metric\.type\s*=\s*"([^"]+)"/.exec(filter)?.[1] ?? '';
      const instanceId = /resource\.labels\.instance_id\s*=\s*"([^"]+)"/.exec(filter)?.[1] ?? '';
      const from = Date.parse(url.searchParams.get('interval.startTime') ?? '');
      const to = Date.parse(url.searchParams.get('interval.endTime') ?? '');
      // Proto3 JSON takes an enum by name or number; the REST transport sends the number.
      const rawAligner = url.searchParams.get('aggregation.perSeriesAligner') ?? '';
      const aligner = ALIGNERS[rawAligner] ?? rawAligner;
      timeSeriesQueries.push({ type, aligner });
      const points = (series.get(type)?.get(instanceId) ?? []).filter((p) => Date.parse(p.at) >= from && Date.parse(p.at) < to);
      if (points.length === 0) return send(res, 200, {});
      const byLabels = new Map<string, GcePoint[]>();
      for (const p of points) {
        const labels = JSON.stringify(p.labels ?? {});
        byLabels.set(labels, [...(byLabels.get(labels) ?? []), p]);
      }
      // Byte counters are DELTA metrics: an aligned rate comes back as a DOUBLE GAUGE, as Monitoring answers.
      return send(res, 200, {
        timeSeries: [...byLabels].map(([labels, group]) => ({
          metric: { type, labels: JSON.parse(labels) as Record<string, string> },
          resource: { type: 'gce_instance', labels: { instance_id: instanceId } },
          metricKind: 'GAUGE',
          valueType: 'DOUBLE',
          points: group.map((p) => ({ interval: { startTime: p.at, endTime: p.at }, value: { doubleValue: p.value } })),
        })),
      });
    }

    const aggregated = /^\/compute\/v1\/projects\/([^/]+)\/aggregated\/instances$/.exec(path);
    if (aggregated && method === 'GET') {
      const items: Record<string, unknown> = {};
      for (const i of instances.values()) {
        if (i.project !== aggregated[1]) continue;
        const scope = `zones/${i.zone}`;
        const list = ((items[scope] as { instances: unknown[] } | undefined) ?? { instances: [] }).instances;
        list.push(instanceBody(i));
        items[scope] = { instances: list };
      }
      return send(res, 200, { kind: 'compute#instanceAggregatedList', id: `projects/${aggregated[1]}/aggregated/instances`, items });
    }

    const machineType = /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/machineTypes\/([^/]+)$/.exec(path);
    if (machineType && method === 'GET') {
      if (!machineTypes.has(machineType[3]!))
        return gceError(res, 404, 'notFound', `The resource 'projects/${machineType[1]}/zones/${machineType[2]}/machineTypes/${machineType[3]}' was not found`);
      return send(res, 200, { kind: 'compute#machineType', name: machineType[3], zone: machineType[2] });
    }

    const storage = await handleDisksAndAddresses(req, res, url, path, method);
    if (storage) return;

    const op = /^\/compute\/v1\/projects\/[^/]+\/(?:zones|regions)\/[^/]+\/operations\/([^/]+?)(\/wait)?$/.exec(path);
    if (op && ((method === 'GET' && !op[2]) || (method === 'POST' && op[2]))) {
      polls += 1;
      const found = operations.get(op[1]!);
      if (!found) return gceError(res, 404, 'notFound', `operation ${op[1]} not found`);
      if (found.body.status === 'RUNNING' && found.pollsBeforeDone-- <= 0)
        Object.assign(found.body, { status: 'DONE', progress: 100, endTime: new Date().toISOString() });
      return send(res, 200, found.body);
    }

    const target = /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/instances\/([^/]+?)(?:\/(stop|start|setMachineType|setMetadata))?$/.exec(path);
    if (!target) return gceError(res, 404, 'notFound', `no route for ${method} ${path}`);
    const instance = instances.get(key(target[1]!, target[2]!, target[3]!));
    if (!instance) return gceError(res, 404, 'notFound', `The resource 'projects/${target[1]}/zones/${target[2]}/instances/${target[3]}' was not found`);
    const verb = target[4] as GceMutation['method'] | undefined;
    if (!verb && method === 'GET') return send(res, 200, instanceBody(instance));
    if (!verb || method !== 'POST') return gceError(res, 405, 'methodNotAllowed', `${method} ${path}`);

    const requestId = url.searchParams.get('requestId') ?? undefined;
    const body = await readJson(req);
    if (requestId && byRequestId.has(requestId)) return send(res, 200, byRequestId.get(requestId));
    if (verb === 'setMachineType') {
      const wanted =
        String(body.machineType ?? '')
          .split('/')
          .at(-1) ?? '';
      if (instance.status !== 'TERMINATED')
        return gceError(
          res,
          400,
          'resourceNotReady',
          `The resource 'projects/${instance.project}/zones/${instance.zone}/instances/${instance.name}' is not ready`,
        );
      if (!machineTypes.has(wanted))
        return gceError(res, 400, 'invalid', `Invalid value for field 'resource.machineType': '${String(body.machineType)}'. Machine type does not exist.`);
      instance.machineType = wanted;
    } else if (verb === 'setMetadata') {
      if (String(body.fingerprint ?? '') !== String(instance.fingerprint))
        return gceError(res, 412, 'conditionNotMet', 'Supplied fingerprint does not match current metadata fingerprint.');
      instance.metadata = ((body.items as { key: string; value: string }[] | undefined) ?? []).map((i) => ({ key: i.key, value: i.value }));
      instance.fingerprint += 1;
    } else {
      instance.status = verb === 'stop' ? 'TERMINATED' : 'RUNNING';
    }
    mutations.push({ method: verb, instance: instance.name, ...(requestId ? { requestId } : {}) });
    const answer = operation(instance, verb);
    if (requestId) byRequestId.set(requestId, answer);
    return send(res, 200, answer);
  }

  /** Disks, snapshots and addresses; true when the path was one of theirs. */
  async function handleDisksAndAddresses(req: IncomingMessage, res: ServerResponse, url: URL, path: string, method: string): Promise<boolean> {
    const aggregated = /^\/compute\/v1\/projects\/([^/]+)\/aggregated\/(disks|addresses)$/.exec(path);
    if (aggregated && method === 'GET') {
      const [project, kind] = [aggregated[1]!, aggregated[2]!];
      const items: Record<string, Record<string, unknown[]>> = {};
      const put = (scope: string, body: unknown) => {
        items[scope] ??= { [kind]: [] };
        items[scope][kind]!.push(body);
      };
      if (kind === 'disks') for (const d of disks.values()) if (d.project === project) put(`zones/${d.zone}`, diskBody(d));
      if (kind === 'addresses') for (const a of addresses.values()) if (a.project === project) put(`regions/${a.region}`, addressBody(a));
      send(res, 200, { kind: `compute#${kind === 'disks' ? 'disk' : 'address'}AggregatedList`, items });
      return true;
    }
    const snapshot = /^\/compute\/v1\/projects\/([^/]+)\/global\/snapshots\/([^/]+)$/.exec(path);
    if (snapshot && method === 'GET') {
      const found = snapshots.get(`${snapshot[1]}/${snapshot[2]}`);
      if (found) send(res, 200, snapshotBody(found));
      else gceError(res, 404, 'notFound', `The resource 'projects/${snapshot[1]}/global/snapshots/${snapshot[2]}' was not found`);
      return true;
    }
    const disk = /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/disks\/([^/]+?)(\/createSnapshot)?$/.exec(path);
    const address = /^\/compute\/v1\/projects\/([^/]+)\/regions\/([^/]+)\/addresses\/([^/]+)$/.exec(path);
    const match = disk ?? address;
    if (!match) return false;
    const [project, location, name] = [match[1]!, match[2]!, match[3]!];
    const id = key(project, location, name);
    const what = disk ? `projects/${project}/zones/${location}/disks/${name}` : `projects/${project}/regions/${location}/addresses/${name}`;
    const requestId = url.searchParams.get('requestId') ?? undefined;
    const body = await readJson(req);
    if (method !== 'GET' && requestId && byRequestId.has(requestId)) return (send(res, 200, byRequestId.get(requestId)), true);
    const d = disk ? disks.get(id) : undefined;
    const a = address ? addresses.get(id) : undefined;
    if (!d && !a) return (gceError(res, 404, 'notFound', `The resource '${what}' was not found`), true);
    const answer = (verb: GceMutation['method'], scope: string, target: string) => {
      mutations.push({ method: verb, instance: name, ...(requestId ? { requestId } : {}) });
      const op = scopedOperation(project, scope, target, verb);
      if (requestId) byRequestId.set(requestId, op);
      send(res, 200, op);
      return true;
    };
    if (d) {
      if (method === 'GET' && !disk![4]) return (send(res, 200, diskBody(d)), true);
      if (method === 'POST' && disk![4]) {
        const snapshotName = String(body.name ?? '');
        if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(snapshotName))
          return (gceError(res, 400, 'invalid', `Invalid value for field 'resource.name': '${snapshotName}'.`), true);
        if (snapshots.has(`${project}/${snapshotName}`))
          return (gceError(res, 409, 'alreadyExists', `The resource 'projects/${project}/global/snapshots/${snapshotName}' already exists`), true);
        snapshots.set(`${project}/${snapshotName}`, {
          project,
          name: snapshotName,
          sourceDisk: `${HOST}/${what}`,
          description: String(body.description ?? ''),
          labels: (body.labels as Record<string, string> | undefined) ?? {},
          creationTimestamp: new Date().toISOString(),
        });
        return answer('createSnapshot', `zones/${location}`, `disks/${name}`);
      }
      if (method === 'DELETE') {
        if (d.users.length)
          return (gceError(res, 400, 'resourceInUseByAnotherResource', `The disk resource '${what}' is already being used by '${d.users[0]}'`), true);
        disks.delete(id);
        return answer('deleteDisk', `zones/${location}`, `disks/${name}`);
      }
    }
    if (a) {
      if (method === 'GET') return (send(res, 200, addressBody(a)), true);
      if (method === 'DELETE') {
        if (a.status === 'IN_USE')
          return (gceError(res, 400, 'resourceInUseByAnotherResource', `The address resource '${what}' is already being used by '${a.users[0] ?? ''}'`), true);
        addresses.delete(id);
        return answer('deleteAddress', `regions/${location}`, `addresses/${name}`);
      }
    }
    gceError(res, 405, 'methodNotAllowed', `${method} ${path}`);
    return true;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => gceError(res, 500, 'backendError', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    apiEndpoint: '127.0.0.1',
    port,
    token,
    instances,
    disks,
    snapshots,
    addresses,
    machineTypes,
    series,
    timeSeriesQueries,
    mutations,
    operationPolls: () => polls,
    requestsTo: (project) => perProject.get(project) ?? 0,
    forbidden,
    addInstance(input) {
      const instance: GceInstance = { labels: {}, ...input, id: String(nextId++), metadata: [], fingerprint: 1 };
      instances.set(key(input.project, input.zone, input.name), instance);
      return instance;
    },
    addDisk(input) {
      disks.set(key(input.project, input.zone, input.name), { labels: {}, users: [], ...input });
      return `projects/${input.project}/zones/${input.zone}/disks/${input.name}`;
    },
    addAddress(input) {
      const users = input.users ?? [];
      addresses.set(key(input.project, input.region, input.name), {
        addressType: 'EXTERNAL',
        status: users.length ? 'IN_USE' : 'RESERVED',
        ...input,
        users,
      });
      return `projects/${input.project}/regions/${input.region}/addresses/${input.name}`;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
