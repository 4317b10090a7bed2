import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';

// Zoom's published Meeting API description, kept in the repository (specs/README.md).
const SPEC_PATH = resolve(import.meta.dirname, '../specs/zoom-meeting-api.openapi.json');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

interface OpenApiOperation {
  responses: Record<string, { description?: string; content?: Record<string, { schema: Json }> }>;
}

export const zoomSpec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
};

export function operation(path: string, method: string): OpenApiOperation {
  const op = zoomSpec.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is missing from the spec`);
  return op;
}

/** The JSON response schema of an operation, converted to JSON Schema. */
export function responseSchema(path: string, method: string, status: string): JsonObject {
  const schema = operation(path, method).responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no ${status} JSON schema for ${method} ${path}`);
  return toJsonSchema(schema) as JsonObject;
}

/** OpenAPI 3.0 schema -> JSON Schema: `nullable` becomes a null type; annotations go. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'nullable' || key === 'deprecated' || key.startsWith('x-')) {
      continue;
    }
    out[key] = key === 'properties' ? mapValues(value, toJsonSchema) : toJsonSchema(value);
  }
  if (node.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

function mapValues(value: Json, fn: (v: Json) => Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)]));
}

/** Marks every object schema that lists properties as closed, so unknown fields fail. */
export function closed(node: Json): Json {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'properties' ? mapValues(value, closed) : closed(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** The fields real meeting answers carry beyond the 2022 description (RESP2020 in the research). */
export const MEETING_ANSWER_EXTRAS: JsonObject = {
  uuid: { type: 'string' },
  host_id: { type: 'string' },
  status: { type: 'string', enum: ['waiting', 'started'] },
  encrypted_password: { type: 'string' },
  pstn_password: { type: 'string' },
};

/** A validator of a meeting answer: the spec's schema closed, plus {@link MEETING_ANSWER_EXTRAS}. */
export function meetingAnswerValidator(path: string, method: string, status: string) {
  const schema = closed(responseSchema(path, method, status)) as JsonObject;
  return createValidator({
    ...schema,
    properties: { ...(schema.properties as JsonObject), ...MEETING_ANSWER_EXTRAS },
  });
}

export function createValidator(schema: Json) {
  // The published meeting schemas put `minimum` on string fields (password): keep every other
  // strict check, tolerate that one.
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  return ajv.compile(schema as AnySchema);
}
