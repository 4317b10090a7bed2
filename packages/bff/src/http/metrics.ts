import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { providerPaths, routes } from '@ats-zoom/contract';
import type { Request, RequestHandler } from 'express';
import ipaddr from 'ipaddr.js';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderCallSink } from '../adapters/observability/provider-calls';
import {
  hasOperationalStats,
  type StoreOperationalStats,
} from '../adapters/store/operational-stats';
import { DAILY_MEETING_WRITE_LIMIT } from '../core/meetings/meeting-preview';
import type { LogPort, Store } from '../core/ports';
import { sendProblem } from './problem';

/**
 * Prometheus metrics at `GET /metrics` (`BffConfig.metrics`). Off unless configured; at least
 * one guard is required, and with both a scrape must pass both.
 */
export interface MetricsConfig {
  /** A scraper sends `Authorization: Bearer <token>`; at least 32 characters. */
  token?: string;
  /**
   * Client addresses allowed to scrape (IPv4 or IPv6, single or CIDR, e.g. `10.0.0.0/8`),
   * matched against Express's `req.ip` (behind a proxy, set the host app's `trust proxy`).
   */
  allowFrom?: string[];
  /** Also export Node.js process metrics (`process_*`, `nodejs_*`). @default false */
  processMetrics?: boolean;
}

export const METRICS_PATH = '/metrics';
export const METRICS_TOKEN_MIN_LENGTH = 32;

/** What is wrong with a `metrics` setting, each problem with its path inside it. */
export function metricsConfigProblems(
  value: unknown,
): { path: (string | number)[]; message: string }[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) {
    return [{ path: [], message: 'must be an object { token?, allowFrom?, processMetrics? }' }];
  }
  const given = value as Record<string, unknown>;
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (given.token === undefined && given.allowFrom === undefined) {
    problems.push({
      path: [],
      message: 'set token, allowFrom or both: /metrics is never served unguarded',
    });
  }
  if (given.token !== undefined) {
    if (typeof given.token !== 'string' || given.token.length < METRICS_TOKEN_MIN_LENGTH) {
      problems.push({
        path: ['token'],
        message: `must be a string of at least ${METRICS_TOKEN_MIN_LENGTH} characters (e.g. 32 random bytes in base64url)`,
      });
    }
  }
  if (given.allowFrom !== undefined) {
    if (!Array.isArray(given.allowFrom) || given.allowFrom.length === 0) {
      problems.push({ path: ['allowFrom'], message: 'must be a non-empty list of IPs or CIDRs' });
    } else {
      given.allowFrom.forEach((entry, index) => {
        if (typeof entry !== 'string' || parseRange(entry) === undefined) {
          problems.push({
            path: ['allowFrom', index],
            message: `${JSON.stringify(entry)} must be an IP address or a CIDR range such as "10.0.0.0/8"`,
          });
        }
      });
    }
  }
  if (given.processMetrics !== undefined && typeof given.processMetrics !== 'boolean') {
    problems.push({ path: ['processMetrics'], message: 'must be true or false' });
  }
  return problems;
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** An address or CIDR range; IPv4-mapped IPv6 ranges are read as IPv4. */
function parseRange(text: string): Range | undefined {
  try {
    const [address, bits] = text.includes('/')
      ? ipaddr.parseCIDR(text)
      : [ipaddr.parse(text), ipaddr.parse(text).kind() === 'ipv4' ? 32 : 128];
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return [(address as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)];
    }
    return [address, bits];
  } catch {
    return undefined;
  }
}

function addressAllowed(ip: string | undefined, ranges: Range[]): boolean {
  if (!ip) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip);
  } catch {
    return false;
  }
  return ranges.some(
    ([range, bits]) => address.kind() === range.kind() && address.match(range, bits),
  );
}

/** Constant-time comparison of the presented bearer token with the configured one. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  // Both sides hashed: equal lengths for timingSafeEqual, and no early exit on a length.
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Our paths as templates, to name a request refused before the router matched a route. */
const routeTemplates: { pattern: RegExp; template: string }[] = [
  ...Object.values(routes).map((route) => route.path),
  ...Object.values(providerPaths),
]
  .filter((path, index, all) => all.indexOf(path) === index)
  .map((template) => ({
    template,
    pattern: new RegExp(
      `${template
        .split('/')
        .map((part) =>
          part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}/?$`,
    ),
  }));

/** The route template of a request (`/v1/interviews/:interviewId/meeting`), never its raw path. */
export function routeTemplateOf(req: Request): string {
  const matched: unknown = req.route?.path;
  if (typeof matched === 'string') return matched;
  const path = req.originalUrl.split('?')[0] ?? '';
  return routeTemplates.find(({ pattern }) => pattern.test(path))?.template ?? 'unmatched';
}

const httpBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const providerBuckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30];
const headroomBuckets = [0, 5, 10, 25, 50, 75, DAILY_MEETING_WRITE_LIMIT];

export interface BffMetrics {
  /** This BFF's own registry (never prom-client's global one). */
  registry: Registry;
  /** Counts and times every request under the BFF's paths (mount before the routes). */
  observeRequests: RequestHandler;
  /** `GET /metrics`, guarded. */
  endpoint: RequestHandler;
  providerCalls: ProviderCallSink;
  /** The store with its rate-limit counters counting refusals by limit name. */
  countingRateLimits(store: Store): Pick<Store, 'rateLimitCounter'>;
}

/** The metrics of one BFF, in a registry of its own (two BFFs in one process never clash). */
export function createBffMetrics(
  config: MetricsConfig,
  deps: { store: Store; clock: { now(): Date }; logger: LogPort },
): BffMetrics {
  const registry = new Registry();
  if (config.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests answered by the BFF, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: httpBuckets,
    registers,
  });
  const providerCalls = new Counter({
    name: 'provider_calls_total',
    help: 'Calls to Zoom, Google and Microsoft (retries inside a call included), by provider, operation and outcome.',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    registers,
  });
  const providerSeconds = new Histogram({
    name: 'provider_call_duration_seconds',
    help: 'Duration of provider calls (retries and their waits included), by provider, operation and outcome.',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: providerBuckets,
    registers,
  });
  const tokenRefreshes = new Counter({
    name: 'token_refreshes_total',
    help: 'Access token refreshes at the providers token endpoints, by provider and outcome.',
    labelNames: ['provider', 'outcome'] as const,
    registers,
  });
  const rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by one of the BFF own rate limits, by limit name.',
    labelNames: ['limit'] as const,
    registers,
  });

  // Read from the store once per scrape (every gauge below shares one read).
  const { store } = deps;
  let reading: Promise<StoreOperationalStats | undefined> | undefined;
  const readStats = (): Promise<StoreOperationalStats | undefined> => {
    if (!hasOperationalStats(store)) return Promise.resolve(undefined);
    reading ??= store
      .operationalStats(deps.clock.now())
      .then(
        (stats) => stats,
        (error: unknown) => {
          deps.logger.warn(
            { error: error instanceof Error ? error.name : 'unknown' },
            'metrics: the store did not answer its aggregate reads',
          );
          return undefined;
        },
      )
      .finally(() => {
        // The collects of one scrape all start before the read settles, so they share it.
        reading = undefined;
      });
    return reading;
  };
  new Gauge({
    name: 'bff_store_stats_up',
    help: '1 when this scrape read the store aggregates (outbox, daily quota), else 0.',
    registers,
    async collect() {
      this.set((await readStats()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'calendar_outbox_depth',
    help: 'Calendar outbox tasks by state: pending (waiting for a retry) or parked (given up).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const stats = await readStats();
      if (!stats) return;
      this.set({ state: 'pending' }, stats.calendarOutbox.pending);
      this.set({ state: 'parked' }, stats.calendarOutbox.parked);
    },
  });
  new Gauge({
    name: 'calendar_outbox_oldest_age_seconds',
    help: 'Age of the oldest pending calendar outbox task (0 when none is pending).',
    registers,
    async collect() {
      const stats = await readStats();
      if (!stats) return;
      const oldest = stats.calendarOutbox.oldestPendingCreatedAt;
      const now = deps.clock.now().getTime();
      this.set(oldest ? Math.max(0, (now - oldest.getTime()) / 1000) : 0);
    },
  });
  new Histogram({
    name: 'zoom_daily_quota_headroom',
    help: `Meeting creates/updates left today (UTC) of the ${DAILY_MEETING_WRITE_LIMIT} Zoom allows per host, over the hosts this BFF wrote for today: one observation per host, rebuilt at each scrape.`,
    buckets: headroomBuckets,
    registers,
    async collect() {
      const stats = await readStats();
      if (!stats) return;
      this.reset();
      for (const { writes, hosts } of stats.zoomDailyWrites.counts) {
        const headroom = Math.max(0, DAILY_MEETING_WRITE_LIMIT - writes);
        for (let i = 0; i < hosts; i += 1) this.observe(headroom);
      }
    },
  });
  new Gauge({
    name: 'zoom_daily_quota_min_headroom',
    help: `Least meeting creates/updates left today (UTC) of any host (${DAILY_MEETING_WRITE_LIMIT} when none wrote).`,
    registers,
    async collect() {
      const stats = await readStats();
      if (!stats) return;
      const most = Math.max(0, ...stats.zoomDailyWrites.counts.map(({ writes }) => writes));
      this.set(Math.max(0, DAILY_MEETING_WRITE_LIMIT - most));
    },
  });

  const ranges = (config.allowFrom ?? [])
    .map(parseRange)
    .filter((range): range is Range => range !== undefined);
  const { token } = config;

  return {
    registry,
    observeRequests(req, res, next) {
      const started = performance.now();
      res.once('finish', () => {
        const labels = {
          method: knownMethods.has(req.method) ? req.method : 'OTHER',
          route: routeTemplateOf(req),
          status: String(res.statusCode),
        };
        requests.inc(labels);
        requestSeconds.observe(labels, (performance.now() - started) / 1000);
      });
      next();
    },
    async endpoint(req, res) {
      res.setHeader('Cache-Control', 'no-store');
      if (config.allowFrom !== undefined && !addressAllowed(req.ip, ranges)) {
        res.locals.requestId ??= randomUUID();
        sendProblem(res, 'forbidden', { detail: 'This address may not read the metrics.' });
        return;
      }
      if (token !== undefined && !bearerMatches(req.get('authorization'), token)) {
        res.locals.requestId ??= randomUUID();
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        sendProblem(res, 'unauthenticated', { detail: 'Send the metrics bearer token.' });
        return;
      }
      const text = await registry.metrics();
      res.status(200).type(registry.contentType).send(text);
    },
    providerCalls: {
      providerCall({ provider, operation, outcome, seconds }) {
        const labels = { provider, operation, outcome };
        providerCalls.inc(labels);
        providerSeconds.observe(labels, seconds);
        if (operation === 'oauth.refresh') tokenRefreshes.inc({ provider, outcome });
      },
    },
    countingRateLimits(counted) {
      return {
        rateLimitCounter(policy) {
          const counter = counted.rateLimitCounter(policy);
          return {
            async take(key) {
              const taken = await counter.take(key);
              if (!taken.allowed) rateLimitRejections.inc({ limit: policy.name });
              return taken;
            },
          };
        },
      };
    },
  };
}
