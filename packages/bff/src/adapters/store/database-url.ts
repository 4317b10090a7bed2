/** Where the store lives, as read from a database URL. */
export type DatabaseTarget =
  | { engine: 'postgres'; url: string }
  /** `path` is a file path (relative to the working directory, or absolute) or `':memory:'`. */
  | { engine: 'sqlite'; path: string };

/** The forms a database URL may take, one per line, as the error lists them. */
export const databaseUrlForms = [
  'postgres://user:password@host:5432/database (or postgresql://...): PostgreSQL',
  'sqlite:./relative/path.db or sqlite:relative/path.db: a SQLite file, relative to the working directory',
  'sqlite:///absolute/path.db: a SQLite file at an absolute path',
  'sqlite::memory: (or :memory:): SQLite in memory, gone when the process ends',
  './path.db or /absolute/path.db: a plain file path, a SQLite file there',
] as const;

/** A database URL (or `DATABASE_URL`) this BFF cannot use. The value in it is redacted. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
  constructor(
    /** The setting that held the value, e.g. `databaseUrl` or `DATABASE_URL`. */
    readonly setting: string,
    /** What is wrong and the accepted forms, without the setting's name. */
    readonly detail: string,
  ) {
    super(`${setting} ${detail}`);
  }
}

/** The value with any password in its user info replaced by `***`, fit for logs and errors. */
export function redactDatabaseUrl(value: string): string {
  // Greedy up to the last `@`: a password with a raw `@` or `/` in it is masked whole.
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*:)[\s\S]*@/i, '$1***@');
}

const postgresScheme = /^postgres(?:ql)?:\/\//i;
const sqliteScheme = /^sqlite:/i;
/**
 * A URL scheme: a letter and at least one more scheme character before the colon, so a Windows
 * drive (`C:\data\ats.db`) and `:memory:` read as paths.
 */
const anyScheme = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Reads a database URL: `postgres://`/`postgresql://` is PostgreSQL; a `sqlite:` URL or a plain
 * file path is SQLite at that path (see `databaseUrlForms`). Anything else (an unknown scheme
 * such as `postgress://`, `mysql://`, `http://`; an empty value) throws a `DatabaseUrlError`
 * naming `setting` and the redacted value, and listing the accepted forms: a typo never falls
 * back to some other database.
 */
export function parseDatabaseUrl(value: string, setting = 'databaseUrl'): DatabaseTarget {
  const refuse = (problem: string): never => {
    throw new DatabaseUrlError(
      setting,
      `${problem}. Accepted forms:\n${databaseUrlForms.map((form) => `    ${form}`).join('\n')}`,
    );
  };
  const shown = JSON.stringify(redactDatabaseUrl(value));
  if (value.trim() === '') return refuse('is empty');
  if (value !== value.trim()) return refuse(`${shown} has leading or trailing spaces`);
  if (postgresScheme.test(value)) return { engine: 'postgres', url: value };
  if (sqliteScheme.test(value)) {
    const rest = value.slice('sqlite:'.length);
    if (/[?#]/.test(rest)) {
      return refuse(`${shown}: sqlite: URLs take no query or fragment (? or #)`);
    }
    if (rest.startsWith('//')) {
      // sqlite:///absolute/path.db: an empty host, then the absolute path (as in file:///).
      if (!rest.startsWith('///') || rest.length === 3) {
        return refuse(`${shown}: a sqlite:// URL has no host; use sqlite:///absolute/path.db`);
      }
      return { engine: 'sqlite', path: rest.slice(2) };
    }
    if (rest === '') return refuse(`${shown} names no file`);
    return { engine: 'sqlite', path: rest };
  }
  const scheme = anyScheme.exec(value)?.[1];
  if (scheme !== undefined) {
    return refuse(`${shown} has an unknown scheme "${scheme}:"`);
  }
  return { engine: 'sqlite', path: value };
}
