import type { EngineName } from '../harness/engines.js';
import { ratioText } from '../harness/report.js';
import type { Summary } from '../harness/results.js';
import type { Spread } from '../harness/stats.js';
import type { TargetRow } from '../harness/suite.js';

/** The targets are set for Chromium on this machine. */
const engine: EngineName = 'chromium';

/** The targets of issue 5, each with the figure this run reached. */
export function recorderTargets(summary: Summary): TargetRow[] {
  const ratio = (caseId: string, metric: string, column: string) =>
    summary.find(engine, caseId, metric)?.ratios[column];
  return [
    ...[10, 100, 1_000].map((n) =>
      atLeast(
        `Batched appends ≥ 1.0× raw, ${n}/call (events/s ÷ raw)`,
        ratio(`append.${n}.ours`, 'events/s', 'raw'),
        1,
      ),
    ),
    ...[100, 1_000].map((n) =>
      atLeast(
        `Stretch: ≥ 3× raw by the segment layout, ${n}/call (events/s ÷ raw)`,
        ratio(`append.${n}.ours`, 'events/s', 'raw'),
        3,
      ),
    ),
    atLeast(
      '100 concurrent single appends ≥ 5× one transaction per append (events/s ÷ raw, 100 in flight)',
      ratio('concurrent.ours-burst', 'events/s', 'raw, 1 txn/append, 100 in flight'),
      5,
    ),
    atLeast(
      '… the same with 100 writers each awaiting its own appends',
      ratio('concurrent.ours-writers', 'events/s', 'raw, 1 txn/append, 100 in flight'),
      5,
    ),
    atMost(
      'Load an aggregate of 1,000 events within 1.2× raw getAll (ms ÷ raw)',
      ratio('read-aggregate.ours', 'ms/read', 'raw getAll'),
      1.2,
    ),
    atMost(
      'Read 1,000 notifications within 1.2× raw getAll (ms ÷ raw)',
      ratio('read-notifications.ours', 'ms/read', 'raw getAll'),
      1.2,
    ),
    mapperTarget(
      ratio('mapper.full', 'events/s', 'no mapper'),
      summary.find(engine, 'mapper.full', 'mapping µs/event')?.value.median,
      summary.find(engine, 'mapper.off', 'events/s')?.value.median,
    ),
  ];
}

function atLeast(target: string, reached: Spread | undefined, goal: number): TargetRow {
  if (reached === undefined) return { target, reached: 'not measured', met: null };
  return judged(target, reached, goal, reached.median >= goal);
}

function atMost(target: string, reached: Spread | undefined, goal: number): TargetRow {
  if (reached === undefined) return { target, reached: 'not measured', met: null };
  return judged(target, reached, goal, reached.median <= goal);
}

/** Judged on the median; a range that spans the goal is called out as not conclusive. */
function judged(target: string, reached: Spread, goal: number, met: boolean): TargetRow {
  const straddles = reached.n > 1 && reached.min < goal && reached.max > goal;
  return {
    target,
    reached: ratioText(reached),
    met,
    ...(straddles ? { note: `rounds fall on both sides of ${goal}×: not conclusive` } : {}),
  };
}

/**
 * The mapper target is about time: the inverse of the events/s ratio. The note adds the
 * steadier estimate from the mapper's own cost: (mapping + recording) ÷ recording per event.
 */
function mapperTarget(
  throughput: Spread | undefined,
  mappingUs: number | undefined,
  plainEventsPerSecond: number | undefined,
): TargetRow {
  const target = 'Full mapper within 1.3× of no mapper, 100 events/call (time ÷ no mapper)';
  if (throughput === undefined) {
    return {
      target,
      reached: 'not measured',
      met: null,
      note: 'src/mapper not in src/index.ts yet',
    };
  }
  const time: Spread = {
    median: 1 / throughput.median,
    min: 1 / throughput.max,
    max: 1 / throughput.min,
    n: throughput.n,
  };
  const row = judged(target, time, 1.3, time.median <= 1.3);
  if (mappingUs === undefined || plainEventsPerSecond === undefined) return row;
  const recordingUs = 1e6 / plainEventsPerSecond;
  const estimate = `mapping alone ${mappingUs.toFixed(1)} µs/event vs recording ${recordingUs.toFixed(0)} µs/event: ${((mappingUs + recordingUs) / recordingUs).toFixed(2)}× estimated`;
  return { ...row, note: row.note === undefined ? estimate : `${row.note}; ${estimate}` };
}
