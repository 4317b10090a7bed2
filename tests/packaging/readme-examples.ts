import { readFileSync } from 'node:fs';

export interface ReadmeExample {
  /** The code blocks whose first line is a `// path` comment, by that path. */
  files: Map<string, string>;
  /** The lines of the section's `sh` blocks, comments and blank lines left out. */
  commands: string[];
}

/**
 * The runnable parts of one `## heading` section of a README (the heading as far as given), so a
 * test runs what the README shows instead of a copy that could drift from it.
 */
export function readmeExample(readmePath: string, heading: string): ReadmeExample {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`${readmePath} has no section "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files = new Map<string, string>();
  const commands: string[] = [];
  for (const [, language, code = ''] of section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const path = /^\/\/ ([\w./-]+\.[cm]?[jt]sx?)\n/.exec(code)?.[1];
    if (path) {
      files.set(path, code);
    } else if (language === 'sh') {
      commands.push(
        ...code
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !line.startsWith('#')),
      );
    }
  }
  return { files, commands };
}
