import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from './core';
import {
  OAuthResultMessageSchema,
  ProblemSchema,
  problemCodes,
  problemTypes,
  problemTypeUri,
  type RouteName,
  routePaths,
  routes,
} from './index';

describe('zod-free route paths', () => {
  it('name the same routes as the zod route table', () => {
    expect(Object.keys(routePaths).sort()).toEqual(Object.keys(routes).sort());
  });

  it.each(Object.keys(routes) as RouteName[])(
    '%s: the zod route agrees with its path entry',
    (name) => {
      const route = routes[name];
      const path = routePaths[name];
      expect({
        method: route.method,
        path: route.path,
        hasBody: route.hasBody,
        successStatus: route.successStatus,
        idempotencyKey: 'idempotencyKey' in route ? route.idempotencyKey : undefined,
      }).toEqual({
        method: path.method,
        path: path.path,
        hasBody: path.hasBody,
        successStatus: path.successStatus,
        idempotencyKey: 'idempotencyKey' in path ? path.idempotencyKey : undefined,
      });
      expect(route.body !== null).toBe(path.hasBody);
      expect(route.response === null).toBe(path.successStatus === 204);
    },
  );
});

describe('isOAuthResultMessage', () => {
  const valid = {
    type: 'ats-zoom:oauth-result',
    provider: 'google',
    attemptId: 'att_1',
    ok: false,
  };
  const samples: [string, unknown][] = [
    ['a zoom success', { ...valid, provider: 'zoom', ok: true }],
    ['a google failure', valid],
    ['extra fields', { ...valid, code: 'secret' }],
    ['another type', { ...valid, type: 'other' }],
    ['an unknown provider', { ...valid, provider: 'teams' }],
    ['a numeric attempt id', { ...valid, attemptId: 1 }],
    ['ok as a string', { ...valid, ok: 'true' }],
    ['no ok', { type: valid.type, provider: 'zoom', attemptId: 'a' }],
    ['null', null],
    ['a string', 'ats-zoom:oauth-result'],
    ['an array', [valid]],
  ];

  it.each(samples)('when given %s, then it answers as OAuthResultMessageSchema does', (_, data) => {
    expect(core.isOAuthResultMessage(data)).toBe(OAuthResultMessageSchema.safeParse(data).success);
  });

  it('accepts a valid message and refuses a forged one', () => {
    expect(core.isOAuthResultMessage(valid)).toBe(true);
    expect(core.isOAuthResultMessage({ ...valid, provider: 'teams' })).toBe(false);
  });
});

describe('isProblem', () => {
  const { status, title } = problemTypes.calendar_forbidden;
  const valid = {
    type: problemTypeUri('calendar_forbidden'),
    title,
    status,
    code: 'calendar_forbidden',
  };
  const samples: [string, unknown][] = [
    ['the required fields', valid],
    [
      'every optional field',
      {
        ...valid,
        detail: 'd',
        instance: '/v1/x',
        requestId: 'req_1',
        errors: [{ pointer: '/body/start', message: 'Required' }],
      },
    ],
    ['a fractional status', { ...valid, status: 403.5 }],
    ['a string status', { ...valid, status: '403' }],
    ['no title', { type: valid.type, status, code: valid.code }],
    ['a numeric detail', { ...valid, detail: 1 }],
    ['a null instance', { ...valid, instance: null }],
    ['errors that are not an array', { ...valid, errors: { pointer: '/', message: 'm' } }],
    ['an error without a message', { ...valid, errors: [{ pointer: '/' }] }],
    ['null', null],
    ['an HTML page', '<html>Bad gateway</html>'],
  ];

  it.each(samples)('when given %s, then it answers as ProblemSchema does', (_, data) => {
    expect(core.isProblem(data)).toBe(ProblemSchema.safeParse(data).success);
  });

  it('when every code of the registry is sent, then each is a problem (as ProblemSchema says)', () => {
    for (const code of problemCodes) {
      const problem = { ...valid, code };
      expect(core.isProblem(problem), code).toBe(ProblemSchema.safeParse(problem).success);
      expect(core.isProblem(problem), code).toBe(true);
    }
  });

  // Unlike ProblemSchema (the server's, strict): a newer BFF's code is still a problem to report.
  it('when a newer BFF sends a code this build does not know, then it is still a problem', () => {
    expect(core.isProblem({ ...valid, code: 'calendar_on_fire' })).toBe(true);
    expect(ProblemSchema.safeParse({ ...valid, code: 'calendar_on_fire' }).success).toBe(false);
  });

  it.each<[string, unknown]>([
    ['no code', undefined],
    ['a numeric code', 409],
    ['an empty code', ''],
    ['a code that is not snake_case', 'Calendar Forbidden'],
    ['a code in an array', ['calendar_forbidden']],
  ])('when the code is %s, then it is not a problem', (_, code) => {
    expect(core.isProblem({ ...valid, code })).toBe(false);
  });
});

describe('@ats-zoom/contract/core', () => {
  it('imports nothing from zod at runtime, through any of its modules', () => {
    const srcDir = import.meta.dirname;
    const seen = new Set<string>();
    const runtimeImports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(
        /^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms,
      )) {
        const [, typeOnly, specifier = ''] = match;
        if (typeOnly) continue;
        if (specifier.startsWith('.')) visit(`${resolve(dirname(file), specifier)}.ts`);
        else runtimeImports.push(specifier);
      }
    };
    visit(resolve(srcDir, 'core.ts'));

    expect(seen.size).toBeGreaterThan(4);
    expect(runtimeImports).toEqual([]);
  });
});
