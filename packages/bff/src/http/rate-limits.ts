import { type RouteName, routes } from '@ats-zoom/contract';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import ipaddr from 'ipaddr.js';
import type { RateLimitCounter, RateLimitPolicy, RateLimitTake, Store } from '../core/ports';
import type { Actor } from '../core/shared/actor';
import { RateLimitedError } from '../core/shared/errors';
import { sha256Hex } from '../core/shared/secrets';

/** At most `limit` requests in each window of `windowSeconds` (a fixed window per key). */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * The BFF's own request limits (`BffConfig.rateLimits`). Each budget is kept in the store, so
 * every instance on one PostgreSQL database spends the same budget; on SQLite (one instance)
 * it is kept in memory. `false` turns one limit off; omitted ones take the defaults
 * (`defaultRateLimits`). A limited request answers 429 `rate_limited` with `Retry-After`;
 * limited routes also send `RateLimit-Policy` and `RateLimit` (IETF draft
 * draft-ietf-httpapi-ratelimit-headers).
 */
export interface RateLimitsConfig {
  /**
   * Every request under `/v1` but the Zoom webhook, per client IP, counted before the host
   * token is read (a flood of bad tokens is limited too). The IP is Express's `req.ip`: behind
   * a load balancer, set the host app's `trust proxy`, or every user shares the balancer's IP.
   */
  perIp?: RateLimit | false;
  /** POST, PUT and DELETE routes (but the render preview), per tenant and user. */
  writesPerUser?: RateLimit | false;
  /** `POST /v1/variables/render` (a read sent as POST: it writes nothing), per tenant and user. */
  rendersPerUser?: RateLimit | false;
  /** `POST /v1/connections/:provider/authorize`, per tenant and user (on top of the writes). */
  oauthStartsPerUser?: RateLimit | false;
  /** The OAuth popup's start page (`GET /v1/oauth/:provider/start`), per client IP. */
  oauthPopupStartsPerIp?: RateLimit | false;
  /**
   * Live (pending, unexpired) OAuth attempts per user. A start beyond it expires that user's
   * oldest live attempts: the newest click always works.
   */
  maxLiveOAuthAttemptsPerUser?: number | false;
  /** IPv6 clients are counted per prefix of this length (one customer's network). */
  ipv6Subnet?: number;
}

export const defaultRateLimits = {
  perIp: { limit: 600, windowSeconds: 60 },
  writesPerUser: { limit: 60, windowSeconds: 60 },
  rendersPerUser: { limit: 300, windowSeconds: 60 },
  oauthStartsPerUser: { limit: 10, windowSeconds: 600 },
  oauthPopupStartsPerIp: { limit: 60, windowSeconds: 600 },
  maxLiveOAuthAttemptsPerUser: 5,
  ipv6Subnet: 56,
} as const satisfies Required<RateLimitsConfig>;

/** The name of each budget in `RateLimit-Policy` / `RateLimit` and in 429 details. */
const policyNames = {
  perIp: 'ip',
  writesPerUser: 'writes',
  rendersPerUser: 'renders',
  oauthStartsPerUser: 'oauth-start',
  oauthPopupStartsPerIp: 'oauth-popup',
} as const;

type BudgetSetting = keyof typeof policyNames;

interface Budget {
  policy: RateLimitPolicy;
  counter: RateLimitCounter;
  /** Whose budget, for the 429 detail. */
  per: 'client IP' | 'user';
}

export interface RateLimits {
  /** Middleware for every `/v1` request (mounted after the webhook): the per-IP budget. */
  perIp: RequestHandler;
  /** Middleware for the OAuth popup's start pages: the per-IP popup budget. */
  oauthPopupStart: RequestHandler;
  /** Once the caller is known, before anything else: the user's budgets of this route. */
  admitUser(route: RouteName, actor: Actor, res: Response): Promise<void>;
  maxLiveOAuthAttemptsPerUser: number | undefined;
}

/** How a refused request that is not a JSON route (the popup's pages) is answered. */
export type RefusalHandler = (
  req: Request,
  res: Response,
  next: NextFunction,
  error: RateLimitedError,
) => void;

const isWholeAtLeast = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

/**
 * What is wrong with a `rateLimits` setting, each problem with its path inside it (createBff's
 * config check reports them as `config.rateLimits.<path>`). Empty when it is fine.
 */
export function rateLimitsProblems(value: unknown): { path: string[]; message: string }[] {
  if (value === undefined || value === false) return [];
  if (typeof value !== 'object' || value === null) {
    return [{ path: [], message: 'must be an object of limits, or false' }];
  }
  const given = value as Record<string, unknown>;
  const problems: { path: string[]; message: string }[] = [];
  for (const setting of Object.keys(policyNames)) {
    const limit = given[setting];
    if (limit === undefined || limit === false) continue;
    if (typeof limit !== 'object' || limit === null) {
      problems.push({ path: [setting], message: 'must be { limit, windowSeconds } or false' });
      continue;
    }
    for (const field of ['limit', 'windowSeconds']) {
      const n = (limit as Record<string, unknown>)[field];
      if (!isWholeAtLeast(n, 1)) {
        problems.push({
          path: [setting, field],
          message: `must be a whole number >= 1, got ${String(n)}`,
        });
      }
    }
  }
  const maxLive = given.maxLiveOAuthAttemptsPerUser;
  if (maxLive !== undefined && maxLive !== false && !isWholeAtLeast(maxLive, 1)) {
    problems.push({
      path: ['maxLiveOAuthAttemptsPerUser'],
      message: `must be a whole number >= 1, or false, got ${String(maxLive)}`,
    });
  }
  const subnet = given.ipv6Subnet;
  if (subnet !== undefined && !isWholeAtLeast(subnet, 1, 128)) {
    problems.push({
      path: ['ipv6Subnet'],
      message: `must be a prefix length 1-128, got ${String(subnet)}`,
    });
  }
  return problems;
}

/** The effective limits of a checked `rateLimits` setting: defaults filled in. */
export function resolveRateLimits(config: RateLimitsConfig | false | undefined) {
  const given: RateLimitsConfig =
    config === false
      ? {
          perIp: false,
          writesPerUser: false,
          rendersPerUser: false,
          oauthStartsPerUser: false,
          oauthPopupStartsPerIp: false,
          maxLiveOAuthAttemptsPerUser: false,
        }
      : (config ?? {});
  const budgets = Object.fromEntries(
    (Object.keys(policyNames) as BudgetSetting[]).map((setting) => [
      setting,
      given[setting] ?? defaultRateLimits[setting],
    ]),
  ) as Record<BudgetSetting, RateLimit | false>;
  return {
    ...budgets,
    maxLiveOAuthAttemptsPerUser:
      given.maxLiveOAuthAttemptsPerUser ?? defaultRateLimits.maxLiveOAuthAttemptsPerUser,
    ipv6Subnet: given.ipv6Subnet ?? defaultRateLimits.ipv6Subnet,
  };
}

/**
 * The key of a client address: IPv4 as is (also when mapped into IPv6), IPv6 by its
 * `/subnet` network, since one customer usually holds a whole /64 or /56 and could otherwise
 * take a fresh budget per address.
 */
export function clientAddressKey(ip: string | undefined, subnet: number): string {
  if (!ip) return 'unknown';
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    return `raw:${ip.slice(0, 100)}`;
  }
  if (address.kind() === 'ipv4') return address.toString();
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${v6.toNormalizedString()}/${subnet}`);
  return `${network.toString()}/${subnet}`;
}

/** The per-user key: tenant and user id, hashed to a fixed length. */
function userKey(actor: Actor): string {
  return sha256Hex(`${actor.tenantId}\n${actor.userId}`);
}

/** RFC 8941 sf-string: the policy names are plain lower-case words. */
const quoted = (name: string) => `"${name}"`;

/**
 * Takes one request from a budget and says so in the IETF headers (draft 11 form):
 * `RateLimit-Policy: "writes";q=60;w=60` and `RateLimit: "writes";r=59;t=42`. Several budgets
 * on one request add members to each list.
 */
async function spend(budget: Budget, key: string, res: Response): Promise<RateLimitTake> {
  const taken = await budget.counter.take(key);
  const { name, limit, windowSeconds } = budget.policy;
  const resetSeconds = Math.ceil(taken.resetMs / 1000);
  res.append('RateLimit-Policy', `${quoted(name)};q=${limit};w=${windowSeconds}`);
  res.append('RateLimit', `${quoted(name)};r=${taken.remaining};t=${resetSeconds}`);
  return taken;
}

function refusal(budget: Budget, taken: RateLimitTake): RateLimitedError {
  const { name, limit, windowSeconds } = budget.policy;
  const retryAfterSeconds = Math.max(1, Math.ceil(taken.resetMs / 1000));
  return new RateLimitedError(
    retryAfterSeconds,
    `The ${name} limit (${limit} requests per ${windowSeconds} s per ${budget.per}) is used up; try again in ${retryAfterSeconds} s.`,
  );
}

/** Client addresses whose budget key is remembered at most (all forgotten beyond it). */
const ADDRESS_KEYS_MAX_ENTRIES = 10_000;

/** Builds the limiters of one BFF over the store's shared counters. */
export function createRateLimits(
  store: Pick<Store, 'rateLimitCounter'>,
  config: RateLimitsConfig | false | undefined,
  onRefusedPage: RefusalHandler,
): RateLimits {
  const limits = resolveRateLimits(config);
  const budget = (setting: BudgetSetting, per: Budget['per']): Budget | null => {
    const limit = limits[setting];
    if (limit === false) return null;
    const policy = { name: policyNames[setting], ...limit };
    return { policy, counter: store.rateLimitCounter(policy), per };
  };
  const perIp = budget('perIp', 'client IP');
  const popup = budget('oauthPopupStartsPerIp', 'client IP');
  const writes = budget('writesPerUser', 'user');
  const renders = budget('rendersPerUser', 'user');
  const oauthStarts = budget('oauthStartsPerUser', 'user');

  // The key of each recent client address, so a busy client's address is parsed once.
  const addressKeys = new Map<string, string>();
  const addressKeyOf = (ip: string | undefined): string => {
    if (ip === undefined) return clientAddressKey(ip, limits.ipv6Subnet);
    let key = addressKeys.get(ip);
    if (key === undefined) {
      if (addressKeys.size >= ADDRESS_KEYS_MAX_ENTRIES) addressKeys.clear();
      key = clientAddressKey(ip, limits.ipv6Subnet);
      addressKeys.set(ip, key);
    }
    return key;
  };

  const byAddress =
    (each: Budget | null): RequestHandler =>
    (req, res, next) => {
      if (!each) {
        next();
        return;
      }
      spend(each, addressKeyOf(req.ip), res).then((taken) => {
        if (taken.allowed) next();
        else onRefusedPage(req, res, next, refusal(each, taken));
      }, next);
    };

  // The narrower budget first: a start it refuses spends none of the user's writes.
  const userBudgets = (route: RouteName): Budget[] => {
    if (routes[route].method === 'GET') return [];
    if (route === 'renderVariables') return renders ? [renders] : [];
    const found = route === 'startAuthorization' && oauthStarts ? [oauthStarts] : [];
    if (writes) found.push(writes);
    return found;
  };

  return {
    perIp: byAddress(perIp),
    oauthPopupStart: byAddress(popup),
    async admitUser(route, actor, res) {
      const budgets = userBudgets(route);
      if (budgets.length === 0) return;
      const key = userKey(actor);
      for (const each of budgets) {
        const taken = await spend(each, key, res);
        if (!taken.allowed) throw refusal(each, taken);
      }
    },
    maxLiveOAuthAttemptsPerUser:
      limits.maxLiveOAuthAttemptsPerUser === false ? undefined : limits.maxLiveOAuthAttemptsPerUser,
  };
}
