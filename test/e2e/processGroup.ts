import type { ChildProcessByStdio, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
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
  // Processes the group's members started in groups of their own (code-server resolves the shell
  // environment with `bash -i -l`, an interactive shell that makes its own group and ignores
  // SIGTERM): seen while their parent was alive, they are stopped with the group.
  const strays = new Set<number>();
  const killOnExit = (): void => {
    signalGroup(groupId, 'SIGKILL');
    for (const pid of strays) signalProcess(pid, 'SIGKILL');
  };
  process.on('exit', killOnExit);
  /** The live tree now; each stray in it not signalled yet gets `signal`. */
  const liveTree = async (signal: NodeJS.Signals, signalled: Set<number>): Promise<number[]> => {
    const tree = await treeOf(groupId, strays);
    for (const { pid, groupId: group } of tree) {
      if (group === groupId) continue;
      strays.add(pid);
      if (!signalled.has(pid)) signalProcess(pid, signal);
      signalled.add(pid);
    }
    return tree.map((member) => member.pid);
  };
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 3000): Promise<void> => {
    stopping ??= (async () => {
      const terminated = new Set<number>();
      await liveTree('SIGTERM', terminated);
      signalGroup(groupId, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && (await liveTree('SIGTERM', terminated)).length > 0) await sleep(100);
      const killed = new Set<number>();
      await liveTree('SIGKILL', killed);
      signalGroup(groupId, 'SIGKILL');
      const killDeadline = Date.now() + 5000;
      let remaining = await liveTree('SIGKILL', killed);
      while (remaining.length > 0 && Date.now() < killDeadline) {
        await sleep(100);
        remaining = await liveTree('SIGKILL', killed);
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

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

interface LiveProcess {
  readonly pid: number;
  readonly parent: number;
  readonly groupId: number;
}

/**
 * Every process that is not a zombie, with its parent and group. Zombies are dead already;
 * counting them would wait forever in containers whose pid 1 does not reap orphans.
 */
async function liveProcesses(): Promise<LiveProcess[]> {
  const live: LiveProcess[] = [];
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
    if (fields[0] !== 'Z') live.push({ pid: Number(entry), parent: Number(fields[1]), groupId: Number(fields[2]) });
  }
  return live;
}

/** Pids of the group's members that are not zombies. */
export async function liveMembers(groupId: number): Promise<number[]> {
  return (await liveProcesses()).filter((member) => member.groupId === groupId).map((member) => member.pid);
}

/** The group's live members, the live processes in `known`, and every live descendant of either, whatever its group. */
async function treeOf(groupId: number, known: ReadonlySet<number>): Promise<LiveProcess[]> {
  const all = await liveProcesses();
  const tree = new Map(all.filter((member) => member.groupId === groupId || known.has(member.pid)).map((member) => [member.pid, member]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const candidate of all) {
      if (!tree.has(candidate.pid) && tree.has(candidate.parent)) {
        tree.set(candidate.pid, candidate);
        grew = true;
      }
    }
  }
  return [...tree.values()];
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

/** A live process, with its command line. */
export interface ProcessSeen {
  readonly pid: number;
  readonly command: string;
}

/**
 * Live processes whose environment has TMPDIR inside `folder`. Every process code-server starts
 * inherits the TMPDIR of its run folder, also those that leave its process group and outlive
 * their parent (the detached `bash -i -l` it resolves the shell environment with).
 */
export async function processesWithTmpdirIn(folder: string): Promise<ProcessSeen[]> {
  const seen: ProcessSeen[] = [];
  for (const { pid } of await liveProcesses()) {
    try {
      const environment = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
      const tmp = environment.find((variable) => variable.startsWith('TMPDIR='))?.slice('TMPDIR='.length);
      if (tmp === undefined || (tmp !== folder && !tmp.startsWith(`${folder}${path.sep}`))) continue;
      seen.push({ pid, command: (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim() });
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  return seen;
}

/** SIGKILLs every process with TMPDIR inside `folder` (see {@link processesWithTmpdirIn}) and waits until none is left. */
export async function killProcessesWithTmpdirIn(folder: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (let left = await processesWithTmpdirIn(folder); left.length > 0; left = await processesWithTmpdirIn(folder)) {
    if (Date.now() > deadline) throw new Error(`processes under ${folder} survive SIGKILL: ${JSON.stringify(left)}`);
    for (const { pid } of left) signalProcess(pid, 'SIGKILL');
    await sleep(50);
  }
}
