import { HOST_TOKEN_MAX_AGE_LIMIT_SECONDS } from '@ats-zoom/contract';
import { z } from 'zod';
import { DatabaseUrlError, parseDatabaseUrl } from '../adapters';
import { googleEndpoints } from '../adapters/google';
import { MICROSOFT_AUTHORITY, MICROSOFT_GRAPH_BASE } from '../adapters/microsoft';
import { DEFAULT_ZOOM_SCOPES, zoomEndpoints } from '../adapters/zoom';
import { bffConfigRules } from '../http/bff-config';
import {
  METRICS_TOKEN_MIN_LENGTH,
  type MetricsConfig,
  metricsConfigProblems,
} from '../http/metrics';
import type { RateLimitsConfig } from '../http/rate-limits';

/** Google's endpoints: the real ones, or their paths under `GOOGLE_BASE_URL` (the emulator). */
const GOOGLE_ENDPOINTS = googleEndpoints;

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A variable checked by the same rule `createBff` applies to the setting it feeds. */
const checkedBy = (rule: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
const origin = checkedBy(bffConfigRules.exactOrigin);
const httpUrl = checkedBy(bffConfigRules.httpUrl);
const baseUrl = checkedBy(bffConfigRules.baseUrl);

/** A request limit: `LIMIT/SECONDS` (e.g. `60/60`), or `off` (or `0`) to turn it off. */
const perWindow = z
  .string()
  .regex(/^(off|0|[1-9]\d*\/[1-9]\d*)$/, 'write LIMIT/SECONDS such as 60/60, or off')
  .transform((value) => {
    if (value === 'off' || value === '0') return false as const;
    const [limit, windowSeconds] = value.split('/').map(Number);
    return { limit: limit as number, windowSeconds: windowSeconds as number };
  });

/**
 * The BFF server's environment. Validated once at boot: a wrong or missing value stops the
 * process with a message naming the variable, before anything listens.
 */
export const BffEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: baseUrl.optional(),
    ALLOWED_ORIGINS: commaList.pipe(z.array(origin).min(1, 'list at least one host origin')),
    HOST_TOKEN_ISSUER: z.string().min(1),
    HOST_TOKEN_SECRET: checkedBy(bffConfigRules.hostTokenSecret).optional(),
    HOST_TOKEN_JWKS_URL: httpUrl.optional(),
    /** A host token older than this (by `iat`, 60 s of skew on top) is refused. @default 300 */
    HOST_TOKEN_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(HOST_TOKEN_MAX_AGE_LIMIT_SECONDS)
      .optional(),
    ZOOM_CLIENT_ID: z.string().min(1),
    ZOOM_CLIENT_SECRET: z.string().min(1),
    ZOOM_OAUTH_BASE_URL: baseUrl.default(zoomEndpoints.oauthBaseUrl),
    ZOOM_API_BASE_URL: baseUrl.default(zoomEndpoints.apiBaseUrl),
    ZOOM_WEBHOOK_SECRET_TOKEN: z.string().min(1),
    ZOOM_SCOPES: commaList.optional(),
    /** Google Calendar is on when both are set; without them Google cannot be connected. */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    /** One origin+prefix serving Google's paths (the emulator's `<url>/google`). */
    GOOGLE_BASE_URL: baseUrl.optional(),
    GOOGLE_AUTHORIZE_URL: httpUrl.optional(),
    GOOGLE_TOKEN_URL: httpUrl.optional(),
    GOOGLE_REVOKE_URL: httpUrl.optional(),
    GOOGLE_USERINFO_URL: httpUrl.optional(),
    GOOGLE_CALENDAR_API_BASE_URL: baseUrl.optional(),
    /** @default openid,email,…/calendar.events.owned,…/calendar.freebusy */
    GOOGLE_SCOPES: commaList.optional(),
    /** Outlook (Microsoft 365) calendars are on when both are set. */
    MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
    MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
    /** `organizations` (work or school accounts), `common`, a tenant id or domain. */
    MICROSOFT_TENANT: z.string().min(1).default('organizations'),
    /**
     * One origin+prefix serving the identity platform (its paths under the tenant) and Graph
     * (`/graph/v1.0`): the emulator's `<url>/microsoft`. Unset: Microsoft's real hosts.
     */
    MICROSOFT_BASE_URL: baseUrl.optional(),
    /** @default Microsoft's (`MICROSOFT_AUTHORITY` in adapters/microsoft) */
    MICROSOFT_AUTHORITY_URL: baseUrl.optional(),
    /** @default Microsoft's (`MICROSOFT_GRAPH_BASE` in adapters/microsoft) */
    MICROSOFT_GRAPH_BASE_URL: baseUrl.optional(),
    /** @default openid,email,offline_access,User.Read,Calendars.ReadWrite */
    MICROSOFT_SCOPES: commaList.optional(),
    /** postgres://…, sqlite:…, a file path or :memory:; unset (or empty): DATA_DIR/ats-zoom.sqlite. */
    DATABASE_URL: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (!value) return;
        try {
          parseDatabaseUrl(value, 'DATABASE_URL');
        } catch (error) {
          if (!(error instanceof DatabaseUrlError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.detail });
        }
      }),
    /**
     * PostgreSQL only: where the one connection that LISTENs for other instances' cache
     * invalidations goes, when DATABASE_URL points at PgBouncer in transaction pooling (which
     * breaks LISTEN): a direct or session-pooled URL to the same database. Unset: DATABASE_URL.
     */
    DATABASE_LISTEN_URL: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (!value) return;
        try {
          if (parseDatabaseUrl(value, 'DATABASE_LISTEN_URL').engine !== 'postgres') {
            ctx.addIssue({ code: 'custom', message: 'must be a postgres:// URL' });
          }
        } catch (error) {
          if (!(error instanceof DatabaseUrlError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.detail });
        }
      }),
    DATA_DIR: z.string().default('.data'),
    /**
     * `false`: boot without migrating (a runtime role without CREATE); `/readyz` answers 503
     * `migrations pending` until `ats-zoom-bff migrate` has run.
     */
    MIGRATE_ON_BOOT: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /** On SIGTERM: how long `/readyz` answers 503 while new requests are still served. */
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
    /** On SIGTERM: the drain's deadline (delay included); past it the process exits 1. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1).default(25_000),
    ENCRYPTION_KEYS: z.string().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    NODE_ENV: z.string().default('development'),
    /** Unset: the BFF's defaults (packages/bff README, "Rate limits"). */
    RATE_LIMIT_PER_IP: perWindow.optional(),
    RATE_LIMIT_WRITES_PER_USER: perWindow.optional(),
    RATE_LIMIT_RENDERS_PER_USER: perWindow.optional(),
    RATE_LIMIT_OAUTH_STARTS_PER_USER: perWindow.optional(),
    RATE_LIMIT_OAUTH_POPUP_PER_IP: perWindow.optional(),
    /** How many OAuth attempts a user may have open at once; `0` turns the cap off. */
    RATE_LIMIT_LIVE_OAUTH_ATTEMPTS: z.coerce.number().int().min(0).optional(),
    RATE_LIMIT_IPV6_SUBNET: z.coerce.number().int().min(1).max(128).optional(),
    /** Bearer token a Prometheus scraper sends to `GET /metrics` (32+ characters). */
    METRICS_TOKEN: z
      .string()
      .min(METRICS_TOKEN_MIN_LENGTH, `must be at least ${METRICS_TOKEN_MIN_LENGTH} characters`)
      .optional(),
    /** Addresses allowed to read `GET /metrics`: IPs or CIDRs, comma-separated (`10.0.0.0/8`). */
    METRICS_ALLOW_FROM: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .superRefine((list, ctx) => {
        for (const { message } of metricsConfigProblems({ allowFrom: list })) {
          ctx.addIssue({ code: 'custom', message });
        }
      })
      .optional(),
    /** With metrics on: also Node.js process metrics (`process_*`, `nodejs_*`). */
    METRICS_PROCESS: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
    /**
     * Express `trust proxy`: `false` (default: the socket's address is the client), a hop count
     * (`1` behind one load balancer), or addresses/subnets/names (`loopback, 10.0.0.0/8`).
     */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value) =>
        value === 'true'
          ? true
          : value === 'false'
            ? false
            : /^\d+$/.test(value)
              ? Number(value)
              : value,
      ),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.HOST_TOKEN_SECRET) === Boolean(env.HOST_TOKEN_JWKS_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST_TOKEN_SECRET'],
        message: 'set exactly one of HOST_TOKEN_SECRET (HS256) or HOST_TOKEN_JWKS_URL',
      });
    }
    if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID'],
        message: 'set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither (no Google)',
      });
    }
    if (Boolean(env.MICROSOFT_CLIENT_ID) !== Boolean(env.MICROSOFT_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.MICROSOFT_CLIENT_ID ? 'MICROSOFT_CLIENT_SECRET' : 'MICROSOFT_CLIENT_ID'],
        message:
          'set both MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET, or neither (no Outlook)',
      });
    }
    if (env.SHUTDOWN_DELAY_MS >= env.SHUTDOWN_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['SHUTDOWN_DELAY_MS'],
        message: 'must be below SHUTDOWN_TIMEOUT_MS (the drain deadline includes the delay)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.ENCRYPTION_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEYS'],
        message: 'production needs ENCRYPTION_KEYS (kid:base64key[,older kids...])',
      });
    }
  });

export type BffEnv = z.infer<typeof BffEnvSchema>;

export class EnvError extends Error {}

/** Parses the environment or throws an EnvError listing every bad variable. */
export function parseBffEnv(env: NodeJS.ProcessEnv): BffEnv {
  const result = BffEnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new EnvError(`Invalid BFF configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function zoomScopes(env: BffEnv): string[] {
  return env.ZOOM_SCOPES && env.ZOOM_SCOPES.length > 0 ? env.ZOOM_SCOPES : [...DEFAULT_ZOOM_SCOPES];
}

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userinfoUrl: string;
  calendarApiBaseUrl: string;
  /** Absent: the BFF's default (the narrowest scopes that work). */
  scopes?: string[];
}

/** Google's client and endpoints, or undefined when Google is not configured. */
export function googleSettings(env: BffEnv): GoogleSettings | undefined {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET) return undefined;
  const base = env.GOOGLE_BASE_URL?.replace(/\/+$/, '');
  const endpoint = (key: keyof typeof GOOGLE_ENDPOINTS) => {
    const { variable, path, real } = GOOGLE_ENDPOINTS[key];
    return (env[variable] ?? (base ? `${base}${path}` : real)).replace(/\/+$/, '');
  };
  return {
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    authorizeUrl: endpoint('authorizeUrl'),
    tokenUrl: endpoint('tokenUrl'),
    revokeUrl: endpoint('revokeUrl'),
    userinfoUrl: endpoint('userinfoUrl'),
    calendarApiBaseUrl: endpoint('calendarApiBaseUrl'),
    ...(env.GOOGLE_SCOPES && env.GOOGLE_SCOPES.length > 0 ? { scopes: env.GOOGLE_SCOPES } : {}),
  };
}

export interface OutlookSettings {
  clientId: string;
  clientSecret: string;
  tenant: string;
  authorityBaseUrl: string;
  graphBaseUrl: string;
  /** Absent: the BFF's default. */
  scopes?: string[];
}

/** Microsoft's client and endpoints for Outlook, or undefined when Outlook is not configured. */
export function outlookSettings(env: BffEnv): OutlookSettings | undefined {
  if (!env.MICROSOFT_CLIENT_ID || !env.MICROSOFT_CLIENT_SECRET) return undefined;
  const base = env.MICROSOFT_BASE_URL?.replace(/\/+$/, '');
  const trimmed = (value: string) => value.replace(/\/+$/, '');
  return {
    clientId: env.MICROSOFT_CLIENT_ID,
    clientSecret: env.MICROSOFT_CLIENT_SECRET,
    tenant: env.MICROSOFT_TENANT,
    authorityBaseUrl: trimmed(env.MICROSOFT_AUTHORITY_URL ?? base ?? MICROSOFT_AUTHORITY),
    graphBaseUrl: trimmed(
      env.MICROSOFT_GRAPH_BASE_URL ?? (base ? `${base}/graph/v1.0` : MICROSOFT_GRAPH_BASE),
    ),
    ...(env.MICROSOFT_SCOPES && env.MICROSOFT_SCOPES.length > 0
      ? { scopes: env.MICROSOFT_SCOPES }
      : {}),
  };
}

/**
 * The variables `ats-zoom-bff --help` lists, read from the schema itself: the required ones,
 * then the optional ones with their defaults.
 */
export function bffEnvUsage(): string {
  const required: string[] = [];
  const optional: string[] = [];
  for (const [name, schema] of Object.entries(BffEnvSchema.shape)) {
    const unset = schema.safeParse(undefined);
    if (!unset.success) required.push(`  ${name}`);
    else
      optional.push(unset.data === undefined ? `  ${name}` : `  ${name.padEnd(30)}${unset.data}`);
  }
  return [
    'Required:',
    ...required,
    '  HOST_TOKEN_SECRET (HS256, 32+ characters) or HOST_TOKEN_JWKS_URL: exactly one',
    'Optional (default):',
    ...optional,
    'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET: both (Google Calendar on) or neither.',
    'MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET: both (Outlook calendars on) or neither.',
  ].join('\n');
}

/** The BFF's rate limits from the environment: only the variables that are set. */
export function rateLimitsFromEnv(env: BffEnv): RateLimitsConfig {
  const set = <K extends keyof RateLimitsConfig>(key: K, value: RateLimitsConfig[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  const live = env.RATE_LIMIT_LIVE_OAUTH_ATTEMPTS;
  return {
    ...set('perIp', env.RATE_LIMIT_PER_IP),
    ...set('writesPerUser', env.RATE_LIMIT_WRITES_PER_USER),
    ...set('rendersPerUser', env.RATE_LIMIT_RENDERS_PER_USER),
    ...set('oauthStartsPerUser', env.RATE_LIMIT_OAUTH_STARTS_PER_USER),
    ...set('oauthPopupStartsPerIp', env.RATE_LIMIT_OAUTH_POPUP_PER_IP),
    ...set('maxLiveOAuthAttemptsPerUser', live === 0 ? false : live),
    ...set('ipv6Subnet', env.RATE_LIMIT_IPV6_SUBNET),
  };
}

/**
 * `GET /metrics` from the environment: on when METRICS_TOKEN or METRICS_ALLOW_FROM is set
 * (both: a scrape must pass both), else off.
 */
export function metricsFromEnv(env: BffEnv): MetricsConfig | undefined {
  if (env.METRICS_TOKEN === undefined && env.METRICS_ALLOW_FROM === undefined) return undefined;
  return {
    ...(env.METRICS_TOKEN === undefined ? {} : { token: env.METRICS_TOKEN }),
    ...(env.METRICS_ALLOW_FROM === undefined ? {} : { allowFrom: env.METRICS_ALLOW_FROM }),
    processMetrics: env.METRICS_PROCESS,
  };
}
