/**
 * The sandbox server in a process of its own (`node dist/sandbox.js --port 0`), so that its
 * memory and CPU are never counted as a contender's.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as path from 'node:path';
import { request } from 'undici';

/** The repository root: compiled benchmarks live in `out/bench/`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface SandboxProcess {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Requests the sandbox has answered since the last {@link resetRequestCount} (its `/_sandbox/stats`). */
  requestCount(): Promise<number>;
  resetRequestCount(): Promise<void>;
  stop(): Promise<void>;
}

export interface SandboxProcessOptions {
  /** Async job workers (the sandbox's default is 2). */
  workers?: number;
}

const STARTUP_TIMEOUT_MS = 15_000;

/** Starts `dist/sandbox.js` on a free port with a random root password and waits until it listens. */
export async function startSandboxProcess(options: SandboxProcessOptions = {}): Promise<SandboxProcess> {
  const password = randomBytes(12).toString('base64url');
  const args = [path.join(REPO_ROOT, 'dist', 'sandbox.js'), '--port', '0', '--password', password];
  if (options.workers !== undefined) {
    args.push('--workers', String(options.workers));
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await listeningUrl(child);
  const statsUrl = `${url}/_sandbox/stats`;
  return {
    url,
    username: 'root',
    password,
    async requestCount() {
      const { body } = await request(statsUrl);
      const stats = (await body.json()) as { total?: unknown };
      if (typeof stats.total !== 'number') {
        throw new Error('the sandbox answered /_sandbox/stats without a total');
      }
      return stats.total;
    },
    async resetRequestCount() {
      const { body } = await request(statsUrl, { method: 'DELETE' });
      await body.dump();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sandbox did not start within ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with code ${String(code)} before listening (is dist/sandbox.js built?)`));
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(match[1]);
      }
    });
  });
}

/** `Basic <base64>` for the sandbox's root user, for the plain-undici floor. */
export function basicAuthorization(sandbox: Pick<SandboxProcess, 'username' | 'password'>): string {
  return `Basic ${Buffer.from(`${sandbox.username}:${sandbox.password}`).toString('base64')}`;
}
