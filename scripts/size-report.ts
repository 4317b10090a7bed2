/**
 * Size report and budget guard for `@ats-zoom/react`, as a consumer's bundler sees it:
 * bundles the built packages (run `pnpm build` first) with the repo's Vite/rolldown, minified,
 * with the peers left external, then gzips each bundle.
 *
 *   pnpm size          table + budgets; exits 1 when a guard budget is exceeded or jose is bundled
 */
import { gzipSync } from 'node:zlib';
import { build, type Plugin, type Rolldown } from 'vite';

const repoRoot = new URL('..', import.meta.url).pathname;
const entryPrefix = '\0size-entry:';

/** What a consumer already has: never counted. */
const peers = [/^react(\/|$)/, /^react-dom(\/|$)/, /^@tanstack\/react-query(\/|$)/, /^@radix-ui\//];

/** Undefined name = the whole entry (`export *`). */
const entries: { label: string; name?: string }[] = [
  { label: 'whole @ats-zoom/react' },
  { label: 'ZoomLinkButton', name: 'ZoomLinkButton' },
  { label: 'GoogleCalendarLinkButton', name: 'GoogleCalendarLinkButton' },
  { label: 'ZoomHostPicker', name: 'ZoomHostPicker' },
  { label: 'ZoomMeetingPreview', name: 'ZoomMeetingPreview' },
  { label: 'ZoomMeetingLink', name: 'ZoomMeetingLink' },
  { label: 'VariableInserter', name: 'VariableInserter' },
];

const KB = 1000;

/**
 * `target`: what the issue asks for (reported, PASS/MISS). `guard`: what CI enforces. Both targets
 * are missed today (classic zod reaches the bundle through @ats-zoom/contract and the client's
 * response validation), so each guard is the measured size plus ~5%: a regression guard. Measured
 * with the Google Calendar link, the calendar part of ZoomMeetingLink and their ja/en messages
 * (one catalogue per locale, so every component carries every message): 48.23 kB whole,
 * 35.82 kB ZoomLinkButton, 35.58 kB GoogleCalendarLinkButton. Lower a guard whenever a change
 * shrinks the bundle.
 */
const budgets: Record<string, { target: number; guard: number }> = {
  'whole @ats-zoom/react': { target: 10 * KB, guard: 50.5 * KB },
  ZoomLinkButton: { target: 4 * KB, guard: 37.5 * KB },
  GoogleCalendarLinkButton: { target: 4 * KB, guard: 37.5 * KB },
};

/** Packages that must never reach a browser bundle (jose is for the host's server: client/host). */
const forbidden = ['jose'];

interface Measure {
  label: string;
  min: number;
  gzip: number;
  /** Rendered (pre-minify) bytes per package that ended up in the bundle. */
  packages: Map<string, number>;
}

function entryPlugin(): Plugin {
  return {
    name: 'size-entry',
    resolveId(id) {
      return id.startsWith(entryPrefix) ? id : null;
    },
    load(id) {
      if (!id.startsWith(entryPrefix)) return null;
      const name = id.slice(entryPrefix.length);
      return name === '*'
        ? "export * from '@ats-zoom/react';"
        : `export { ${name} } from '@ats-zoom/react';`;
    },
  };
}

/** `…/node_modules/.pnpm/zod@4.1.0/node_modules/zod/…` → zod; `…/packages/client/…` → @ats-zoom/client. */
function packageOf(id: string): string {
  const nm = id.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = id.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? id);
  }
  const ws = /\/packages\/([^/]+)\//.exec(id);
  if (ws) return `@ats-zoom/${ws[1]}`;
  return id.startsWith('\0') ? '(entry)' : id;
}

async function measure(label: string, name: string | undefined): Promise<Measure> {
  const result = await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'silent',
    mode: 'production',
    plugins: [entryPlugin()],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: `${entryPrefix}${name ?? '*'}`,
        preserveEntrySignatures: 'strict',
        external: (id) => peers.some((peer) => peer.test(id)),
        output: { format: 'es', codeSplitting: false },
      },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs
    .flatMap((o) => o.output)
    .filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  const code = chunks.map((c) => c.code).join('\n');
  const packages = new Map<string, number>();
  for (const chunk of chunks) {
    for (const [id, info] of Object.entries(chunk.modules)) {
      if (info.renderedLength === 0) continue;
      const pkg = packageOf(id);
      packages.set(pkg, (packages.get(pkg) ?? 0) + info.renderedLength);
    }
  }
  return {
    label,
    min: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).byteLength,
    packages,
  };
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} kB`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [
    line(rows[0] ?? []),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

const results: Measure[] = [];
for (const { label, name } of entries) results.push(await measure(label, name));

console.log(
  '@ats-zoom/react: min and min+gzip (peers external: react, react-dom, @tanstack/react-query, @radix-ui/*)\n',
);
console.log(
  table([
    ['entry', 'min', 'min+gzip', 'bundled packages (rendered, pre-minify)'],
    ...results.map((r) => [
      r.label,
      kb(r.min),
      kb(r.gzip),
      [...r.packages]
        .filter(([pkg]) => pkg !== '(entry)')
        .sort((a, b) => b[1] - a[1])
        .map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`)
        .join(', '),
    ]),
  ]),
);

let failed = false;
console.log('\nbudgets (min+gzip)\n');
const budgetRows = [['entry', 'size', 'guard', 'guard?', 'issue target', 'target?']];
for (const r of results) {
  const budget = budgets[r.label];
  if (!budget) continue;
  const guardOk = r.gzip <= budget.guard;
  if (!guardOk) failed = true;
  budgetRows.push([
    r.label,
    kb(r.gzip),
    kb(budget.guard),
    guardOk ? 'PASS' : 'FAIL',
    kb(budget.target),
    r.gzip <= budget.target ? 'PASS' : 'MISS',
  ]);
}
console.log(table(budgetRows));

for (const r of results) {
  for (const pkg of forbidden) {
    if (r.packages.has(pkg)) {
      failed = true;
      console.error(`\n${r.label}: ${pkg} is bundled, and must not be (server-side only)`);
    }
  }
}

if (failed) {
  console.error('\nsize check failed');
  process.exit(1);
}
