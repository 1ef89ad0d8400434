import { GcpOperationError } from './errors.js';

/** A zonal disk or a regional address: projects/{p}/zones/{z}/disks/{name}, projects/{p}/regions/{r}/addresses/{name}. */
export interface DiskRef {
  project: string;
  zone: string;
  disk: string;
}

export interface AddressRef {
  project: string;
  region: string;
  address: string;
}

const DISK_ID = /^projects\/([^/]+)\/zones\/([^/]+)\/disks\/([^/]+)$/;
const ADDRESS_ID = /^projects\/([^/]+)\/regions\/([^/]+)\/addresses\/([^/]+)$/;

export const isDiskId = (id: string) => DISK_ID.test(id);
export const isAddressId = (id: string) => ADDRESS_ID.test(id);

export function parseDiskId(id: string): DiskRef {
  const m = DISK_ID.exec(id);
  if (!m) throw new GcpOperationError('parse', id, 'not a zonal disk id (projects/{project}/zones/{zone}/disks/{name})');
  return { project: m[1]!, zone: m[2]!, disk: m[3]! };
}

export function parseAddressId(id: string): AddressRef {
  const m = ADDRESS_ID.exec(id);
  if (!m) throw new GcpOperationError('parse', id, 'not a regional address id (projects/{project}/regions/{region}/addresses/{name})');
  return { project: m[1]!, region: m[2]!, address: m[3]! };
}

export const diskId = (r: DiskRef) => `projects/${r.project}/zones/${r.zone}/disks/${r.disk}`;
export const addressId = (r: AddressRef) => `projects/${r.project}/regions/${r.region}/addresses/${r.address}`;
