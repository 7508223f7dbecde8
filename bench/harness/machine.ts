/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** The machine and tool versions a report was measured with. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly os: string;
  readonly node: string;
  readonly packages: Readonly<Record<string, string>>;
  /** The commit measured, naming the files that differed from it when the tree was dirty. */
  readonly commit: string;
}

/** Reads the machine's description; every field degrades to `unknown` rather than throwing. */
export function machineInfo(repoRoot: string, packages: readonly string[]): MachineInfo {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    os: osName(),
    node: process.version,
    packages: Object.fromEntries(packages.map((p) => [p, packageVersion(repoRoot, p)])),
    commit: gitCommit(repoRoot),
  };
}

function osName(): string {
  const text = readOr('/etc/os-release', '');
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? 'unknown';
}

function packageVersion(repoRoot: string, name: string): string {
  const text = readOr(join(repoRoot, 'node_modules', name, 'package.json'), '{}');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'not installed';
}

function gitCommit(repoRoot: string): string {
  try {
    // Not trimmed at the start: a porcelain line begins with a status column that may be a space.
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trimEnd();
    const head = git('rev-parse', '--short=12', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no')
      .split('\n')
      .filter((line) => line.length > 3)
      .map((line) => line.slice(3));
    if (dirty.length === 0) return head;
    const shown = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? ', …' : '');
    return `${head} + uncommitted changes to ${shown}`;
  } catch {
    return 'unknown';
  }
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}
