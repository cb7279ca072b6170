/**
 * The Postman collection shipped in docs/ (made by scripts/write-postman.mjs from the OpenAPI
 * document) has a request for every route the server documents, each sending the collection's
 * bearer token to {{baseUrl}}. Regenerate it with `npm run build && npm run postman`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { MemoryStatusBus } from './events/memory.js';
import { memoryQueues } from './queue/memory.js';
import { SqliteStore } from './store/sqlite.js';

interface Item {
  name: string;
  item?: Item[];
  request?: { method: string; url: { host: string[]; path: string[] }; auth?: unknown };
}

const collection = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/sonocode.postman_collection.json'), 'utf8')) as {
  item: Item[];
  variable: { key: string }[];
  auth: { type: string; bearer: { value: string }[] };
};

function requests(items: Item[]): Item[] {
  return items.flatMap((item) => (item.item ? requests(item.item) : [item]));
}

describe('docs/sonocode.postman_collection.json', () => {
  it('has a request for every route of the OpenAPI document, and no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-postman-test-'));
    const queues = memoryQueues({ attempts: 1, backoffMs: 1 });
    const store = new SqliteStore(join(dir, 'x.db'));
    const app = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: 'only-to-build-the-openapi-document', webRoot: null });
    await app.ready();
    const paths = app.swagger().paths as Record<string, Record<string, unknown>>;
    await app.close();
    await queues.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });

    const documented = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const collected = requests(collection.item).map((item) => `${item.request!.method} /${item.request!.url.path.join('/')}`);
    expect(collected.sort(), 'regenerate it: npm run build && npm run postman').toEqual(documented.sort());
  });

  it('sends every request to {{baseUrl}} with the {{bearerToken}} variable', () => {
    expect(collection.variable.map((variable) => variable.key).sort()).toEqual(['baseUrl', 'bearerToken']);
    expect(collection.auth).toMatchObject({ type: 'bearer', bearer: [{ value: '{{bearerToken}}' }] });
    for (const item of requests(collection.item)) {
      expect(item.request!.url.host).toEqual(['{{baseUrl}}']);
      // null: inherit the collection's auth
      expect(item.request!.auth ?? null).toBeNull();
    }
  });
});
