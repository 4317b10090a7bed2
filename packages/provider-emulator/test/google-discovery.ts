import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Json, JsonObject } from './zoom-openapi';

// Google's published Calendar v3 discovery document, kept in the repository (specs/README.md).
const DISCOVERY_PATH = resolve(import.meta.dirname, '../specs/google-calendar-v3.discovery.json');

const discovery = JSON.parse(readFileSync(DISCOVERY_PATH, 'utf8')) as {
  schemas: Record<string, JsonObject>;
};

/**
 * Discovery schema -> JSON Schema: `$ref: "X"` points into definitions, annotations and
 * descriptions go, every object with listed properties is closed (unknown fields fail), and
 * `int64` strings must hold digits.
 */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (['id', 'description', 'annotations', 'default', 'enumDescriptions'].includes(key)) continue;
    if (key === '$ref') out.$ref = `#/definitions/${value}`;
    else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else out[key] = toJsonSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** A validator for a discovery schema, plus fields the answer must carry to be usable. */
export function discoveryValidator(name: string, requiredByUse: string[] = []) {
  const definitions = Object.fromEntries(
    Object.entries(discovery.schemas).map(([key, schema]) => [key, toJsonSchema(schema)]),
  );
  const root = { ...(definitions[name] as JsonObject), required: requiredByUse };
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('int64', /^-?\d+$/);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  return ajv.compile({ ...root, definitions });
}
