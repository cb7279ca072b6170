// Writes docs/sonocode.postman_collection.json: the API's OpenAPI document (the one the server
// serves at /openapi.json, made from the same zod schemas) converted by Postman's own converter
// (openapi-to-postmanv2), a folder per tag, every request with example bodies. Run after
// `npm run build`: `npm run postman`. A unit test (src/server/postman.test.ts) keeps the file in
// step with the routes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import converter from 'openapi-to-postmanv2';
import { buildApp } from '../dist/server/app.js';
import { MemoryStatusBus } from '../dist/server/events/memory.js';
import { memoryQueues } from '../dist/server/queue/memory.js';
import { SqliteStore } from '../dist/server/store/sqlite.js';

const folder = mkdtempSync(join(tmpdir(), 'sonocode-postman-'));
const queues = memoryQueues({ attempts: 1, backoffMs: 1 });
const store = new SqliteStore(join(folder, 'openapi.db'));
const app = await buildApp({ store, queues, bus: new MemoryStatusBus(), adminToken: 'only-to-build-the-openapi-document', webRoot: null });
await app.ready();
const openapi = { ...app.swagger(), servers: [{ url: 'http://127.0.0.1:3000', description: 'sonocode serve (the default address)' }] };
await app.close();
await queues.close();
await store.close();
rmSync(folder, { recursive: true, force: true });

const converted = await new Promise((resolve, reject) =>
  converter.convertV2(
    { type: 'json', data: openapi },
    { folderStrategy: 'Tags', requestNameSource: 'Fallback', parametersResolution: 'Example', schemaFaker: false, alwaysInheritAuthentication: true },
    (error, result) => (error ? reject(error) : result.result ? resolve(result.output[0].data) : reject(new Error(result.reason))),
  ),
);

// Ids the converter makes at random, and its saved example responses (values faked at random),
// would change the file at each run; the requests are what a user tries.
const stable = JSON.parse(JSON.stringify(converted), (key, value) => {
  if (key === 'id' || key === '_postman_id') return undefined;
  if (key === 'response' && Array.isArray(value)) return [];
  return value;
});
// The import route takes the file itself: Postman sends it as a binary body (pick the file).
const walk = (items) => items.flatMap((item) => (item.item ? walk(item.item) : [item]));
for (const item of walk(stable.item)) {
  if (item.request.url.path.join('/') !== 'api/v1/problems/import') continue;
  item.request.body = { mode: 'file', file: { src: '' } };
  item.request.header = [{ key: 'Content-Type', value: 'application/zip', description: 'application/zip for a package, application/yaml for a YAML file' }];
}
stable.info = {
  ...stable.info,
  description:
    'The sonocode server API (docs/api.md). Set the collection variables: baseUrl (http://127.0.0.1:3000 by default) and ' +
    'bearerToken (the admin token for problems and users; a user token for submissions and runs). Live status is on the WebSocket /ws.',
};
stable.variable = [
  { key: 'baseUrl', value: 'http://127.0.0.1:3000', type: 'string' },
  { key: 'bearerToken', value: '', type: 'string' },
];
stable.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{bearerToken}}', type: 'string' }] };
writeFileSync(new URL('../docs/sonocode.postman_collection.json', import.meta.url), `${JSON.stringify(stable, null, 2)}\n`);
console.log('wrote docs/sonocode.postman_collection.json');
