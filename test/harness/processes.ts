import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Throws a clear error when an engine binary is missing, naming the Debian package to install.
 * A missing engine must fail the run: a skipped engine would hide engine-specific bugs.
 */
export function requireBinary(path: string, aptPackage: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch (cause) {
    throw new Error(
      `${path} is missing or not executable. Install it with ` +
        `"apt-get install -y ${aptPackage}" (Debian package ${aptPackage}).`,
      { cause },
    );
  }
}

/** A child process started in its own process group, with the tail of its stderr kept. */
export interface GroupProcess {
  readonly child: ChildProcess;
  /** The last few kilobytes the process wrote to stderr, for error messages. */
  stderrTail(): string;
}

/** Process groups this harness started and has not yet stopped. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Spawns `command` as the leader of a new process group, so that stopping it also stops every
 * process it started (WebKitWebDriver starts MiniBrowser and WebKit's helper processes).
 * The group is killed when Node exits, even if nobody calls {@link stopGroup}.
 */
export function spawnGroup(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): GroupProcess {
  installExitHook();
  const child = spawn(command, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  if (child.pid !== undefined) {
    const pid = child.pid;
    liveGroups.add(pid);
    child.once('exit', () => liveGroups.delete(pid));
  }
  return { child, stderrTail: () => tail };
}

/**
 * Stops a process group: SIGTERM, then SIGKILL if the leader has not exited within `graceMs`.
 * Resolves once the leader has exited. Safe to call twice.
 */
export async function stopGroup(group: GroupProcess, graceMs = 3000): Promise<void> {
  const { child } = group;
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }
  // Grandchildren may outlive the leader; the group id still reaches them.
  signalGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = (): void => {
    for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
    liveGroups.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Keep Node's default behaviour (exit) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.exit(128 + signalNumber(signal));
    });
  }
}

function signalNumber(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP'): number {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        if (port > 0) resolve(port);
        else reject(new Error('Could not find a free TCP port on 127.0.0.1.'));
      });
    });
  });
}
