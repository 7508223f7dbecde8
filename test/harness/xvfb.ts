import { requireBinary, spawnGroup, stopGroup, type GroupProcess } from './processes.js';

const XVFB = '/usr/bin/Xvfb';

/** A private virtual X server; nothing it draws reaches a real screen. */
export interface VirtualDisplay {
  /** The value for `DISPLAY`, such as `:1`. */
  readonly display: string;
  stop(): Promise<void>;
}

/**
 * Starts Xvfb on the first free display number (Xvfb picks it and reports it through
 * `-displayfd`, so two runs on one machine cannot collide).
 * @throws if Xvfb is not installed or does not report a display within `timeoutMs`.
 */
export async function startVirtualDisplay(timeoutMs = 10_000): Promise<VirtualDisplay> {
  requireBinary(XVFB, 'xvfb');
  const xvfb = spawnGroup(XVFB, [
    '-displayfd',
    '1',
    '-screen',
    '0',
    '1280x1024x24',
    '-nolisten',
    'tcp',
  ]);
  try {
    const number = await readDisplayNumber(xvfb, timeoutMs);
    return { display: `:${number}`, stop: () => stopGroup(xvfb) };
  } catch (error) {
    await stopGroup(xvfb);
    throw error;
  }
}

function readDisplayNumber(xvfb: GroupProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`Xvfb did not start: ${why}\n${xvfb.stderrTail()}`));
    };
    const timer = setTimeout(() => {
      fail(`no display after ${timeoutMs} ms`);
    }, timeoutMs);
    xvfb.child.once('exit', (code, signal) => {
      fail(`exited with ${signal ?? code}`);
    });
    xvfb.child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /^(\d+)\n/.exec(out);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  });
}
