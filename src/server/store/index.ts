/**
 * The stores: one interface (types.ts), SQLite for one machine, MongoDB for many. Nothing here
 * knows HTTP, queues or sockets.
 */
import { MongoStore } from './mongo.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export * from './types.js';
export { MongoStore } from './mongo.js';
export { SqliteStore } from './sqlite.js';

/** Opens (and initialises) the store the configuration names: MongoDB when a URL is given, else SQLite. */
export async function openStore(options: { mongoUrl?: string; dbPath: string }): Promise<Store> {
  const store: Store = options.mongoUrl ? new MongoStore(options.mongoUrl) : new SqliteStore(options.dbPath);
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
