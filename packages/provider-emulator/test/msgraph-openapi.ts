import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type AnySchema } from 'ajv';
import addFormats from 'ajv-formats';
import { type Json, type JsonObject, toJsonSchema } from './zoom-openapi';

// Microsoft's published Graph v1.0 description (calendar subset), kept in the repository (specs/README.md).
const SPEC_PATH = resolve(import.meta.dirname, '../specs/msgraph-calendar-v1.0.openapi.json');

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  components: { schemas: Record<string, JsonObject> };
  paths: Record<string, Record<string, JsonObject>>;
};
const COMPONENT = '#/components/schemas/';

/** `$ref`s point into `definitions`. */
function relink(node: Json): Json {
  if (Array.isArray(node)) return node.map(relink);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? `#/definitions/${value.slice(COMPONENT.length)}`
        : key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relink(v)]))
          : relink(value);
  }
  return out;
}

/** Every property of a component, its `allOf` bases (entity, outlookItem, …) included. */
function propertiesOf(name: string): JsonObject {
  const schema = spec.components.schemas[name];
  if (!schema) throw new Error(`${name} is missing from the Graph description`);
  const parts = (schema.allOf as JsonObject[] | undefined) ?? [schema];
  const merged: JsonObject = {};
  for (const part of parts) {
    if (typeof part.$ref === 'string')
      Object.assign(merged, propertiesOf(part.$ref.slice(COMPONENT.length)));
    else Object.assign(merged, (part.properties as JsonObject | undefined) ?? {});
  }
  return merged;
}

/**
 * Graph component -> JSON Schema: `allOf` inheritance is flattened into one object, and every
 * object is closed (a field Graph does not describe fails) except for OData annotations
 * (`@odata.etag`, `@odata.context`, …); `nullable` becomes a null type.
 */
function componentSchema(name: string): Json {
  const schema = spec.components.schemas[name] as JsonObject;
  const isObject = schema.allOf !== undefined || schema.properties !== undefined;
  // "The structure of this object is service-specific" (InnerError): open, tests name its fields.
  if (!isObject && schema.type === 'object') return { type: 'object' };
  if (!isObject) return toJsonSchema(relink(schema));
  return {
    type: 'object',
    properties: toJsonSchema(relink(propertiesOf(name))),
    patternProperties: { '^@odata\\.': { type: 'string' } },
    additionalProperties: false,
  };
}

/** A validator for a Graph component (e.g. `microsoft.graph.event`) plus fields a use needs. */
export function graphValidator(name: string, requiredByUse: string[] = []) {
  const definitions = Object.fromEntries(
    Object.keys(spec.components.schemas).map((key) => [key, componentSchema(key)]),
  );
  const root = { ...(definitions[name] as JsonObject), required: requiredByUse };
  return compile({ ...root, definitions });
}

/** A validator for an operation's 2XX JSON answer (collections, getSchedule's `value`). */
export function graphResponseValidator(path: string, method: string, requiredByUse: string[] = []) {
  const operation = spec.paths[path]?.[method] as
    | { responses: Record<string, { $ref?: string; content?: Record<string, { schema: Json }> }> }
    | undefined;
  if (!operation)
    throw new Error(`${method.toUpperCase()} ${path} is missing from the Graph description`);
  let answer = operation.responses['2XX'];
  const ref = answer?.$ref;
  if (ref) {
    const responses = (spec.components as unknown as { responses: Record<string, typeof answer> })
      .responses;
    answer = responses[ref.slice('#/components/responses/'.length)];
  }
  const schema = answer?.content?.['application/json']?.schema as JsonObject | undefined;
  if (!schema) throw new Error(`no 2XX JSON schema for ${method} ${path}`);
  const definitions = Object.fromEntries(
    Object.keys(spec.components.schemas).map((key) => [key, componentSchema(key)]),
  );
  const converted = toJsonSchema(relink(schema)) as JsonObject;
  const root =
    typeof converted.$ref === 'string'
      ? (definitions[converted.$ref.slice('#/definitions/'.length)] as JsonObject)
      : {
          ...converted,
          patternProperties: { '^@odata\\.': { type: 'string' } },
          additionalProperties: false,
        };
  return compile({ ...root, required: requiredByUse, definitions });
}

function compile(schema: Json) {
  const ajv = new Ajv({
    strict: true,
    strictTypes: false,
    allErrors: true,
    allowMatchingProperties: true,
  });
  addFormats.default(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int16', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('base64url', /^[A-Za-z0-9_-]*=*$/);
  // Graph writes times of day without an offset (`09:00:00.0000000`); the pattern checks them.
  ajv.addFormat('time', /^\d{2}:\d{2}:\d{2}(\.\d+)?$/);
  return ajv.compile(schema as AnySchema);
}
