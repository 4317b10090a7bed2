import { type RouteName, type RouteResponse, type Routes, routes } from '@ats-zoom/contract';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { z } from 'zod';
import type { Actor } from '../core/shared/actor';
import { type FieldError, ForbiddenError, ValidationError } from '../core/shared/errors';
import type { HostTokenVerifier } from './host-token';
import { sendJsonText } from './json-text';

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<N extends RouteName> {
  /** The verified caller; null only on public routes. */
  actor: Routes[N]['roles'] extends 'public' ? null : Actor;
  params: Output<Routes[N]['params']>;
  query: Output<Routes[N]['query']>;
  body: Output<Routes[N]['body']>;
  req: Request;
  res: Response;
}

export type RouteHandler<N extends RouteName> = (
  context: RouteContext<N>,
) => Promise<RouteResponse<N>>;

/** Who may call a route: the host token check, then what admits a known caller. */
export interface RouteAccess {
  verifyHostToken: HostTokenVerifier;
  /** Refuses a caller the host said is deactivated (403 `user_deactivated`). */
  assertActive?: (actor: Actor) => Promise<void>;
  /** Runs once the caller is known and allowed, before validation (the per-user budgets). */
  admit?: (route: RouteName, actor: Actor, res: Response) => Promise<void>;
}

type JsonRouteHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** Where `mountRoute` puts the contract's routes (see `createJsonRouteTable`). */
export interface JsonRouteTable {
  add(method: HTTPMethod, path: string, handler: JsonRouteHandler): void;
}

/**
 * The contract's routes as one router layer: a request's route is looked up in a radix tree
 * (find-my-way) instead of each route being tried in turn, with Express's matching rules: any
 * case, an optional trailing slash, parameters percent-decoded, HEAD wherever GET is. A request
 * no route takes goes on (`next()`), as does a handler's error (`next(error)`).
 */
export function createJsonRouteTable(): { table: JsonRouteTable; dispatch: RequestHandler } {
  const tree = FindMyWay({
    caseSensitive: false,
    ignoreTrailingSlash: true,
    // No length limit of its own (find-my-way's default is 100): the route's schema says
    // what is too long, as a 400 pointing at the parameter. Node caps the URL at 16 KB.
    maxParamLength: 16_384,
  });
  const table: JsonRouteTable = {
    add(method, path, handler) {
      tree.on(method, path, handler as never);
      if (method === 'GET') tree.on('HEAD', path, handler as never);
    },
  };
  const dispatch: RequestHandler = (req, res, next) => {
    const found = tree.find(req.method as HTTPMethod, req.path);
    if (!found) {
      next();
      return;
    }
    req.params = found.params as Record<string, string>;
    (found.handler as unknown as JsonRouteHandler)(req, res, next).catch(next);
  };
  return { table, dispatch };
}

/**
 * Mounts one route of the contract's table: host token, role and scope first, then whether the
 * caller is still an active ATS user, then the caller's admission (rate limits), then strict validation of params, query and body (nothing runs on
 * invalid input), then the handler, whose answer is parsed by the route's response schema
 * before it leaves.
 */
export function mountRoute<N extends RouteName>(
  table: JsonRouteTable,
  name: N,
  access: RouteAccess,
  handler: RouteHandler<N>,
): void {
  const route = routes[name];
  // A frozen answer (a memoized one the handler answers again) is checked and serialized once.
  const serialized = new WeakMap<object, string>();
  table.add(route.method, route.path, async (req, res) => {
    let actor: Actor | null = null;
    if (route.roles !== 'public') {
      actor = await access.verifyHostToken(req.get('authorization'));
      if (!(route.roles as readonly string[]).includes(actor.role)) throw new ForbiddenError();
      const scope = 'scope' in route ? route.scope : undefined;
      if (scope !== undefined && !actor.scopes?.includes(scope)) {
        throw new ForbiddenError(`This needs a host token with the ${scope} scope.`);
      }
      await access.assertActive?.(actor);
      await access.admit?.(name, actor, res);
    }
    const errors: FieldError[] = [];
    const params = collect(route.params, { ...req.params }, '/params', errors);
    const query = collect(route.query, { ...(req.query as object) }, '/query', errors);
    const body = route.body ? collect(route.body, req.body ?? {}, '/body', errors) : undefined;
    if (errors.length > 0) throw new ValidationError(errors);

    const result = await handler({ actor, params, query, body, req, res } as RouteContext<N>);
    if (route.response === null) {
      res.status(route.successStatus).end();
      return;
    }
    const kept = typeof result === 'object' && result !== null ? result : undefined;
    let text = kept && serialized.get(kept);
    if (text === undefined) {
      text = JSON.stringify(route.response.parse(result));
      if (kept && Object.isFrozen(kept)) serialized.set(kept, text);
    }
    sendJsonText(res, route.successStatus, text);
  });
}

function collect(schema: z.ZodType, value: unknown, base: string, errors: FieldError[]): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ pointer: toPointer(base, [...path, key]), message: 'Unknown field.' });
      }
    } else {
      errors.push({ pointer: toPointer(base, path), message: issue.message });
    }
  }
  return undefined;
}

/** RFC 6901: `~` and `/` inside a segment are escaped. */
function toPointer(base: string, segments: string[]): string {
  return base + segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
