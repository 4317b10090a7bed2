/**
 * Size report and budget guard for `@ats-zoom/react` (and `@ats-zoom/client`), as a consumer's
 * bundler sees them: bundles the built packages (run `pnpm build` first) with the repo's
 * Vite/rolldown, minified, with React, React Query and Radix left external (the page rows count
 * Radix and React Query, as a host without them ships them), then gzips each bundle.
 *
 *   pnpm size          table + budgets; exits 1 when a guard is exceeded or jose/zod is bundled
 */
import { gzipSync } from 'node:zlib';
import { build, type Plugin, type Rolldown } from 'vite';

const repoRoot = new URL('..', import.meta.url).pathname;
const entryPrefix = '\0size-entry:';

/**
 * Left out of a bundle unless an entry counts it. React and React DOM: every host has them (never
 * counted). `@tanstack/react-query`: a peer, which a host may already ship. `@radix-ui/*` (with
 * what it pulls in): a dependency of `@ats-zoom/react` that npm dedupes against a host's own copy,
 * so a host that already ships Radix Select 2 pays nothing more for it; the page rows count it.
 */
const external = {
  react: [/^react(\/|$)/, /^react-dom(\/|$)/],
  reactQuery: [/^@tanstack\/react-query(\/|$)/],
  radix: [/^@radix-ui\//],
} as const;
type Counted = Exclude<keyof typeof external, 'react'>;

/** What a consumer's module imports: `names` from `from` (`*` = everything, `export *`). */
interface Entry {
  label: string;
  imports: { names: string[] | '*'; from: string }[];
  /** External packages this entry bundles and counts, as a host without them ships them. */
  counts?: Counted[];
}
const react = '@ats-zoom/react';
const alone = (name: string): Entry => ({ label: name, imports: [{ names: [name], from: react }] });

const page: Entry['imports'] = [
  {
    names: ['AtsZoomProvider', 'ZoomLinkButton', 'ZoomHostPicker', 'VariableInserter'],
    from: react,
  },
  { names: ['ja'], from: `${react}/locales/ja` },
];

const entries: Entry[] = [
  { label: 'whole @ats-zoom/react', imports: [{ names: '*', from: react }] },
  // Everything but Outlook: the main entry with the meeting link's entry (the link left the main
  // entry with 自動で選ぶ; this row keeps its cost in sight).
  {
    label: 'whole @ats-zoom/react + /meeting-link',
    imports: [
      { names: '*', from: react },
      { names: '*', from: `${react}/meeting-link` },
    ],
  },
  alone('ZoomLinkButton'),
  alone('GoogleCalendarLinkButton'),
  // Its own entry (`@ats-zoom/react/outlook`): the main entry carries no Outlook code.
  {
    label: 'OutlookCalendarLinkButton',
    imports: [{ names: ['OutlookCalendarLinkButton'], from: `${react}/outlook` }],
  },
  alone('ZoomHostPicker'),
  alone('ZoomMeetingPreview'),
  // Its own entry (`@ats-zoom/react/meeting-link`): the interview page's component.
  {
    label: 'ZoomMeetingLink',
    imports: [{ names: ['ZoomMeetingLink'], from: `${react}/meeting-link` }],
  },
  alone('VariableInserter'),
  alone('AtsZoomProvider'),
  // One language: a host imports the one it shows (both only if it switches at run time).
  { label: 'locales/ja', imports: [{ names: ['ja'], from: `${react}/locales/ja` }] },
  { label: 'locales/en', imports: [{ names: ['en'], from: `${react}/locales/en` }] },
  // The Outlook button's texts, one language, only on pages that show it.
  {
    label: 'outlook/locales/ja',
    imports: [{ names: ['outlookJa'], from: `${react}/outlook/locales/ja` }],
  },
  {
    label: 'outlook/locales/en',
    imports: [{ names: ['outlookEn'], from: `${react}/outlook/locales/en` }],
  },
  // The meeting link's texts, one language, only on the interview page.
  {
    label: 'meeting-link/locales/ja',
    imports: [{ names: ['meetingLinkJa'], from: `${react}/meeting-link/locales/ja` }],
  },
  {
    label: 'meeting-link/locales/en',
    imports: [{ names: ['meetingLinkEn'], from: `${react}/meeting-link/locales/en` }],
  },
  // What a typical host screen ships: the provider, the three components of the issue, Japanese:
  // our code alone (a host that already has Radix Select and React Query), then with Radix (a
  // host with React Query only), then with both (a host with neither: React alone).
  { label: 'page: provider + 3 components + ja', imports: page },
  // The interview page: the provider, the meeting link and Japanese (the provider's and the link's).
  {
    label: 'interview page: provider + ZoomMeetingLink + ja',
    imports: [
      { names: ['AtsZoomProvider'], from: react },
      { names: ['ZoomMeetingLink'], from: `${react}/meeting-link` },
      { names: ['ja'], from: `${react}/locales/ja` },
      { names: ['meetingLinkJa'], from: `${react}/meeting-link/locales/ja` },
    ],
  },
  { label: 'page + @radix-ui (host has React Query)', imports: page, counts: ['radix'] },
  {
    label: 'page + @radix-ui + React Query (host has neither)',
    imports: page,
    counts: ['radix', 'reactQuery'],
  },
  // The framework-free client a host may use without React: zod must stay out of it as well.
  { label: 'whole @ats-zoom/client', imports: [{ names: '*', from: '@ats-zoom/client' }] },
];

const KB = 1000;

/**
 * `target`: the budget we hold a component to (under 4 kB each; reported, PASS/MISS). `guard`:
 * what CI enforces, the measured size plus ~5% (capped at the target): a regression guard. The
 * whole main entry keeps its 12.8 kB guard (its earlier 10 kB target is withdrawn). History of
 * the whole: 48.24 kB with zod in the browser; 22.82 kB once the client stopped validating answers
 * with zod and components stopped importing a catalogue; 12.12 kB once the catalogues moved to the
 * `locales/*` entries (a host imports one language) and every component was trimmed; 12.72 kB
 * after the features that followed, 12.53 kB once shared code was trimmed again, 12.77 kB after
 * the next four features and 12.61 kB after a third trim (the link buttons, their connection
 * hook, the provider and the meeting preview); 13.48 kB after 自動で選ぶ, who can start the
 * meeting and the alternative hosts, and 13.15 kB once the client stopped shipping the problem
 * code list (`isProblem` checks a code's shape) and its query string lost branches no query
 * type reaches (the 12.8 kB guard still fails by 0.35 kB). The page
 * with Radix (42.83 kB) and with Radix and React Query (52.14 kB) are guarded as well: a change
 * that pulls in more of Radix, or another dependency, shows there. See the README's "Bundle
 * size". Lower a guard whenever a change shrinks the bundle.
 */
const budgets: Record<string, { target?: number; guard: number }> = {
  'whole @ats-zoom/react': { guard: 12.8 * KB },
  // 13.15 kB when ZoomMeetingLink moved to `@ats-zoom/react/meeting-link` (the main entry was
  // 13.15 kB with 自動で選ぶ and alternative hosts, over its guard; 11.15 kB without the link).
  'whole @ats-zoom/react + /meeting-link': { guard: 13.45 * KB },
  // The component guards below were lowered after the shared-code trim (isApiError without the
  // class, one output module per source module, smaller intl, contract guards and client):
  // ZoomLinkButton 3.92 → 3.71, GoogleCalendarLinkButton 3.71 → 3.51, ZoomHostPicker 2.96 → 2.75,
  // ZoomMeetingPreview 2.17 → 1.94, ZoomMeetingLink 3.87 → 3.67, AtsZoomProvider 2.82 → 2.73.
  // Set again after the third trim (sizes then + ~5%): ZoomLinkButton 3.66, GoogleCalendarLinkButton
  // 3.67, ZoomHostPicker 2.70, ZoomMeetingPreview 1.87, ZoomMeetingLink 3.73, VariableInserter 2.63,
  // AtsZoomProvider 2.81.
  ZoomLinkButton: { target: 4 * KB, guard: 3.85 * KB },
  GoogleCalendarLinkButton: { target: 4 * KB, guard: 3.86 * KB },
  // From `@ats-zoom/react/outlook`: Google's button plus the admin-consent state and the merge
  // of its texts into the provider's catalogue (3 997 B at its start: the guard is the target).
  OutlookCalendarLinkButton: { target: 4 * KB, guard: 4 * KB },
  // 2.83 until 自動で選ぶ (its option, who it would pick and why, who was passed over: 3.04).
  ZoomHostPicker: { target: 4 * KB, guard: 3.15 * KB },
  // 2.12 until its table and its warnings came from one model (meetingPreviewModel).
  // 1.96 until who can start the meeting and the preview of 自動で選ぶ's pick (the host list's
  // query with it: 2.26).
  ZoomMeetingPreview: { target: 4 * KB, guard: 2.35 * KB },
  // 3.92 until 自動で選ぶ's reason and the alternative hosts (4.15 with them); back under its
  // target (3.95) once it stopped bundling the host-list, preview and variable query factories.
  ZoomMeetingLink: { target: 4 * KB, guard: 4 * KB },
  // 2.58 until tokens carried the variable labels (the contract's variableLabels, ja and en).
  VariableInserter: { target: 4 * KB, guard: 2.76 * KB },
  // 2.95 until the client's isProblem and query string were trimmed (2.84 → 2.45).
  AtsZoomProvider: { guard: 2.57 * KB },
  // 5.1 / 4.36 until the texts of malformed_request, meeting_in_past, the past-start warnings, the
  // cancelled meeting link, the passcode, deactivated users and "wait N seconds" joined them.
  // 5.65 / 4.85 until the host-link-revoked, left-at-Zoom and host_needs_reauth texts, the
  // pre-approval question and wait, and the Zoom-time mismatch (5.85 / 5.03 with them).
  // 6.1 / 5.3 until the texts of 自動で選ぶ, who can start the meeting, alternative hosts and
  // no_host_available (6.49 / 5.58 with them). 6.6 / 5.7 until the meeting link's texts moved to
  // `meeting-link/locales/*` (6.49 / 5.58 → 5.50 / 4.68).
  'locales/ja': { guard: 5.6 * KB },
  'locales/en': { guard: 4.77 * KB },
  // The Outlook button's texts (1.61 / 1.23 at their start).
  'outlook/locales/ja': { guard: 1.7 * KB },
  'outlook/locales/en': { guard: 1.3 * KB },
  // The meeting link's texts (1.58 / 1.26 at their start).
  'meeting-link/locales/ja': { guard: 1.63 * KB },
  'meeting-link/locales/en': { guard: 1.3 * KB },
  // 14.8 until the same texts (in `ja`) and the passcode and current-host parts; 14.97 until the
  // shared-code trim (14.77).
  // 15.7 / 45 / 54.7 until 自動で選ぶ and its texts (16.37 / 45.45 / 54.79).
  // 16.6 / 45.7 / 55.1 until the client's trim (16.05 / 45.12 / 54.45).
  // 16.3 / 45.4 / 54.75 until the meeting link's texts left `locales/ja` (16.05 / 45.12 / 54.45
  // → 15.02 / 44.12 / 53.46).
  'page: provider + 3 components + ja': { guard: 15.3 * KB },
  // The interview page at its start (12.59 kB); with the link's texts from their own entry 12.65.
  'interview page: provider + ZoomMeetingLink + ja': { guard: 12.9 * KB },
  'page + @radix-ui (host has React Query)': { guard: 45 * KB },
  'page + @radix-ui + React Query (host has neither)': { guard: 54.5 * KB },
  // 2.37 until isProblem, the query string and getMeetingPreview were trimmed (2.29); 2.4 until
  // isProblem left the problem-code list out and the query string lost its Date and array
  // branches (2.39 → 2.00).
  'whole @ats-zoom/client': { guard: 2.1 * KB },
};

/**
 * Packages that must never reach a browser bundle: jose is for the host's server (client/host);
 * zod stays on the server side of the contract (browser code imports `@ats-zoom/contract/core`).
 */
const forbidden = ['jose', 'zod'];

interface Measure {
  label: string;
  min: number;
  gzip: number;
  /** Rendered (pre-minify) bytes per package that ended up in the bundle. */
  packages: Map<string, number>;
  /** The minified bundle. */
  code: string;
}

function entryPlugin(): Plugin {
  return {
    name: 'size-entry',
    resolveId(id) {
      return id.startsWith(entryPrefix) ? id : null;
    },
    load(id) {
      if (!id.startsWith(entryPrefix)) return null;
      const entry = entries.find((e) => e.label === id.slice(entryPrefix.length));
      return (entry?.imports ?? [])
        .map(({ names, from }) =>
          names === '*'
            ? `export * from '${from}';`
            : `export { ${names.join(', ')} } from '${from}';`,
        )
        .join('\n');
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

function isExternal(entry: Entry, id: string): boolean {
  const left = (['react', 'reactQuery', 'radix'] as const).filter(
    (group) => group === 'react' || !entry.counts?.includes(group),
  );
  return left.some((group) => external[group].some((pattern) => pattern.test(id)));
}

async function measure(entry: Entry): Promise<Measure> {
  const { label } = entry;
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
        input: `${entryPrefix}${label}`,
        preserveEntrySignatures: 'strict',
        external: (id) => isExternal(entry, id),
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
    code,
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

/** Largest first; the packages of a third-party `@scope` summed as one `@scope/* (count)` item. */
function bundledPackages(packages: Map<string, number>): string {
  const groups = new Map<string, { names: string[]; bytes: number }>();
  for (const [pkg, bytes] of packages) {
    if (pkg === '(entry)') continue;
    const key = pkg.startsWith('@') && !pkg.startsWith('@ats-zoom/') ? pkg.split('/')[0] : pkg;
    const group = groups.get(key ?? pkg) ?? { names: [], bytes: 0 };
    groups.set(key ?? pkg, { names: [...group.names, pkg], bytes: group.bytes + bytes });
  }
  return [...groups]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([key, { names, bytes }]) =>
      names.length > 1 ? `${key}/* (${names.length}) ${kb(bytes)}` : `${names[0]} ${kb(bytes)}`,
    )
    .join(', ');
}

const results: Measure[] = [];
for (const entry of entries) results.push(await measure(entry));

console.log(
  'min and min+gzip as a consumer bundles them (left out: react, react-dom; @tanstack/react-query and @radix-ui/* unless the entry names them)\n',
);
console.log(
  table([
    ['entry', 'min', 'min+gzip', 'bundled packages (rendered, pre-minify)'],
    ...results.map((r) => [r.label, kb(r.min), kb(r.gzip), bundledPackages(r.packages)]),
  ]),
);

let failed = false;
console.log('\nbudgets (min+gzip)\n');
const budgetRows = [['entry', 'size', 'guard', 'guard?', 'target', 'target?']];
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
    budget.target === undefined ? '-' : kb(budget.target),
    budget.target === undefined ? '-' : r.gzip <= budget.target ? 'PASS' : 'MISS',
  ]);
}
console.log(table(budgetRows));

for (const r of results) {
  for (const pkg of forbidden) {
    if (r.packages.has(pkg)) {
      failed = true;
      console.error(`\n${r.label}: ${pkg} is bundled, and must not be (server side only)`);
    }
  }
}

// A page without Outlook ships none of its button: its code and texts live in `/outlook`.
const outlookOnly = 'outlookCalendarLinkButton';
for (const r of results.filter((each) => !each.label.toLowerCase().includes('outlook'))) {
  if (r.code.includes(outlookOnly)) {
    failed = true;
    console.error(
      `\n${r.label}: carries the Outlook button (${outlookOnly}), which only /outlook may`,
    );
  }
}

// A page without the meeting link ships none of its texts: they live in `/meeting-link/locales`
// (the interview page imports them). The component names only its keys' prefix (it builds the
// keys), so a whole key marks the texts; the texts' own rows must carry it, or the check is void.
const meetingLinkTextKey = 'zoomMeetingLink.title';
const carriesLinkTexts = (label: string) =>
  label.startsWith('meeting-link/locales/') || label.startsWith('interview page');
for (const r of results) {
  if (r.code.includes(meetingLinkTextKey) === carriesLinkTexts(r.label)) continue;
  failed = true;
  if (carriesLinkTexts(r.label)) {
    console.error(`\n${r.label}: lacks the meeting link's texts (${meetingLinkTextKey})`);
  } else {
    console.error(
      `\n${r.label}: carries the meeting link's texts (${meetingLinkTextKey}), which only /meeting-link/locales may`,
    );
  }
}

if (failed) {
  console.error('\nsize check failed');
  process.exit(1);
}
