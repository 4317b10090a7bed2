import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import {
  isProblem,
  type ProblemCode,
  problemTypes,
  providerPaths,
  type RouteDefinition,
  routes,
} from '@ats-zoom/contract';
import { signZoomWebhook } from '@ats-zoom/provider-emulator';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type Harness,
  HOST_ORIGIN,
  runConnect,
  startHarness,
  tenantAUser,
  WEBHOOK_SECRET,
} from './harness';
import { freshSchema, postgresUrl, storeEngines } from './postgres';
import { openSqliteFile } from './sqlite-file';

/**
 * Every route of the contract's table, the OAuth popup pages and the webhook, sent malformed
 * and hostile requests over real HTTP: nothing answers 5xx, every error is problem+json with a
 * registered code (the popup's own errors are its HTML page), and a refused request writes no
 * row in any table.
 */

const engines = await storeEngines('fuzz.test.ts');

const SEED = 20_260_501;
/** Requests per target (route, popup page, webhook) and store engine. */
const RUNS_PER_TARGET = 60;

const recruiter = tenantAUser('Rina', 'recruiter', 'u-recruiter');
const interviewer = tenantAUser('Ivan', 'interviewer');

type TargetKind = 'json' | 'popup' | 'webhook';

interface Target {
  name: string;
  method: string;
  path: string;
  kind: TargetKind;
  /** Query names the target reads. */
  queryKeys: string[];
  /** Body fields the target reads. */
  bodyKeys: string[];
}

function keysOf(schema: z.ZodType | null): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

const routeTargets: Target[] = Object.entries(routes).map(
  ([name, route]: [string, RouteDefinition]) => ({
    name,
    method: route.method,
    path: route.path,
    kind: 'json',
    queryKeys: keysOf(route.query),
    bodyKeys: keysOf(route.body),
  }),
);

/** The paths outside the route table; a new one fails here until the fuzz knows its kind. */
const providerTargets: Target[] = Object.entries(providerPaths).map(([name, path]) => {
  const base = { name, path, bodyKeys: [] };
  if (name.endsWith('OAuthStart')) {
    return { ...base, method: 'GET', kind: 'popup', queryKeys: ['attempt', 'ticket'] };
  }
  if (name.endsWith('OAuthCallback')) {
    return { ...base, method: 'GET', kind: 'popup', queryKeys: ['state', 'code', 'error'] };
  }
  if (name.endsWith('Webhook')) {
    return {
      ...base,
      method: 'POST',
      kind: 'webhook',
      queryKeys: [],
      bodyKeys: ['event', 'event_ts', 'payload'],
    };
  }
  throw new Error(`providerPaths.${name}: tell fuzz.test.ts what kind of path this is`);
});

const targets = [...routeTargets, ...providerTargets];

// ---------------------------------------------------------------------------------------------
// Inputs

const BAD_ESCAPES = [
  '%ff',
  '%',
  '%zz',
  '%f',
  '%80',
  '%fe%ff',
  // Overlong UTF-8 for '/' (2, 3 and 4 bytes) and a lone surrogate.
  '%c0%af',
  '%e0%80%af',
  '%f0%80%80%af',
  '%ed%a0%80',
  // A 3-byte sequence cut short.
  '%e3%81',
];
/** Well-formed, but hostile once decoded. */
const NASTY_ESCAPES = ['%00', '%25', '%2f', '%2e%2e', '%5c', '%0d%0a', '%ef%bb%bf'];
/** Characters a request-target may carry raw (Node refuses others before Express sees them). */
const RAW_CHARS = [...'ABZabz0189-._~!$\'()*,;:@"<>[]{}|^`+'];
const NAMES = [
  'x1',
  'me',
  'zoom',
  'google',
  'teams',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '..',
  '.',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  'NaN',
  'true',
];
const PLAUSIBLE_QUERY_VALUES = [
  '2030-01-20T01:00:00.000Z',
  '2030-01-20T10:00:00%2B09:00',
  '30',
  '0',
  '100000',
  'true',
  'false',
  'single',
  'bulk',
  'Asia%2FTokyo',
];

const percentEncoded = (bytes: Uint8Array) =>
  [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** A piece of a path segment or query value, as it goes on the wire. */
const textPiece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_ESCAPES) },
  // Random bytes, mostly not UTF-8.
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 48 }).map(percentEncoded) },
  // Any characters, correctly encoded.
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'binary', minLength: 1, maxLength: 24 })
      .map((text) => percentEncoded(Buffer.from(text, 'utf8'))),
  },
  {
    weight: 2,
    arbitrary: fc.string({ unit: fc.constantFrom(...RAW_CHARS), minLength: 1, maxLength: 24 }),
  },
);
const piece = fc.oneof(
  { weight: 3, arbitrary: textPiece },
  { weight: 1, arbitrary: fc.tuple(textPiece, textPiece).map(([a, b]) => a + b) },
);
/** A path parameter: a piece, a real id of the store, or a huge id. */
const paramArb = (realIds: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: piece },
    { weight: 1, arbitrary: fc.constantFrom(...realIds) },
    { weight: 1, arbitrary: fc.integer({ min: 101, max: 6_000 }).map((n) => 'a'.repeat(n)) },
  );

const queryArb = (keys: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...keys, '__proto__', 'constructor', '__proto__[role]', 'a[b][c]', ''),
          piece,
        ),
        fc.oneof(piece, fc.constantFrom('', ...PLAUSIBLE_QUERY_VALUES)),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));

const DEEP_BODIES = [
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  // Under the 16 KB limit, so the parser and the schemas see them.
  `${'['.repeat(8_000)}${']'.repeat(8_000)}`,
  `${'{"a":'.repeat(2_500)}null${'}'.repeat(2_500)}`,
];
const PROTO_BODIES = [
  '{"__proto__":{"role":"recruiter","tid":"tenant-b"}}',
  '{"constructor":{"prototype":{"role":"recruiter"}}}',
  '{"__proto__":null}',
  '{"topic":"x","__proto__":{"topic":"y"}}',
  '[{"__proto__":{}}]',
  '{"calendar":{"__proto__":{"attendees":[]}},"constructor":1}',
  '{"event":"app_deauthorized","payload":{"__proto__":{"user_id":"x"}}}',
];
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('x1', '2030-01-20T01:00:00.000Z', 30, true, 'Asia/Tokyo', '', null),
);

/** A body: JSON of every shape, hostile keys, deep nesting, bytes, or too much. */
const bodyArb = (keys: string[]) =>
  fc.oneof(
    fc.constant('{}'),
    fc
      .dictionary(
        fc.oneof(fc.constantFrom(...keys, '__proto__', 'constructor'), fc.string({ maxLength: 8 })),
        jsonValue,
        { maxKeys: 8 },
      )
      .map((value) => JSON.stringify(value)),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.constantFrom(...DEEP_BODIES, ...PROTO_BODIES),
    fc.string({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 256 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: 17_000, max: 140_000 }).map((n) => JSON.stringify({ pad: 'x'.repeat(n) })),
  );

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=x-unknown',
  'application/json;;;=',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '*/*',
  'garbage',
  '',
];
const CONTENT_ENCODINGS = ['gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'];
const AUTHS = ['none', 'recruiter', 'interviewer', 'garbage', 'huge', 'basic', 'latin1'] as const;
/** Header values Node lets through: tab, printable ASCII and Latin-1. */
const headerValue = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((code) => code !== 0x7f)
    .map((code) => String.fromCharCode(code)),
  maxLength: 64,
});

const requestArb = (target: Target, realIds: string[]) =>
  fc.record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant(target.method) },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') },
    ),
    params: fc.array(paramArb(realIds), {
      minLength: paramNames(target.path).length,
      maxLength: paramNames(target.path).length,
    }),
    query: fc.option(queryArb(target.queryKeys), { nil: undefined, freq: 2 }),
    auth: fc.constantFrom(...AUTHS),
    contentType: fc.oneof(
      { weight: 4, arbitrary: fc.constant('application/json') },
      { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    contentEncoding: fc.option(fc.constantFrom(...CONTENT_ENCODINGS), {
      nil: undefined,
      freq: 4,
    }),
    compress: fc.boolean(),
    body: fc.option(bodyArb(target.bodyKeys), { nil: undefined, freq: 4 }),
    idempotencyKey: fc.option(
      fc.oneof(
        headerValue,
        fc.integer({ min: 200, max: 3_000 }).map((n) => 'k'.repeat(n)),
      ),
      { nil: undefined },
    ),
    requestId: fc.option(headerValue, { nil: undefined }),
    origin: fc.constantFrom(HOST_ORIGIN, 'https://evil.example', 'null', undefined),
    signed: fc.boolean(),
  });

type FuzzInput = ReturnType<typeof requestArb> extends fc.Arbitrary<infer T> ? T : never;

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] as string);
}

interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function toWire(
  target: Target,
  input: FuzzInput,
  tokens: Record<(typeof AUTHS)[number], string | undefined>,
  nowSeconds: number,
): WireRequest {
  let index = 0;
  const path = target.path.replace(/:([A-Za-z0-9_]+)/g, () => input.params[index++] ?? '');
  const headers: Record<string, string> = {};
  const token = tokens[input.auth];
  if (token !== undefined) headers.authorization = token;
  if (input.origin) headers.origin = input.origin;
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  if (input.idempotencyKey !== undefined) headers['idempotency-key'] = input.idempotencyKey;
  if (input.requestId !== undefined) headers['x-request-id'] = input.requestId;
  let body: Buffer | undefined;
  if (input.body !== undefined) {
    const plain = Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body, 'utf8');
    body = plain;
    if (input.contentEncoding !== undefined) {
      headers['content-encoding'] = input.contentEncoding;
      if (input.compress && input.contentEncoding === 'gzip') body = gzipSync(plain);
      if (input.compress && input.contentEncoding === 'deflate') body = deflateSync(plain);
    }
    if (target.kind === 'webhook' && input.signed && typeof input.body === 'string') {
      headers['x-zm-request-timestamp'] = String(nowSeconds);
      headers['x-zm-signature'] = signZoomWebhook(WEBHOOK_SECRET, nowSeconds, input.body);
    }
    headers['content-length'] = String(body.length);
  }
  return {
    method: input.method,
    path: input.query === undefined ? path : `${path}?${input.query}`,
    headers,
    ...(body ? { body } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The wire and the tables

interface WireAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request exactly as built (node:http sends the path and headers as given). */
function send(agent: http.Agent, baseUrl: string, request: WireRequest): Promise<WireAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * One client on one address sends about a thousand requests a minute here: far over the
 * BFF's limits, which this test is not about. They still run, at sizes it never reaches.
 */
const unlimited = {
  perIp: { limit: 1_000_000, windowSeconds: 60 },
  writesPerUser: { limit: 1_000_000, windowSeconds: 60 },
  rendersPerUser: { limit: 1_000_000, windowSeconds: 60 },
  oauthStartsPerUser: { limit: 1_000_000, windowSeconds: 60 },
  oauthPopupStartsPerIp: { limit: 1_000_000, windowSeconds: 60 },
};

interface RowCounter {
  /** Rows per table of the store, every table included. */
  count(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

async function sqliteRowCounter(path: string): Promise<RowCounter> {
  const db = await openSqliteFile(path);
  const tables = db
    .all<{ name: string }>(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
    )
    .map((row) => row.name);
  return {
    async count() {
      return Object.fromEntries(
        tables.map((table) => [
          table,
          db.all<{ n: number }>(`select count(*) as n from "${table}"`)[0]?.n ?? -1,
        ]),
      );
    },
    async close() {
      db.close();
    },
  };
}

async function postgresRowCounter(schema: string): Promise<RowCounter> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'",
    [schema],
  );
  // Not data: the rate limit counters count every request, refused ones above all (their rows
  // come and go with the keys; rate-limits.test.ts covers them).
  const dataTables = rows.filter(({ table_name }) => table_name !== 'rate_limits');
  const query = dataTables
    .map(
      ({ table_name }) =>
        `select '${table_name}' as t, count(*)::int as n from "${schema}"."${table_name}"`,
    )
    .join(' union all ');
  return {
    async count() {
      const result = await client.query<{ t: string; n: number }>(query);
      return Object.fromEntries(result.rows.map((row) => [row.t, row.n]));
    },
    close: () => client.end(),
  };
}

// ---------------------------------------------------------------------------------------------

interface Figures {
  requests: number;
  statuses: Map<number, number>;
  /** Problem codes seen, with how often. */
  codes: Map<string, number>;
}

for (const engine of engines) {
  describe(`every route under hostile input (${engine})`, () => {
    let h: Harness;
    let rows: RowCounter;
    let folder: string | undefined;
    let agent: http.Agent;
    const tokens: Record<(typeof AUTHS)[number], string | undefined> = {
      none: undefined,
      recruiter: undefined,
      interviewer: undefined,
      garbage: 'Bearer abc.def.ghi',
      huge: `Bearer ${'A'.repeat(6_000)}`,
      basic: 'Basic dXNlcjpwYXNz',
      latin1: 'Bearer \xff\xfe.\xe9',
    };
    /** Ids that exist, so some requests get past validation into the use cases. */
    const realIds: string[] = [];

    beforeAll(async () => {
      if (engine === 'postgres') {
        const schema = freshSchema('fuzz');
        h = await startHarness({ postgres: { url: postgresUrl, schema }, rateLimits: unlimited });
        rows = await postgresRowCounter(schema);
      } else {
        folder = mkdtempSync(join(tmpdir(), 'ats-zoom-fuzz-'));
        const sqlitePath = join(folder, 'store.sqlite');
        h = await startHarness({ sqlitePath, rateLimits: unlimited });
        rows = await sqliteRowCounter(sqlitePath);
      }
      agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      tokens.recruiter = `Bearer ${await h.token(recruiter)}`;
      tokens.interviewer = `Bearer ${await h.token(interviewer)}`;
      await runConnect(h, recruiter, h.emulator.zoom.seeded.personal);
      const me = await h.api('GET', '/v1/connections/me', { user: recruiter });
      const started = await h.api('POST', '/v1/connections/zoom/authorize', {
        user: recruiter,
        body: {},
      });
      realIds.push(me.json.zoom.id, started.json.attemptId);
    });
    afterAll(async () => {
      agent?.destroy();
      await rows?.close();
      await h?.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    /** Sends one request and checks the answer; a refused request must leave every table as it was. */
    async function sendAndCheck(
      target: Target,
      request: WireRequest,
      figures: Figures,
    ): Promise<WireAnswer> {
      const before = await rows.count();
      const answer = await send(agent, h.bffUrl, request);
      figures.requests += 1;
      figures.statuses.set(answer.status, (figures.statuses.get(answer.status) ?? 0) + 1);
      const label = `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(
        request.headers,
      ).slice(0, 300)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
      // Node answers some requests itself (e.g. headers over its size limit): those never
      // reach the BFF, and the inputs above are kept inside what reaches it.
      expect(answer.headers['x-request-id'], `did not reach the BFF: ${label}`).toBeDefined();
      expect(answer.status, label).toBeLessThan(500);
      if (answer.status < 400) return answer;
      const type = answer.headers['content-type'] ?? '';
      if (target.kind === 'popup' && type.startsWith('text/html')) {
        // The popup's own error page, for a person to read.
        expect(answer.status, label).toBe(400);
      } else {
        expect(type, label).toMatch(/^application\/problem\+json/);
        const problem: unknown = JSON.parse(answer.text);
        expect(isProblem(problem), label).toBe(true);
        const { code, status } = problem as { code: ProblemCode; status: number };
        expect([status, problemTypes[code].status], label).toEqual([answer.status, answer.status]);
        figures.codes.set(code, (figures.codes.get(code) ?? 0) + 1);
      }
      expect(await rows.count(), `a refused request wrote rows: ${label}`).toEqual(before);
      return answer;
    }

    it('when %ff is in any path parameter of any route, then 400 malformed_request, with or without a host token, and nothing is written', async () => {
      const figures: Figures = { requests: 0, statuses: new Map(), codes: new Map() };
      const withParams = targets.filter((target) => paramNames(target.path).length > 0);
      expect(withParams.length).toBeGreaterThan(0);
      for (const target of withParams) {
        const names = paramNames(target.path);
        for (const bad of names) {
          const path = target.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) =>
            name === bad ? '%ff' : 'x1',
          );
          for (const authorization of [undefined, tokens.recruiter]) {
            const answer = await sendAndCheck(
              target,
              {
                method: target.method,
                path,
                headers: {
                  origin: HOST_ORIGIN,
                  ...(authorization ? { authorization } : {}),
                  'content-type': 'application/json',
                  'idempotency-key': 'k-1',
                  'content-length': '2',
                },
                body: Buffer.from('{}'),
              },
              figures,
            );
            expect([target.name, bad, answer.status, JSON.parse(answer.text).code]).toEqual([
              target.name,
              bad,
              400,
              'malformed_request',
            ]);
          }
        }
      }
      expect([...figures.codes.keys()]).toEqual(['malformed_request']);
    }, 30_000);

    it('when random, malformed and hostile requests hit every route, the popup and the webhook, then none answers 5xx, every error is a registered problem and refused requests write nothing', async () => {
      const figures: Figures = { requests: 0, statuses: new Map(), codes: new Map() };
      const startedAt = performance.now();
      for (const [index, target] of targets.entries()) {
        await fc.assert(
          fc.asyncProperty(requestArb(target, realIds), async (input) => {
            const nowSeconds = Math.floor(h.clock.nowMs / 1000);
            await sendAndCheck(target, toWire(target, input, tokens, nowSeconds), figures);
          }),
          { seed: SEED + index, numRuns: RUNS_PER_TARGET, endOnFailure: true },
        );
      }
      const seconds = (performance.now() - startedAt) / 1000;
      const statuses = [...figures.statuses].sort(([a], [b]) => a - b);
      console.log(
        `route fuzz (${engine}): ${figures.requests} requests over ${targets.length} targets in ${seconds.toFixed(1)} s; statuses ${statuses
          .map(([status, n]) => `${status}x${n}`)
          .join(' ')}; codes ${[...figures.codes]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([code, n]) => `${code}x${n}`)
          .join(' ')}`,
      );
      expect(figures.requests).toBe(targets.length * RUNS_PER_TARGET);
      expect(statuses.filter(([status]) => status >= 500)).toEqual([]);
      // The inputs reach every edge they are meant to: otherwise the fuzz proves little.
      for (const code of [
        'malformed_request',
        'malformed_json',
        'validation_failed',
        'unsupported_media_type',
        'body_too_large',
        'unauthenticated',
        'invalid_token',
        'forbidden',
        'webhook_signature_invalid',
      ]) {
        expect([...figures.codes.keys()]).toContain(code);
      }
      expect([...figures.statuses.keys()].some((status) => status < 300)).toBe(true);
    }, 120_000);
  });
}
