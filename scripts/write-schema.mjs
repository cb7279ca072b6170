// Writes the JSON Schema for editors (schema/problem.schema.json) from the same zod source the
// loader validates with, so the two cannot drift apart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { problemJsonSchema } from '../dist/judge/problem/schema.js';

mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/problem.schema.json', import.meta.url), JSON.stringify(problemJsonSchema(), null, 2) + '\n');
