/**
 * `pnpm bench`: GET /v1/hosts fan-out (cold and warm) for 1, 10, 50 and 200 connected hosts
 * while the emulated Zoom answers meeting lists after 100 ms, the BFF's own overhead on
 * PUT /v1/interviews/:id/meeting, and the throughput of the cached routes at 50 connections,
 * each against a baseline measured in the same run (the machine's parallel floor, bare Express).
 * A benchmark, not a test: it prints PASS/MISS per target and exits 0 either way.
 * `pnpm bench --throughput-only` connects 10 hosts and runs only the throughput table.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  buildPath,
  type HostList,
  HostListSchema,
  type HostTokenClaims,
  InterviewMeetingSchema,
  routes,
} from '@ats-zoom/contract';
import { ZOOM_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import {
  type BenchEnvironment,
  startBareExpress,
  startBenchEnvironment,
} from './bench-environment';
import { measureSequential, type Summary, summarize } from './stats';
import { formatTable, ms, ratio } from './table';
import { measureThroughput, type ThroughputFigures } from './throughput';

const HOST_COUNTS = [1, 10, 50, 200] as const;
const UPSTREAM_LATENCY_MS = 100;
/** Widths of the machine's own parallel floor: N parallel direct calls to the emulator. */
const FAN_OUT_WIDTHS = [50, 200] as const;
/** The throughput table runs once this many hosts are connected (cached GET /v1/hosts lists them). */
const THROUGHPUT_HOSTS = 10;
const THROUGHPUT = {
  connections: 50,
  rounds: Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3),
  durationSeconds: Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 5),
  warmupSeconds: 2,
};
const ITERATIONS = {
  upstreamOne: 30,
  upstreamFanOutBatches: 10,
  cold: 40,
  warm: 200,
  put: 100,
  zoomCreate: 100,
  bare: 200,
};
const TARGETS = { coldRatioAt50: 1.3, warmMs: 5, coldToFloorAt200: 1.2, throughputRatio: 0.5 };

const TENANT = 'tenant-bench';
const recruiter: HostTokenClaims = {
  sub: 'recruiter-0001',
  tid: TENANT,
  role: 'recruiter',
  name: 'Bench Recruiter',
  email: 'recruiter@ats.example',
};
const interviewer = (index: number): HostTokenClaims => {
  const n = String(index + 1).padStart(4, '0');
  return {
    sub: `interviewer-${n}`,
    tid: TENANT,
    role: 'interviewer',
    name: `Interviewer ${n}`,
    email: `interviewer${n}@ats.example`,
  };
};

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** The full answer is read inside the timed window: a client has nothing before that. */
async function fetchText(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

function expectStatus(what: string, answer: { status: number; text: string }, status: number) {
  if (answer.status !== status) {
    throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
}

function endpointCount(env: BenchEnvironment, key: string): number {
  return env.emulator.zoom.stats().endpoints[key] ?? 0;
}
const LIST_KEY = 'GET /v2/users/{userId}/meetings';
const CREATE_KEY = 'POST /v2/users/{userId}/meetings';

interface FanOutFloor {
  width: number;
  batch: Summary;
  firstBatchMs: number;
}

interface UpstreamBaseline {
  one: Summary;
  floors: FanOutFloor[];
}

/** One direct list call of the emulated Zoom, answered in full. */
async function directListCall(env: BenchEnvironment): Promise<() => Promise<void>> {
  const token = await env.directAccessToken();
  const url = `${env.emulator.url}${env.emulator.zoom.paths.apiBase}/users/${env.directZoomUser.id}/meetings?type=upcoming&page_size=300`;
  const init = { headers: { authorization: `Bearer ${token}` } };
  return async () => expectStatus('zoom list', await fetchText(url, init), 200);
}

/** One upstream call, measured first; the parallel floors are added next to their host rows. */
async function measureUpstream(env: BenchEnvironment): Promise<UpstreamBaseline> {
  const call = await directListCall(env);
  progress(
    `upstream: ${ITERATIONS.upstreamOne} direct list calls (${UPSTREAM_LATENCY_MS} ms each)`,
  );
  const one = summarize(
    await measureSequential({ iterations: ITERATIONS.upstreamOne, warmup: 2, operation: call }),
  );
  return { one, floors: [] };
}

/**
 * The machine's own floor at `width`: batches of that many parallel direct calls. Measured right
 * before the host row of the same width, so both see the machine in the same state.
 */
async function measureFloor(env: BenchEnvironment, width: number): Promise<FanOutFloor> {
  const call = await directListCall(env);
  progress(`upstream: ${ITERATIONS.upstreamFanOutBatches + 1} batches of ${width} parallel calls`);
  const batch = async () => {
    await Promise.all(Array.from({ length: width }, call));
  };
  const firstStarted = performance.now();
  await batch();
  const firstBatchMs = performance.now() - firstStarted;
  const summary = summarize(
    await measureSequential({ iterations: ITERATIONS.upstreamFanOutBatches, operation: batch }),
  );
  return { width, batch: summary, firstBatchMs };
}

const floorAt = (upstream: UpstreamBaseline, width: number) =>
  upstream.floors.find((floor) => floor.width === width);

interface ThroughputTarget {
  what: string;
  url: string;
  headers?: Record<string, string>;
  /** Runs before each measured window, outside it. */
  before?: () => Promise<void>;
}

interface ThroughputRow {
  what: string;
  /** One measured window per round, in round order. */
  rounds: ThroughputFigures[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

/** Per round, this row's req/s over bare Express's req/s in the same round. */
const roundRatios = (row: ThroughputRow, bare: ThroughputRow) =>
  row.rounds.map(
    (figures, round) => figures.requestsPerSecond / (bare.rounds[round]?.requestsPerSecond ?? 1),
  );

/**
 * Bare Express, GET /v1/connections/me and cached GET /v1/hosts (the same slot asked again:
 * the host schedule cache answers), at the same connection count: each warmed up once, then
 * measured in rounds (bare, me, hosts; bare, me, hosts; ...) so that a burst of load from
 * elsewhere on the machine falls on every route alike; the ratios are taken per round.
 */
async function measureThroughputTable(
  env: BenchEnvironment,
  slotStart: string,
): Promise<ThroughputRow[]> {
  const bareServer = await startBareExpress();
  try {
    // An interviewer with a Zoom link: the answer carries a connection view.
    const host = await env.headersFor(interviewer(0));
    const meUrl = `${env.bffUrl}${routes.getMyConnections.path}`;
    expectStatus('GET /v1/connections/me', await fetchText(meUrl, { headers: host }), 200);

    const recruiterHeaders = await env.headersFor(recruiter);
    const hostsUrl = `${env.bffUrl}${routes.listHosts.path}?${new URLSearchParams({
      start: slotStart,
      durationMinutes: '60',
    })}`;
    let listed = 0;
    let zoomCallsMeasured = 0;
    let listsBefore = 0;
    // A fresh BFF whose host schedule cache one call fills, so every window ends well inside
    // the cache's 30 s lifetime.
    const fillHostCache = async () => {
      await env.remountBff();
      const first = await fetchText(hostsUrl, { headers: recruiterHeaders });
      expectStatus('GET /v1/hosts', first, 200);
      listed = HostListSchema.parse(JSON.parse(first.text)).hosts.length;
      listsBefore = endpointCount(env, LIST_KEY);
    };
    await fillHostCache();

    const targets: ThroughputTarget[] = [
      { what: 'bare Express GET (trivial JSON)', url: `${bareServer.url}/bare/json` },
      // No host token, no store read: the BFF's shared middleware (request line, helmet, CORS)
      // and its router; the /v1 limiter and body checks are not on this path.
      {
        what: 'GET /healthz (BFF floor, no target)',
        url: `${env.bffUrl}/healthz`,
        headers: { origin: 'https://ats.example' },
      },
      { what: 'GET /v1/connections/me', url: meUrl, headers: host },
      {
        what: `cached GET /v1/hosts (${listed} hosts)`,
        url: hostsUrl,
        headers: recruiterHeaders,
        before: fillHostCache,
      },
    ];
    const load = async (target: ThroughputTarget, seconds: number) => {
      await target.before?.();
      const figures = await measureThroughput({
        url: target.url,
        connections: THROUGHPUT.connections,
        durationSeconds: seconds,
        ...(target.headers ? { headers: target.headers } : {}),
      });
      if (target.before === fillHostCache) {
        zoomCallsMeasured += endpointCount(env, LIST_KEY) - listsBefore;
      }
      if (figures.non2xx > 0 || figures.errors > 0 || figures.timeouts > 0) {
        throw new Error(
          `${target.what}: ${figures.non2xx} non-2xx answers, ${figures.errors} errors, ${figures.timeouts} timeouts`,
        );
      }
      return figures;
    };

    progress(`throughput: warm-up, ${THROUGHPUT.warmupSeconds} s on each route`);
    for (const target of targets) await load(target, THROUGHPUT.warmupSeconds);
    const rows: ThroughputRow[] = targets.map(({ what }) => ({ what, rounds: [] }));
    for (let round = 1; round <= THROUGHPUT.rounds; round++) {
      progress(
        `throughput: round ${round}/${THROUGHPUT.rounds}, ${THROUGHPUT.durationSeconds} s on each route at ${THROUGHPUT.connections} connections`,
      );
      for (const [index, target] of targets.entries()) {
        rows[index]?.rounds.push(await load(target, THROUGHPUT.durationSeconds));
      }
    }
    if (zoomCallsMeasured > 0) {
      throw new Error(`cached GET /v1/hosts called Zoom ${zoomCallsMeasured} times`);
    }
    return rows;
  } finally {
    await bareServer.close();
  }
}

function throughputSection(rows: ThroughputRow[]): string[] {
  const out: string[] = [];
  const [bare] = rows;
  if (!bare) return out;
  out.push(
    `Throughput (autocannon in a worker thread, ${THROUGHPUT.connections} connections, pipelining 1; ${THROUGHPUT.warmupSeconds} s warm-up each, then ${THROUGHPUT.rounds} rounds of ${THROUGHPUT.durationSeconds} s on each route in turn; medians over the rounds)`,
  );
  out.push(
    formatTable(
      ['route', 'req/s', 'p99', 'median latency', 'answers', 'vs bare', 'vs bare per round'],
      rows.map((row) => [
        row.what,
        median(row.rounds.map((each) => each.requestsPerSecond)).toFixed(0),
        ms(median(row.rounds.map((each) => each.p99Ms))),
        ms(median(row.rounds.map((each) => each.medianMs))),
        String(row.rounds.reduce((sum, each) => sum + each.answered, 0)),
        ratio(median(roundRatios(row, bare))),
        roundRatios(row, bare).map(ratio).join(' '),
      ]),
    ),
  );
  return out;
}

function throughputTargets(rows: ThroughputRow[]): string[][] {
  const [bare, ...routesMeasured] = rows;
  if (!bare) return [];
  return routesMeasured
    .filter((row) => !row.what.includes('no target'))
    .map((row) => {
      const value = median(roundRatios(row, bare));
      return [
        `${row.what} >= ${TARGETS.throughputRatio}x bare Express req/s (median of rounds)`,
        ratio(value),
        value >= TARGETS.throughputRatio ? 'PASS' : 'MISS',
      ];
    });
}

function environmentLines(): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    `machine: ${availableParallelism()} x ${cpu}; Node ${process.versions.node}; undici ${process.versions.undici} (Node's bundled fetch); NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}`,
    'client + BFF outbound: Node global fetch, default dispatcher: keep-alive on (4 s idle), no per-origin connection cap, pipelining 1',
    `emulated Zoom: GET /v2/users/{userId}/meetings delayed ${UPSTREAM_LATENCY_MS} ms; BFF: createBff + express, store: SQLite in memory (better-sqlite3 on Node 20), info logging; client, BFF and emulator share one process (the throughput load generator runs in a worker thread)`,
  ];
}

interface HostsRow {
  hosts: number;
  cold: Summary;
  warm: Summary;
  firstColdMs: number;
  coldUpstreamCallsPerRequest: number;
  warmUpstreamCalls: number;
  unknownAnswers: number;
}

async function measureHosts(
  env: BenchEnvironment,
  hostCount: number,
  slotStart: string,
): Promise<HostsRow> {
  const headers = await env.headersFor(recruiter);
  const url = `${env.bffUrl}${routes.listHosts.path}?${new URLSearchParams({
    start: slotStart,
    durationMinutes: '60',
  })}`;
  const bodies: string[] = [];
  const call = async () => {
    const answer = await fetchText(url, { headers });
    expectStatus('GET /v1/hosts', answer, 200);
    bodies.push(answer.text);
  };
  const check = (text: string): HostList => {
    const list = HostListSchema.parse(JSON.parse(text));
    if (list.hosts.length !== hostCount) {
      throw new Error(`GET /v1/hosts listed ${list.hosts.length} hosts, expected ${hostCount}`);
    }
    return list;
  };

  progress(`hosts N=${hostCount}: ${ITERATIONS.cold} cold calls (fresh createBff each)`);
  // The very first fan-out to this many hosts also opens new sockets; reported on its own.
  await env.remountBff();
  const firstStarted = performance.now();
  await call();
  const firstColdMs = performance.now() - firstStarted;
  const listsBefore = endpointCount(env, LIST_KEY);
  const cold = summarize(
    await measureSequential({
      iterations: ITERATIONS.cold,
      before: () => env.remountBff(),
      operation: call,
    }),
  );
  const coldUpstreamCallsPerRequest =
    (endpointCount(env, LIST_KEY) - listsBefore) / ITERATIONS.cold;

  progress(`hosts N=${hostCount}: ${ITERATIONS.warm} warm calls`);
  // A fresh cache filled by one call, so the warm run ends well inside its 30 s lifetime.
  await env.remountBff();
  await call();
  const warmListsBefore = endpointCount(env, LIST_KEY);
  const warm = summarize(
    await measureSequential({ iterations: ITERATIONS.warm, warmup: 5, operation: call }),
  );
  const warmUpstreamCalls = endpointCount(env, LIST_KEY) - warmListsBefore;

  let unknownAnswers = 0;
  for (const text of bodies) {
    if (check(text).hosts.some((host) => host.busy === 'unknown')) unknownAnswers++;
  }
  return {
    hosts: hostCount,
    cold,
    warm,
    firstColdMs,
    coldUpstreamCallsPerRequest,
    warmUpstreamCalls,
    unknownAnswers,
  };
}

interface PutFigures {
  put: Summary;
  zoomCreate: Summary;
  bare: Summary;
  zoomCreatesPerPut: number;
}

async function measurePut(
  env: BenchEnvironment,
  connectionIds: readonly string[],
  firstSlot: number,
): Promise<PutFigures> {
  const hourMs = 3_600_000;
  const startTime = (index: number) => new Date(firstSlot + index * hourMs).toISOString();
  const bodyFor = (index: number) => ({
    candidateId: `bench-candidate-${index}`,
    hostConnectionId: connectionIds[index % connectionIds.length] ?? '',
    topic: `Bench interview ${index}`,
    startTime: startTime(index),
    durationMinutes: 60,
    timezone: 'Asia/Tokyo',
    joinBeforeHost: false,
  });

  const token = await env.directAccessToken();
  const createUrl = `${env.emulator.url}${env.emulator.zoom.paths.apiBase}/users/${env.directZoomUser.id}/meetings`;
  progress(`put: ${ITERATIONS.zoomCreate} direct Zoom creates`);
  const zoomCreate = summarize(
    await measureSequential({
      iterations: ITERATIONS.zoomCreate,
      warmup: 10,
      operation: async (index) => {
        const {
          topic,
          startTime: start_time,
          durationMinutes: duration,
          timezone,
        } = bodyFor(index);
        const answer = await fetchText(createUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ topic, type: 2, start_time, duration, timezone, agenda: 'bench' }),
        });
        expectStatus('zoom create', answer, 201);
      },
    }),
  );

  progress(`put: ${ITERATIONS.put} PUT /v1/interviews/:id/meeting (each a new interview and key)`);
  const headers = await env.headersFor(recruiter);
  const createsBefore = endpointCount(env, CREATE_KEY);
  let sample = '';
  const putWarmup = 10;
  const put = summarize(
    await measureSequential({
      iterations: ITERATIONS.put,
      warmup: putWarmup,
      operation: async (index) => {
        const interviewId = `bench-interview-${randomUUID()}`;
        const answer = await fetchText(
          `${env.bffUrl}${buildPath(routes.saveInterviewMeeting.path, { interviewId })}`,
          {
            method: 'PUT',
            headers: {
              ...headers,
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify(bodyFor(index)),
          },
        );
        expectStatus('PUT meeting', answer, 200);
        sample = answer.text;
      },
    }),
  );
  InterviewMeetingSchema.parse(JSON.parse(sample));
  const zoomCreatesPerPut =
    (endpointCount(env, CREATE_KEY) - createsBefore) / (ITERATIONS.put + putWarmup);

  progress(`put: ${ITERATIONS.bare} PUT to a bare Express route`);
  const bareServer = await startBareExpress();
  try {
    const bare = summarize(
      await measureSequential({
        iterations: ITERATIONS.bare,
        warmup: 20,
        operation: async (index) => {
          const answer = await fetchText(`${bareServer.url}/bare/i-${index}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify(bodyFor(index)),
          });
          expectStatus('bare PUT', answer, 200);
        },
      }),
    );
    return { put, zoomCreate, bare, zoomCreatesPerPut };
  } finally {
    await bareServer.close();
  }
}

function report(
  upstream: UpstreamBaseline,
  rows: HostsRow[],
  putFigures: PutFigures,
  throughputRows: ThroughputRow[],
  env: BenchEnvironment,
  elapsedMs: number,
) {
  const out: string[] = [];
  out.push(
    'ats-zoom benchmark: GET /v1/hosts fan-out, PUT meeting overhead, cached-route throughput',
  );
  out.push(...environmentLines());
  out.push('');

  out.push(
    'Upstream baseline (direct to the emulator, same run; each N-parallel floor right before the host row of that N)',
  );
  out.push(
    formatTable(
      ['call', 'median', 'p99', 'runs'],
      [
        ['1 list call', ms(upstream.one.median), ms(upstream.one.p99), String(upstream.one.n)],
        ...upstream.floors.flatMap((floor) => [
          [
            `${floor.width} parallel list calls (batch)`,
            ms(floor.batch.median),
            ms(floor.batch.p99),
            String(floor.batch.n),
          ],
          [`${floor.width} parallel, first batch (new sockets)`, ms(floor.firstBatchMs), '-', '1'],
        ]),
      ],
    ),
  );
  for (const floor of upstream.floors) {
    out.push(
      `machine fan-out floor at ${floor.width}: ${ratio(floor.batch.median / upstream.one.median)} of one call`,
    );
  }
  out.push('');

  const base = upstream.one.median;
  out.push(
    `GET /v1/hosts (cold: fresh createBff per call, empty cache; warm: same BFF, cached; ${ITERATIONS.cold} cold / ${ITERATIONS.warm} warm calls)`,
  );
  out.push(
    formatTable(
      [
        'hosts',
        'cold median',
        'cold p99',
        'cold/1 upstream',
        'cold/floor',
        'first cold',
        'warm median',
        'warm p99',
        'zoom calls cold/warm',
        'unknown',
      ],
      rows.map((row) => [
        String(row.hosts),
        ms(row.cold.median),
        ms(row.cold.p99),
        ratio(row.cold.median / base),
        (() => {
          const floor = floorAt(upstream, row.hosts);
          return floor ? ratio(row.cold.median / floor.batch.median) : '-';
        })(),
        ms(row.firstColdMs),
        ms(row.warm.median),
        ms(row.warm.p99),
        `${row.coldUpstreamCallsPerRequest.toFixed(1)} / ${row.warmUpstreamCalls}`,
        String(row.unknownAnswers),
      ]),
    ),
  );
  out.push(
    "'cold/floor': cold median over the machine's own N-parallel floor (same run). 'first cold': the first fan-out to that many hosts, which also opens new sockets. 'unknown': cold answers with a host past its time limit.",
  );
  for (const floor of upstream.floors) {
    const row = rows.find((each) => each.hosts === floor.width);
    if (row) {
      out.push(
        `cold at N=${floor.width} against the machine's ${floor.width}-parallel floor: ${ratio(row.cold.median / floor.batch.median)} (median/median)`,
      );
    }
  }
  out.push('p99 is nearest-rank: below 100 runs it is the slowest run.');
  out.push('');

  const { put, zoomCreate, bare, zoomCreatesPerPut } = putFigures;
  out.push(
    `PUT /v1/interviews/:id/meeting (new interview + Idempotency-Key each time: a create; ${put.n} runs)`,
  );
  out.push(
    formatTable(
      ['measure', 'median', 'p99'],
      [
        ['PUT via BFF', ms(put.median), ms(put.p99)],
        ['Zoom create, direct', ms(zoomCreate.median), ms(zoomCreate.p99)],
        [
          'BFF overhead (PUT - create)',
          ms(put.median - zoomCreate.median),
          ms(put.p99 - zoomCreate.p99),
        ],
        ['  of which one HTTP hop (bare Express PUT)', ms(bare.median), ms(bare.p99)],
        ['  BFF work beyond the hop', ms(put.median - zoomCreate.median - bare.median), '-'],
      ],
    ),
  );
  out.push(`Zoom creates per PUT: ${zoomCreatesPerPut.toFixed(2)} (expected 1.00)`);
  out.push('');
  if (throughputRows.length > 0) {
    out.push(...throughputSection(throughputRows));
    out.push('');
  }

  const at50 = rows.find((row) => row.hosts === 50);
  const targets: string[][] = [];
  if (at50) {
    const coldRatio = at50.cold.median / base;
    targets.push([
      `cold fan-out at N=50 <= ${TARGETS.coldRatioAt50}x one upstream call (median)`,
      ratio(coldRatio),
      coldRatio <= TARGETS.coldRatioAt50 && at50.unknownAnswers === 0 ? 'PASS' : 'MISS',
    ]);
  }
  for (const row of rows) {
    targets.push([
      `warm GET /v1/hosts at N=${row.hosts} < ${TARGETS.warmMs} ms (median)`,
      ms(row.warm.median),
      row.warm.median < TARGETS.warmMs ? 'PASS' : 'MISS',
    ]);
  }
  const at200 = rows.find((row) => row.hosts === 200);
  const floor200 = floorAt(upstream, 200);
  if (at200 && floor200) {
    const value = at200.cold.median / floor200.batch.median;
    targets.push([
      `cold fan-out at N=200 <= ${TARGETS.coldToFloorAt200}x the machine's 200-parallel floor (median)`,
      ratio(value),
      value <= TARGETS.coldToFloorAt200 && at200.unknownAnswers === 0 ? 'PASS' : 'MISS',
    ]);
  }
  targets.push(...throughputTargets(throughputRows));
  out.push('Targets (issues 3 and 15)');
  out.push(formatTable(['target', 'measured', 'result'], targets));
  const refreshes = env.emulator.zoom.stats().tokenRequests.refresh_token;
  out.push('');
  out.push(
    `token refreshes during the run: ${refreshes}; BFF warnings: ${env.warnings.length}; total ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  const closing = throughputClosing(throughputRows);
  if (closing) out.push(closing);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The closing note: the cached routes' throughput as a share of bare Express, same run. */
function throughputClosing(rows: ThroughputRow[]): string | undefined {
  const [bare, ...routesMeasured] = rows;
  if (!bare || routesMeasured.length === 0) return undefined;
  const parts = routesMeasured
    .filter((row) => !row.what.includes('no target'))
    .map((row) => `${row.what} ${ratio(median(roundRatios(row, bare)))}`);
  const bareRate = median(bare.rounds.map((each) => each.requestsPerSecond));
  return `throughput vs bare Express (${bareRate.toFixed(0)} req/s, same run, median of ${bare.rounds.length} rounds): ${parts.join(', ')} (target >= ${TARGETS.throughputRatio}x)`;
}

async function main() {
  const started = performance.now();
  const throughputOnly = process.argv.includes('--throughput-only');
  const maxHosts = throughputOnly ? THROUGHPUT_HOSTS : Math.max(...HOST_COUNTS);
  const env = await startBenchEnvironment({ hostCount: maxHosts });
  try {
    env.emulator.zoom.injectLatency(UPSTREAM_LATENCY_MS, ZOOM_ROUTE_GROUPS.listMeetings);
    // A slot two days ahead on the hour; nobody has a meeting there, so every host is free.
    const slot = new Date(Date.now() + 2 * 86_400_000);
    slot.setUTCMinutes(0, 0, 0);
    const connectionIds: string[] = [];
    const connectUpTo = async (hostCount: number) => {
      progress(`connecting Zoom users ${connectionIds.length + 1}..${hostCount} through OAuth`);
      while (connectionIds.length < hostCount) {
        const index = connectionIds.length;
        const zoomUser = env.hostZoomUsers[index];
        if (!zoomUser) throw new Error(`no Zoom user for host ${index + 1}`);
        connectionIds.push(await env.connectZoom(interviewer(index), zoomUser));
      }
    };

    if (throughputOnly) {
      await connectUpTo(THROUGHPUT_HOSTS);
      const throughputRows = await measureThroughputTable(env, slot.toISOString());
      const out = ['ats-zoom benchmark: cached-route throughput only', ...environmentLines(), ''];
      out.push(...throughputSection(throughputRows), '');
      out.push(formatTable(['target', 'measured', 'result'], throughputTargets(throughputRows)));
      out.push(throughputClosing(throughputRows) ?? '');
      process.stdout.write(`${out.join('\n')}\n`);
      return;
    }

    const upstream = await measureUpstream(env);
    const rows: HostsRow[] = [];
    let throughputRows: ThroughputRow[] = [];
    for (const hostCount of HOST_COUNTS) {
      await connectUpTo(hostCount);
      if ((FAN_OUT_WIDTHS as readonly number[]).includes(hostCount)) {
        upstream.floors.push(await measureFloor(env, hostCount));
      }
      rows.push(await measureHosts(env, hostCount, slot.toISOString()));
      // Measured while the tenant has THROUGHPUT_HOSTS links: GET /v1/hosts lists them all.
      if (hostCount === THROUGHPUT_HOSTS) {
        throughputRows = await measureThroughputTable(env, slot.toISOString());
      }
    }

    const putFigures = await measurePut(env, connectionIds, slot.getTime() + 86_400_000);
    report(upstream, rows, putFigures, throughputRows, env, performance.now() - started);
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
