import type { Request, RequestHandler, Response } from 'express';

/** Which requests a fault applies to: glob(s) over the full path and an optional method. */
export interface FaultScope {
  path?: string | readonly string[];
  method?: string;
}

type Matcher = (method: string, path: string, req: Request) => boolean;

type Fault<F> =
  | { kind: 'latency'; ms: number; match: Matcher; key: string }
  | { kind: 'failure'; remaining: number; failure: F; match: Matcher }
  | { kind: 'drop'; remaining: number; match: Matcher };

/** How one provider's router is addressed. */
export interface FaultRouting {
  /**
   * The provider's path prefix, e.g. `/zoom`. Scopes are matched against this prefix plus the
   * path within the provider's router, wherever that router is mounted (so `/google/token`
   * also names `/token` on the Google listener).
   */
  prefix: string;
  /** Glob used when a scope names no path, e.g. `/zoom/**`. */
  defaultPath: string;
  /** Path prefixes never faulted: a person must be able to turn faults off again. */
  unfaulted: readonly string[];
  globToRegExp(glob: string): RegExp;
  /** `METHOD /template` counted in `endpointStats`; `path` is relative to the router. */
  endpointKey(method: string, path: string): string | undefined;
}

export function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
}

/** First template whose pattern matches `path`, as `METHOD template` (or the path itself). */
export function templatedEndpointKey(
  templates: readonly { pattern: RegExp; template: string }[],
  method: string,
  path: string,
): string | undefined {
  const match = templates.find(({ pattern }) => pattern.test(path));
  return match ? `${method} ${match.template || path}` : undefined;
}

/**
 * Injected faults in the order a request meets them: latency, then an injected failure before
 * the handler runs, or a drop after the handler committed its work. Providers say what a
 * failure is and how it is answered.
 */
export abstract class RequestFaults<F> {
  private faults: Fault<F>[] = [];
  private readonly endpointCounts = new Map<string, number>();

  constructor(private readonly routing: FaultRouting) {}

  injectLatency(ms: number, scope?: FaultScope): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be a non-negative number');
    const key = this.scopeKey(scope);
    this.faults = this.faults.filter((f) => !(f.kind === 'latency' && f.key === key));
    if (ms > 0) this.faults.push({ kind: 'latency', ms, match: this.toMatcher(scope), key });
  }

  dropNext(count: number, scope?: FaultScope): void {
    assertCount(count);
    this.faults.push({ kind: 'drop', remaining: count, match: this.toMatcher(scope) });
  }

  reset(): void {
    this.faults = [];
  }

  describe(): string[] {
    return this.faults.map((f) => {
      switch (f.kind) {
        case 'latency':
          return `latency ${f.ms} ms on ${f.key}`;
        case 'failure':
          return `next ${f.remaining} answer(s) ${this.describeFailure(f.failure)}`;
        case 'drop':
          return `next ${f.remaining} answer(s) dropped after commit`;
        default:
          return f satisfies never;
      }
    });
  }

  endpointStats(): Record<string, number> {
    return Object.fromEntries(this.endpointCounts);
  }

  /** Mounted at the top of the provider's router. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const path = this.routing.prefix + req.path;
      const key = this.routing.endpointKey(req.method, req.path);
      if (key) this.endpointCounts.set(key, (this.endpointCounts.get(key) ?? 0) + 1);
      const matching = this.faults.filter((f) => f.match(req.method, path, req));
      const latency = Math.max(0, ...matching.map((f) => (f.kind === 'latency' ? f.ms : 0)));
      const proceed = () => {
        const failure = this.take(matching, 'failure');
        if (failure?.kind === 'failure') {
          this.sendFailure(failure.failure, { req, res, path, endpointKey: key });
          return;
        }
        if (this.take(matching, 'drop')) {
          // The handler runs and commits; the answer never leaves the machine.
          res.end = (() => {
            req.socket.destroy();
            return res;
          }) as typeof res.end;
        }
        next();
      };
      if (latency > 0) setTimeout(proceed, latency);
      else proceed();
    };
  }

  /** Queues `failure` for the next `count` matching requests. */
  protected queueFailure(count: number, failure: F, scope?: FaultScope): void {
    assertCount(count);
    this.faults.push({ kind: 'failure', remaining: count, failure, match: this.toMatcher(scope) });
  }

  /** The part of `describe()` after `next N answer(s) `. */
  protected abstract describeFailure(failure: F): string;

  protected abstract sendFailure(
    failure: F,
    request: { req: Request; res: Response; path: string; endpointKey: string | undefined },
  ): void;

  /** Providers narrow a scope further by the request (e.g. whose token it carries). */
  protected requestMatches(_scope: FaultScope, _req: Request): boolean {
    return true;
  }

  private toMatcher(scope: FaultScope = {}): Matcher {
    const patterns = [scope.path ?? this.routing.defaultPath]
      .flat()
      .map((glob) => this.routing.globToRegExp(glob));
    const method = scope.method?.toUpperCase();
    return (m, path, req) =>
      (method === undefined || method === m) &&
      !this.routing.unfaulted.some((prefix) => path.startsWith(prefix)) &&
      patterns.some((p) => p.test(path)) &&
      this.requestMatches(scope, req);
  }

  private scopeKey(scope: FaultScope = {}): string {
    // Provider-specific narrowing (e.g. Microsoft's `user`) keeps latencies for different users apart.
    const { path: _path, method: _method, ...rest } = scope as Record<string, unknown>;
    const narrowing = Object.entries(rest).filter(([, value]) => value !== undefined);
    return JSON.stringify([
      scope.method?.toUpperCase() ?? '*',
      [scope.path ?? this.routing.defaultPath].flat(),
      ...(narrowing.length ? [Object.fromEntries(narrowing)] : []),
    ]);
  }

  private take(candidates: Fault<F>[], kind: 'failure' | 'drop'): Fault<F> | undefined {
    const fault = candidates.find(
      (f) => f.kind === kind && f.remaining > 0 && this.faults.includes(f),
    );
    if (fault && fault.kind !== 'latency') {
      fault.remaining--;
      if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }
}
