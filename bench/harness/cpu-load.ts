/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ), 100 on every Linux we run on. */
const ticksPerSecond = 100;

/** CPU time read from /proc at one instant. */
export interface CpuSample {
  readonly atMs: number;
  /** Busy ticks of the whole machine. */
  readonly totalTicks: number;
  /** Busy ticks of this process and every descendant (browser, renderers, workers). */
  readonly ownTicks: number;
}

/**
 * Watches how much CPU other processes take while we measure: the machine is shared, and
 * another engineer's test run can halve a figure. Linux only; elsewhere it reports nothing.
 */
export class CpuLoad {
  readonly #available: boolean;

  constructor() {
    this.#available = readText('/proc/stat') !== undefined;
  }

  /** A sample now, or undefined without /proc. */
  sample(): CpuSample | undefined {
    if (!this.#available) return undefined;
    return { atMs: performance.now(), totalTicks: machineBusyTicks(), ownTicks: ownTreeTicks() };
  }

  /**
   * Cores' worth of CPU that processes outside our tree used between two samples (0.5 =
   * half a core). An exited child that nobody reaped counts as foreign, so this errs high.
   */
  static foreignCores(from: CpuSample | undefined, to: CpuSample | undefined): number | undefined {
    if (from === undefined || to === undefined) return undefined;
    const seconds = (to.atMs - from.atMs) / 1000;
    if (seconds <= 0) return undefined;
    const foreignTicks = to.totalTicks - from.totalTicks - (to.ownTicks - from.ownTicks);
    return Math.max(0, foreignTicks / ticksPerSecond / seconds);
  }
}

function machineBusyTicks(): number {
  const line = readText('/proc/stat')?.split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal guest guest_nice
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** utime+stime+cutime+cstime of this process and all its descendants. */
function ownTreeTicks(): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    if (stat === undefined) continue;
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    parents.set(pid, Number(rest[1]));
    ticks.set(
      pid,
      [11, 12, 13, 14].reduce((sum, i) => sum + Number(rest[i] ?? 0), 0),
    );
  }
  let total = 0;
  for (const [pid, own] of ticks) if (descendsFrom(pid, process.pid, parents)) total += own;
  return total;
}

function descendsFrom(pid: number, root: number, parents: ReadonlyMap<number, number>): boolean {
  for (let p: number | undefined = pid, hops = 0; p !== undefined && hops < 64; hops++) {
    if (p === root) return true;
    if (p <= 1) return false;
    p = parents.get(p);
  }
  return false;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
