/**
 * Builds what the end-to-end tests run, once per version of the sources: the demo app
 * (`vite build`) and the Node side (`tsc -p demo`: the launcher and the sync server), into
 * `.data/build/e2e-<hash>/`. Test files that start together share one build: the first takes
 * a lock (an atomic `mkdir`), the others wait for its `.complete` marker.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCES = ['demo', 'src', 'server'];
const SKIP = new Set(['dist', 'node_modules']);

/** Where one build is. */
export interface DemoBuild {
  /** The built app, for `startDemoPages({ distDir })`. */
  readonly dist: string;
  /** The compiled sync server entry. */
  readonly serverMain: string;
  /** The compiled `npm run demo` launcher. */
  readonly launcher: string;
}

/** Builds (or waits for another test file's build of) the current sources. */
export async function buildDemo(): Promise<DemoBuild> {
  const outDir = join(ROOT, '.data', 'build', `e2e-${sourceHash()}`);
  const result: DemoBuild = {
    dist: join(outDir, 'dist'),
    serverMain: join(outDir, 'server', 'main.js'),
    launcher: join(outDir, 'demo', 'server', 'launch.js'),
  };
  const done = join(outDir, '.complete');
  if (existsSync(done)) return result;
  mkdirSync(join(ROOT, '.data', 'build'), { recursive: true });
  const lock = `${outDir}.lock`;
  if (!takeLock(lock)) {
    await waitFor(() => existsSync(done), 180_000, `another test file's build in ${outDir}`);
    return result;
  }
  try {
    compileNodeSide(outDir);
    await build({
      configFile: join(ROOT, 'demo', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: result.dist },
    });
    writeFileSync(done, '');
    pruneOldBuilds(outDir);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return result;
}

/** Removes the builds of earlier sources (each edit makes one) once nobody can be using them. */
function pruneOldBuilds(current: string): void {
  const parent = join(ROOT, '.data', 'build');
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(parent)) {
    const path = join(parent, name);
    if (!/^e2e-[0-9a-f]{16}$/.test(name) || path === current) continue;
    if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
  }
}

function compileNodeSide(outDir: string): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'demo', '--outDir', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tsc -p demo failed:\n${run.stdout}${run.stderr}`);
}

/** Takes the lock; a lock whose owner process is gone (or that is stale) is taken over. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch {
    if (!abandoned(lock)) return false;
    rmSync(lock, { recursive: true, force: true });
    mkdirSync(lock);
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function abandoned(lock: string): boolean {
  const pidFile = join(lock, 'pid');
  // Its owner may not have written its pid yet: only an old lock without one is abandoned.
  if (!existsSync(pidFile)) return Date.now() - statSync(lock).mtimeMs > 300_000;
  return !alive(Number(readFileSync(pidFile, 'utf8')));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}.`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const dir of SOURCES) {
    for (const file of listFiles(join(ROOT, dir))) hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !SKIP.has(entry.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
    })
    .sort();
}
