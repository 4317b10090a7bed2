import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Microsoft's Graph v1.0 description (Outlook-calendar subset), kept in the repository by the
// emulator (packages/provider-emulator/specs/README.md). The Outlook adapter's tests check
// every request they see against it.
const SPEC_PATH = resolve(
  import.meta.dirname,
  '../../provider-emulator/specs/msgraph-calendar-v1.0.openapi.json',
);

export interface OpenApiSchema {
  $ref?: string;
  allOf?: OpenApiSchema[];
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
}
interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: OpenApiSchema;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: OpenApiSchema }> };
  responses: Record<string, { content?: Record<string, { schema: OpenApiSchema }> }>;
}

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
};

function deref(schema: OpenApiSchema): OpenApiSchema | undefined {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return spec.components.schemas[name];
}

/**
 * The object schema with its `allOf` chain flattened: the properties of every part (an event is
 * entity + outlookItem + event).
 */
function flatten(schema: OpenApiSchema): OpenApiSchema | undefined {
  const resolved = deref(schema);
  if (!resolved?.allOf) return resolved;
  const properties: Record<string, OpenApiSchema> = { ...resolved.properties };
  for (const part of resolved.allOf) Object.assign(properties, flatten(part)?.properties);
  return { type: 'object', properties };
}

/**
 * Every way `value` breaks `schema`. Objects are treated as closed: a field the description does
 * not define is an error, although Graph's schemas say `additionalProperties: {type: object}`
 * (room for OData annotations, which the BFF never sends); so a misspelt field cannot pass.
 */
export function schemaErrors(schema: OpenApiSchema, value: unknown, at = ''): string[] {
  const resolved = flatten(schema);
  if (!resolved) return [`${at}: unknown schema ${schema.$ref}`];
  if (value === null) return resolved.nullable ? [] : [`${at}: null not allowed`];
  switch (resolved.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      return Object.entries(value).flatMap(([key, child]) => {
        const field = resolved.properties?.[key];
        return field ? schemaErrors(field, child, `${at}/${key}`) : [`${at}/${key}: unknown field`];
      });
    }
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => schemaErrors(resolved.items ?? {}, item, `${at}/${i}`))
        : [`${at}: not an array`];
    case 'string': {
      if (typeof value !== 'string') return [`${at}: not a string`];
      if (resolved.enum && !resolved.enum.includes(value)) return [`${at}: ${value} not allowed`];
      if (resolved.pattern && !new RegExp(resolved.pattern).test(value)) {
        return [`${at}: does not match ${resolved.pattern}`];
      }
      return [];
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || (resolved.type === 'integer' && !Number.isInteger(value))) {
        return [`${at}: not an ${resolved.type}`];
      }
      const inRange =
        (resolved.minimum === undefined || value >= resolved.minimum) &&
        (resolved.maximum === undefined || value <= resolved.maximum);
      return inRange ? [] : [`${at}: out of range`];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    default:
      return [`${at}: schema type ${resolved.type} not handled`];
  }
}

/** The operation whose method and path template match a request path (after the Graph base). */
export function graphOperation(method: string, path: string): OpenApiOperation | undefined {
  for (const [template, operations] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const operation = operations[method.toLowerCase()];
    if (operation && pattern.test(path)) return operation;
  }
  return undefined;
}

/** The JSON schema of an operation's success answer. */
function successSchema(operation: OpenApiOperation): OpenApiSchema | undefined {
  const answer = operation.responses['2XX'] ?? operation.responses['200'];
  return answer?.content?.['application/json']?.schema;
}

/**
 * Every way a request breaks the description: unknown path or method, a query parameter it
 * does not define (a `$select` naming a field the answer does not have), a body field or value
 * outside the request schema, a body where none is taken or none where one is required.
 */
export function graphRequestErrors(request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}): string[] {
  const operation = graphOperation(request.method, request.path);
  if (!operation) return [`${request.method} ${request.path}: not in the description`];
  const errors: string[] = [];
  for (const [name, value] of request.query) {
    const parameter = operation.parameters?.find((p) => p.in === 'query' && p.name === name);
    if (!parameter) {
      errors.push(`?${name}: not a parameter of ${request.method} ${request.path}`);
      continue;
    }
    if (name === '$select') {
      const answer = flatten(successSchema(operation) ?? {});
      for (const field of value.split(',')) {
        if (!answer?.properties?.[field]) errors.push(`?$select: ${field} is not a field`);
      }
    }
  }
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  if (request.body === undefined) {
    if (operation.requestBody?.required) errors.push(`${request.method}: body required`);
  } else if (!bodySchema) {
    errors.push(`${request.method} ${request.path}: takes no body`);
  } else {
    errors.push(...schemaErrors(bodySchema, request.body));
  }
  return errors;
}

/** Every way a success answer (as a fake sends it) breaks the operation's answer schema. */
export function graphAnswerErrors(method: string, path: string, body: unknown): string[] {
  const operation = graphOperation(method, path);
  const schema = operation && successSchema(operation);
  if (!schema) return [`${method} ${path}: no success schema`];
  return schemaErrors(schema, body);
}
