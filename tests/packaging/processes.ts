import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * This process's environment without what Vitest sets in it (`NODE_ENV=test`, `VITEST`, and
 * `import.meta.env` mirrored as `MODE`, `DEV`, `PROD`, ...; `FORCE_COLOR`): a child such as
 * `vite build` would otherwise build for development.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const vitestSet = /^(NODE_ENV|TEST|VITEST.*|MODE|DEV|PROD|SSR|BASE_URL|FORCE_COLOR)$/;
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !vitestSet.test(key))),
    ...extra,
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export interface RunningProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (null when a signal ended it). */
  stop(): Promise<number | null>;
}

/**
 * Starts a long-running command and resolves once its output matches `ready`; rejects with the
 * output when it exits first or `timeoutMs` passes.
 */
export async function startProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number },
): Promise<RunningProcess & { match: RegExpMatchArray }> {
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const running: RunningProcess = {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${file} was not ready after ${options.timeoutMs ?? 60_000} ms:\n${output}`),
      );
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = options.ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}) before it was ready:\n${output}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return { ...running, match };
}
