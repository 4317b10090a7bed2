import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The project must build, run and test from a clone with nothing beside it: no tracked file may
// point at a sibling folder of the checkout (the design notes and specs once lived in one).

const root = resolve(import.meta.dirname, '../..');
const thisFile = relative(root, import.meta.filename);

/** A run of `../` (or `..\`) and what follows it up to a quote, space or bracket. */
const relativePath = /(?:\.\.[\\/])+[^\s'"`()[\]<>{},;:*|]*/g;
/** Such a path's climb to a folder named `shared`. */
const sharedPrefix = /^(?:\.\.\/)+shared(?![\w-])/;

function isInside(path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Relative paths in one file that leave the repository. A path is read from the file's own
 * folder; one that leaves the repository from there is still fine when, read from a workspace
 * package's folder, it names something that exists in the repository (pnpm-lock.yaml's
 * `link:../contract` is relative to its importer, vite.lib.ts resolves from each package).
 * A path to a folder named `shared` must name an existing folder of the repository from the
 * file's own folder: `../shared/html` beside `src/shared/` is fine, `../shared/design.md` from
 * the root is not.
 */
function escapingPaths(file: string, text: string, packageDirs: string[]): string[] {
  const from = resolve(root, dirname(file));
  const found = new Set<string>();
  for (const [written] of text.matchAll(relativePath)) {
    const path = written.replaceAll('\\', '/');
    const shared = sharedPrefix.exec(path)?.[0];
    if (shared) {
      const target = resolve(from, shared);
      if (!isInside(target) || !existsSync(target)) found.add(written);
      continue;
    }
    if (isInside(resolve(from, path))) continue;
    const fromPackage = packageDirs.some((dir) => {
      const target = resolve(root, dir, path);
      return isInside(target) && existsSync(target);
    });
    if (!fromPackage) found.add(written);
  }
  return [...found];
}

/** Tracked files, plus new ones git does not ignore (so a check before committing sees them). */
function repositoryFiles(): string[] {
  const listing = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return [...new Set(listing.split('\0').filter(Boolean))].filter((file) =>
    existsSync(join(root, file)),
  );
}

function workspacePackageDirs(files: string[]): string[] {
  return files
    .filter((file) => /^(packages|apps)\/[^/]+\/package\.json$/.test(file))
    .map((file) => dirname(file));
}

describe('the repository stands alone', () => {
  const files = repositoryFiles();
  const packageDirs = workspacePackageDirs(files);

  it('lists the repository itself (git ls-files sees the workspace)', () => {
    expect(files).toContain('package.json');
    expect(files).toContain(thisFile);
    expect(packageDirs).toEqual(expect.arrayContaining(['packages/bff', 'apps/bff']));
  });

  it('no tracked file refers to ../shared or reads outside the repository through ../', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (file === thisFile) continue; // it names the strings it looks for
      const bytes = readFileSync(join(root, file));
      if (bytes.includes(0)) continue; // binary
      for (const path of escapingPaths(file, bytes.toString('utf8'), packageDirs)) {
        offenders.push(`${file}: ${path}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  describe('the check', () => {
    const dirs = ['packages/bff', 'packages/provider-emulator', 'apps/demo'];

    it('flags a pointer to ../shared from the root, whatever follows it', () => {
      expect(escapingPaths('README.md', 'Design: `../shared/design.md`.', dirs)).toEqual([
        '../shared/design.md',
      ]);
      expect(escapingPaths('README.md', 'see ../shared', dirs)).toEqual(['../shared']);
    });

    it('flags a ../shared that names no folder of the repository, even from deep inside', () => {
      expect(escapingPaths('packages/bff/README.md', 'notes in ../shared/design.md', dirs)).toEqual(
        ['../shared/design.md'],
      );
    });

    it('flags a path that climbs out of the repository to any folder', () => {
      const source = "resolve(import.meta.dirname, '../../../../notes/specs/zoom.json')";
      expect(
        escapingPaths('packages/provider-emulator/test/zoom-openapi.ts', source, dirs),
      ).toEqual(['../../../../notes/specs/zoom.json']);
      expect(escapingPaths('scripts/x.ts', "readFile('../../elsewhere/secret.txt')", dirs)).toEqual(
        ['../../elsewhere/secret.txt'],
      );
      expect(escapingPaths('scripts/x.ts', 'C:\\> type ..\\..\\..\\outside.txt', dirs)).toEqual([
        '..\\..\\..\\outside.txt',
      ]);
    });

    it('accepts paths inside the repository, and links read from a workspace package', () => {
      const emulatorFile = 'packages/provider-emulator/src/google/google-html.ts';
      expect(escapingPaths(emulatorFile, "import { x } from '../shared/html';", dirs)).toEqual([]);
      expect(escapingPaths('packages/bff/test/a.ts', "import '../../contract/src';", dirs)).toEqual(
        [],
      );
      expect(escapingPaths('pnpm-lock.yaml', 'version: link:../contract', dirs)).toEqual([]);
      expect(escapingPaths('pnpm-lock.yaml', 'version: link:../nowhere', dirs)).toEqual([
        '../nowhere',
      ]);
    });
  });
});
