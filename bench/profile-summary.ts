/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the top self-time frames, and the
 * share of the places a cached BFF request can spend its time, each sample counted for the
 * innermost frame of its stack that is in one of those places (so native work, a hash or a
 * SQLite step, counts for the code that asked for it, and a middleware's `next()` chain does
 * not count for that middleware). Usage:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx --conditions=@ats-zoom/source \
 *     bench/run.ts --throughput-only
 *   pnpm exec tsx bench/profile-summary.ts /tmp/prof/CPU.<...>.001.cpuprofile [lastSeconds]
 * With `lastSeconds`, only the samples of the profile's last seconds count (the throughput
 * table loads cached GET /v1/hosts last).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's source lives: a package name, or a workspace source folder. */
function placeOf(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const packages = /\/packages\/([^/]+)\/src\/(.*)$/.exec(url);
  if (packages) return `@ats-zoom/${packages[1]}:${packages[2]}`;
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native)' : url.replace(/^.*\//, '');
}

/** Groups that answer "where does a cached request go", matched on the frame's place. */
const GROUPS: [string, RegExp][] = [
  ['host token (jose JWT verify)', /^jose$|http\/host-token/],
  ['zod (params/query parse + answer validation)', /^zod$/],
  ['pino logging', /^pino|^sonic-boom|^fast-redact|^@pinojs|http\/request-context/],
  ['helmet', /^helmet$/],
  ['cors', /^cors$/],
  ['rate limits', /http\/rate-limits|rate-limit-counters|^ipaddr\.js$/],
  ['store (SQLite, repositories)', /adapters\/store|^better-sqlite3$|^kysely$/],
  ['express + router', /^express$|^router$|^body-parser$|^finalhandler$|^send$|^on-finished$/],
  ['node http', /^node:_http|^node:http|^node:net|^node:stream|^node:internal\/streams/],
];

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [lastSeconds]');
const lastSeconds = Number(process.argv[3] ?? Number.POSITIVE_INFINITY);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<string, number>();
const byGroup = new Map<string, number>();
let total = 0;
let idle = 0;
const ends: number[] = [];
let clock = 0;
for (const dt of profile.timeDeltas) {
  clock += dt;
  ends.push(clock);
}
const from = clock - lastSeconds * 1e6;
profile.samples.forEach((id, index) => {
  if ((ends[index] ?? 0) < from) return;
  const dt = profile.timeDeltas[index] ?? 0;
  total += dt;
  const node = byId.get(id);
  if (!node) return;
  const name = node.callFrame.functionName || '(anonymous)';
  if (name === '(idle)') idle += dt;
  const key = `${name}  ${placeOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  let found = name === '(idle)' ? '(idle)' : name === '(garbage collector)' ? '(GC)' : undefined;
  for (let at: number | undefined = id; found === undefined && at !== undefined; ) {
    const frame = byId.get(at);
    if (!frame) break;
    const place = placeOf(frame.callFrame.url);
    found = GROUPS.find(([, pattern]) => pattern.test(place))?.[0];
    at = parent.get(at);
  }
  const group = found ?? '(other: BFF core, bench, emulator)';
  byGroup.set(group, (byGroup.get(group) ?? 0) + dt);
});

const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
const busy = total - idle;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${pct(busy)} busy`);
console.log('\nTop self time');
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${pct(us).padStart(6)}  ${key}`);
}
console.log('\nBy place (innermost matching frame of each sample)');
for (const [group, us] of [...byGroup].sort((a, b) => b[1] - a[1])) {
  console.log(`${pct(us).padStart(6)}  ${group}`);
}
