import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every source file of the package (tests included: they must not close a cycle either). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x` → `./x.ts` or `./x/index.ts`). */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** The import graph of src/: every static import and re-export, type-only ones too. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.flatMap(({ fileName }) => resolveImport(file, fileName) ?? []),
    );
  }
  return graph;
}

/** One cycle per strongly connected component of more than one file (or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found.map((component) => component.map((file) => relative(srcDir, file)).sort());
}

/**
 * What names a vendor's API: its hosts, its headers, its endpoint paths, its error codes and
 * event names. Only a vendor's adapter folder (and the provider registry) may say them.
 */
const vendorApiPatterns: { what: string; pattern: RegExp }[] = [
  { what: 'a Zoom host', pattern: /\bzoom\.us\b/i },
  { what: 'a Google API host', pattern: /googleapis\.com|accounts\.google\.com/i },
  { what: 'a Microsoft host', pattern: /graph\.microsoft\.com|login\.microsoftonline\.com/i },
  { what: "Zoom's webhook headers", pattern: /\bx-zm-/i },
  { what: "Zoom's webhook events", pattern: /endpoint\.url_validation|app_deauthorized/ },
  { what: "Zoom's error codes", pattern: /\bcode\s*===?\s*(124|3001|1001)\b/ },
  {
    what: "Google's error reasons",
    pattern: /\b(rateLimitExceeded|userRateLimitExceeded|quotaExceeded|dailyLimitExceeded)\b/,
  },
  { what: "Microsoft's error codes", pattern: /\bAADSTS\d+|\bErrorItemNotFound\b/ },
  {
    what: 'a vendor endpoint path',
    pattern:
      /\/users\/me\b|\/oauth\/(token|authorize|revoke)\b|\/calendar\/v3|\/freeBusy\b|\/calendarView\b|\/getSchedule\b|\/me\/events\b|\/oauth2\/v2\.0\//,
  },
];

/** Folders (under src/) that may name a vendor's API: its adapter, and the provider registry. */
const vendorFolders = [
  'adapters/zoom/',
  'adapters/google/',
  'adapters/microsoft/',
  'core/providers/',
];

/** Product code: tests check the vendors' real values and are not scanned. */
function productFiles(): string[] {
  return sourceFiles(srcDir).filter((file) => !/\.(test|type-test)\.ts$/.test(file));
}

/** `file:line what` for every vendor API name outside the allowed folders. */
function vendorApiMentions(files: { path: string; text: string }[]): string[] {
  return files.flatMap(({ path, text }) => {
    if (vendorFolders.some((folder) => path.startsWith(folder))) return [];
    return text
      .split('\n')
      .flatMap((line, index) =>
        vendorApiPatterns
          .filter(({ pattern }) => pattern.test(line))
          .map(({ what }) => `${path}:${index + 1} ${what}`),
      );
  });
}

describe('the BFF source layout', () => {
  it('when a file outside the adapters names a vendor host, header or endpoint, then the check reports it; inside its adapter folder it does not', () => {
    const planted = [
      { path: 'core/example.ts', text: "const url = 'https://api.zoom.us/v2/users/me';" },
      { path: 'http/example.ts', text: "req.get('x-zm-signature');" },
      { path: 'core/other.ts', text: "if (error.reason === 'quotaExceeded') {}" },
      { path: 'adapters/zoom/example.ts', text: "const url = 'https://api.zoom.us/v2/users/me';" },
    ];
    expect(vendorApiMentions(planted)).toEqual([
      'core/example.ts:1 a Zoom host',
      'core/example.ts:1 a vendor endpoint path',
      "http/example.ts:1 Zoom's webhook headers",
      "core/other.ts:1 Google's error reasons",
    ]);
  });

  it('when packages/bff/src is scanned, then no file outside adapters/<vendor>/ and the provider registry names a vendor API', () => {
    const files = productFiles().map((file) => ({
      path: relative(srcDir, file),
      text: readFileSync(file, 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(50);
    expect(vendorApiMentions(files)).toEqual([]);
  });

  it('when the import graph of packages/bff/src is built, then it has files and edges (the check below sees real imports)', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    const store = [...graph].find(([file]) => file.endsWith('adapters/store/open-store.ts'));
    expect(store?.[1].map((file) => relative(srcDir, file))).toContain(
      'adapters/store/repositories.ts',
    );
  });

  it('when a cycle is planted in a graph, then the check finds it', () => {
    const planted = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
      ['/d.ts', ['/a.ts']],
    ]);
    expect(cycles(planted)).toHaveLength(1);
  });

  it('when the core imports, then it reaches only the core (ports, providers, its features): never an adapter, the HTTP layer or the server', () => {
    const outward = [...importGraph()].flatMap(([file, targets]) => {
      const from = relative(srcDir, file);
      if (!from.startsWith('core/')) return [];
      return targets
        .map((target) => relative(srcDir, target))
        .filter((target) => !target.startsWith('core/'))
        .map((target) => `${from} -> ${target}`);
    });
    expect(outward).toEqual([]);
  });

  it('when every import of packages/bff/src is followed (the store included), then no file imports itself through others', () => {
    expect(cycles(importGraph())).toEqual([]);
  });
});
