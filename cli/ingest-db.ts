import { join } from 'node:path';
import { openWarehouse, type Warehouse } from '../warehouse/index.js';
import { runtimeConfig } from '../runtime/config.js';

/** The warehouse file: --db, else $TOLLGATE_HOME/warehouse.duckdb. */
export function warehousePath(db: string | undefined): string {
  return db ?? join(runtimeConfig().home, 'warehouse.duckdb');
}

export async function withWarehouse<T>(db: string | undefined, use: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(warehousePath(db));
  try {
    return await use(warehouse);
  } finally {
    warehouse.close();
  }
}
