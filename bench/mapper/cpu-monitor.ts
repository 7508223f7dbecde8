/// <reference types="node" />
/**
 * How busy the machine was with other work while the bench ran: the CPU time of all cores
 * (/proc/stat) minus that of this process and its descendants (the browser), in % of one core.
 * The bench shares two cores with other engineers' test runs; rounds that overlap heavy foreign
 * load are reported and left out of the medians.
 */
import { readdir, readFile } from 'node:fs/promises';

const HZ = 100; // USER_HZ: the unit of the tick counts in /proc on Linux.

async function machineBusyTicks(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

async function processStats(): Promise<Map<number, { ppid: number; ticks: number }>> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 15) continue;
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    stats.set(Number(entry), { ppid: Number(fields[1]), ticks });
  }
  return stats;
}

async function ownTicks(): Promise<number> {
  const stats = await processStats();
  const own = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of stats) {
      if (own.has(ppid) && !own.has(pid)) {
        own.add(pid);
        grew = true;
      }
    }
  }
  let sum = 0;
  for (const pid of own) sum += stats.get(pid)?.ticks ?? 0;
  return sum;
}

/** A point in time to measure foreign load from. */
export interface CpuMark {
  readonly time: number;
  readonly busy: number;
  readonly own: number;
}

/** The machine's busy and own CPU time now. */
export async function cpuMark(): Promise<CpuMark> {
  return { time: performance.now(), busy: await machineBusyTicks(), own: await ownTicks() };
}

/**
 * Foreign CPU between two marks, in % of one core. Own children that exited in between are
 * counted as foreign (a small overestimate): the bench keeps its browser alive per round.
 */
export function foreignPercent(from: CpuMark, to: CpuMark): number {
  const seconds = (to.time - from.time) / 1000;
  const foreignTicks = to.busy - from.busy - (to.own - from.own);
  return seconds > 0 ? (100 * Math.max(0, foreignTicks)) / HZ / seconds : 0;
}
