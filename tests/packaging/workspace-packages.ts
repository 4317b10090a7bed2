import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
const packagesDir = join(repoRoot, 'packages');

export interface PackageJson {
  name: string;
  version: string;
  type?: string;
  engines?: Record<string, string>;
  sideEffects?: boolean | string[];
  exports?: Record<string, unknown>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** Folder name under packages/, e.g. `react`. */
  folder: string;
  dir: string;
  manifest: PackageJson;
}

export function workspacePackages(): WorkspacePackage[] {
  return readdirSync(packagesDir)
    .filter((folder) => existsSync(join(packagesDir, folder, 'package.json')))
    .sort()
    .map((folder) => {
      const dir = join(packagesDir, folder);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      return { folder, dir, manifest };
    });
}

/** Every file under `dir` (recursively) whose path passes `keep`. */
export function filesUnder(dir: string, keep: (path: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(keep);
}

const notBuildInput = /\.(test|stories)\.tsx?$|\.mdx$|[\\/]test[\\/]/;

/**
 * True when dist/ is missing or older than anything it is built from: the package's sources,
 * package.json, vite config, and the shared vite.lib.ts.
 */
export function isBuildStale(pkg: WorkspacePackage): boolean {
  const built = filesUnder(join(pkg.dir, 'dist'), (path) => path.endsWith('.js'));
  if (built.length === 0) return true;
  const builtAt = Math.min(...built.map((path) => statSync(path).mtimeMs));
  const inputs = [
    ...filesUnder(join(pkg.dir, 'src'), (path) => !notBuildInput.test(path)),
    join(pkg.dir, 'package.json'),
    join(pkg.dir, 'vite.config.ts'),
    join(repoRoot, 'vite.lib.ts'),
  ].filter((path) => existsSync(path));
  return inputs.some((path) => statSync(path).mtimeMs > builtAt);
}

/** pnpm 12 as CI has it on PATH, or through npx where it is not installed. */
export function pnpmCommand(): [string, ...string[]] {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim().startsWith('12.')) return ['pnpm'];
  return ['npx', '-y', 'pnpm@12'];
}

export function run(
  command: readonly [string, ...string[]],
  args: readonly string[],
  cwd: string,
  /** Kill the command after this long, so a hung step fails with its own message. */
  timeoutMs = 200_000,
  /** The command's environment. @default this process's */
  env: NodeJS.ProcessEnv = process.env,
): string {
  const [file, ...lead] = command;
  try {
    return execFileSync(file, [...lead, ...args], {
      cwd,
      env,
      timeout: timeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `\`${[...command, ...args].join(' ')}\` failed in ${cwd}\n${failed.stdout ?? ''}\n${failed.stderr ?? failed.message}`,
    );
  }
}

const lockDir = join(repoRoot, 'node_modules', '.cache', 'ats-zoom-packaging.lock');
const staleLockMs = 10 * 60_000;

/**
 * Runs `work` while holding a lock on the packages' dist folders, so two test files never build
 * (which empties dist/) while the other packs or reads it.
 */
export async function withDistLock<T>(work: () => T | Promise<T>): Promise<T> {
  mkdirSync(join(lockDir, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      const heldSince = existsSync(lockDir) ? statSync(lockDir).mtimeMs : 0;
      if (Date.now() - heldSince > staleLockMs) rmSync(lockDir, { recursive: true, force: true });
      await new Promise((done) => setTimeout(done, 500));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Builds the given packages when their dist is missing or stale (CI's own `pnpm build` makes
 * this a no-op). Call inside `withDistLock`. Returns the folders it built.
 */
export function buildIfStale(packages: readonly WorkspacePackage[]): string[] {
  const stale = packages.filter(isBuildStale);
  if (stale.length === 0) return [];
  const filters = stale.flatMap((pkg) => ['--filter', `./packages/${pkg.folder}`]);
  run(pnpmCommand(), ['-r', ...filters, 'run', 'build'], repoRoot, 280_000);
  return stale.map((pkg) => pkg.folder);
}
