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

export interface GceMutation {
  method: 'stop' | 'start' | 'setMachineType' | 'setMetadata';
  instance: string;
  requestId?: string;
}

export interface GceServer {
  apiEndpoint: string;
  port: number;
  token: string;
  instances: Map<string, GceInstance>;
  machineTypes: Set<string>;
  /** metric type → numeric instance id → hourly points; points with different metric labels form separate series */
  series: Map<string, Map<string, GcePoint[]>>;
  /** Every timeSeries.list asked: metric type and per-series aligner. */
  timeSeriesQueries: { type: string; aligner: string }[];
  /** Mutations that changed state (repeated requestIds are not counted). */
  mutations: GceMutation[];
  operationPolls(): number;
  addInstance(input: Pick<GceInstance, 'project' | 'zone' | 'name' | 'machineType' | 'status'> & Partial<Pick<GceInstance, 'labels'>>): GceInstance;
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
  const machineTypes = new Set<string>();
  const series: GceServer['series'] = new Map();
  const timeSeriesQueries: GceServer['timeSeriesQueries'] = [];
  const mutations: GceMutation[] = [];
  const operations = new Map<string, Operation>();
  const byRequestId = new Map<string, Record<string, unknown>>();
  let polls = 0;
  let nextId = 1000;
  const key = (p: string, z: string, n: string) => `${p}/${z}/${n}`;

  function operation(i: GceInstance, kind: string, error?: { code: string; message: string }): Record<string, unknown> {
    const name = `operation-${randomUUID()}`;
    const body: Record<string, unknown> = {
      kind: 'compute#operation',
      id: String(nextId++),
      name,
      zone: `${HOST}/projects/${i.project}/zones/${i.zone}`,
      operationType: kind,
      targetLink: `${HOST}/projects/${i.project}/zones/${i.zone}/instances/${i.name}`,
      status: 'RUNNING',
      progress: 0,
      insertTime: new Date().toISOString(),
      ...(error ? { error: { errors: [error] } } : {}),
    };
    operations.set(name, { body, pollsBeforeDone: 1 });
    return body;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${token}`) return gceError(res, 401, 'required', 'Request is missing required authentication credential.');
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

    const op = /^\/compute\/v1\/projects\/[^/]+\/zones\/[^/]+\/operations\/([^/]+?)(\/wait)?$/.exec(path);
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
    machineTypes,
    series,
    timeSeriesQueries,
    mutations,
    operationPolls: () => polls,
    addInstance(input) {
      const instance: GceInstance = { labels: {}, ...input, id: String(nextId++), metadata: [], fingerprint: 1 };
      instances.set(key(input.project, input.zone, input.name), instance);
      return instance;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
