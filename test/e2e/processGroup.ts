import type { ChildProcessByStdio, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A process started as the leader of its own process group, so that everything it starts (for
 * code-server: the extension host, file watcher and pty host) can be stopped together.
 */
export interface ProcessGroup {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** The group id (the leader's pid). */
  readonly groupId: number;
  /** Resolves with the leader's exit code (or the signal's name) once it has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL to what is left after `graceMs`, then waits until no live member remains. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `command` in a new process group (stdin ignored, stdout and stderr piped). Should this
 * Node process exit without stopping it, an exit hook kills the whole group, so nothing outlives
 * the run even when a test forgets `stop()` or mocha exits with `--exit`.
 */
export function spawnProcessGroup(command: string, args: readonly string[], options: SpawnOptions): ProcessGroup {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });
  const groupId = child.pid;
  if (groupId === undefined) {
    // spawn failed (e.g. ENOENT): there is no group to stop.
    return { child, groupId: -1, exited, stop: async () => {} };
  }
  const killOnExit = (): void => signalGroup(groupId, 'SIGKILL');
  process.on('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 3000): Promise<void> => {
    stopping ??= (async () => {
      signalGroup(groupId, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && (await liveMembers(groupId)).length > 0) await sleep(100);
      signalGroup(groupId, 'SIGKILL');
      const killDeadline = Date.now() + 5000;
      let remaining = await liveMembers(groupId);
      while (remaining.length > 0 && Date.now() < killDeadline) {
        await sleep(100);
        remaining = await liveMembers(groupId);
      }
      process.removeListener('exit', killOnExit);
      child.stdout.destroy();
      child.stderr.destroy();
      if (remaining.length > 0) {
        throw new Error(`process group ${groupId} still has members after SIGKILL: ${remaining.join(', ')}`);
      }
    })();
    return stopping;
  };
  return { child, groupId, exited, stop };
}

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Pids of the group's members that are not zombies. Zombies are dead already; counting them would
 * wait forever in containers whose pid 1 does not reap orphans.
 */
export async function liveMembers(groupId: number): Promise<number[]> {
  const live: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the parenthesised command name: state, ppid, pgrp, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === groupId && fields[0] !== 'Z') live.push(Number(entry));
  }
  return live;
}

/** Live members of the group whose command line matches `pattern` (e.g. code-server's extension hosts). */
export async function liveMembersWithCommand(groupId: number, pattern: RegExp): Promise<number[]> {
  const matching: number[] = [];
  for (const pid of await liveMembers(groupId)) {
    try {
      if (pattern.test((await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' '))) matching.push(pid);
    } catch {
      // exited while we looked
    }
  }
  return matching;
}
