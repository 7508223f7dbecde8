import type { EngineName } from './engines.js';
import type { MachineInfo } from './machine.js';
import type { CaseInfo } from './protocol.js';
import { foreignCoresLimit, type Sample, type Summary, type SummaryRow } from './results.js';
import type { EngineRun } from './runner.js';
import { formatNumber } from './runner.js';
import { relativeSpread, type Spread } from './stats.js';
import type { GroupDefinition, SuiteDefinition, TargetRow } from './suite.js';

/** Everything one run produced: written as JSON, rendered as markdown. */
export interface RunReport {
  readonly suite: string;
  readonly command: string;
  readonly startedAt: string;
  readonly wallSeconds: number;
  readonly machine: MachineInfo;
  /** Cores of CPU other processes used in the seconds before the run began. */
  readonly foreignCoresAtStart?: number;
  readonly engines: readonly EngineRun[];
  readonly cases: readonly CaseInfo[];
  readonly summary: readonly SummaryRow[];
  readonly targets: readonly TargetRow[];
  readonly samples: readonly Sample[];
}

/** Noisy above this (max − min) ÷ median, as in the perf research. */
const noisySpread = 0.25;

/** The report as markdown: header, targets, one table per group and engine, method. */
export function renderMarkdown(
  report: RunReport,
  suite: SuiteDefinition,
  summary: Summary,
): string {
  const lines = [`# ${suite.title}`, '', ...header(report), ''];
  if (report.targets.length > 0) lines.push(...targetTable(report.targets), '');
  for (const group of suite.groups) lines.push(...groupSection(group, report, summary));
  const failures = report.samples.filter((s) => s.error !== undefined);
  if (failures.length > 0) {
    lines.push('## Failed runs', '');
    for (const f of failures) {
      lines.push(`- ${f.engine} round ${f.round}, \`${f.caseId}\`: ${firstLine(f.error)}`);
    }
    lines.push('');
  }
  lines.push('## Method and caveats', '', ...suite.method.flatMap((p) => [p, '']));
  return lines.join('\n');
}

/** The targets and the group tables, for the terminal. */
export function renderConsole(report: RunReport, suite: SuiteDefinition, summary: Summary): string {
  const lines: string[] = [];
  for (const group of suite.groups) lines.push(...groupSection(group, report, summary));
  if (report.targets.length > 0) lines.push(...targetTable(report.targets));
  return lines.join('\n');
}

function header(report: RunReport): string[] {
  const m = report.machine;
  const measured = report.engines.map((e) => {
    if (e.status !== 'measured') return `${e.engine}: ${e.status}${e.error ? ` (${e.error})` : ''}`;
    const p = e.page;
    const isolation = p
      ? `, crossOriginIsolated ${p.crossOriginIsolated}, timer step ${p.timerStepUs} µs`
      : '';
    return `${e.version ?? e.engine} (${e.rounds} rounds${isolation})`;
  });
  const disturbed = report.samples.filter((s) => (s.foreignCores ?? 0) > foreignCoresLimit).length;
  const start = report.foreignCoresAtStart;
  return [
    `Produced by \`${report.command}\` on ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC; the run took ${formatMinutes(report.wallSeconds)}. Commit ${m.commit}.`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, kernel ${m.kernel}, Node ${m.node}.`,
    `- Browsers: ${measured.join('; ')}.`,
    `- Packages: ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    `- Other processes' CPU: ${start === undefined ? 'not measured' : `${start.toFixed(2)} cores before the run`}; ${disturbed} of ${report.samples.length} runs saw more than ${foreignCoresLimit} cores of it and were left out wherever 3 undisturbed runs remained (marked †).`,
    `- Figures: median (min–max) over rounds. Ratios are ours ÷ baseline of the same figure, taken within each round, then the median (min–max) of those. For events/s higher is better; for ms and bytes lower is better. ⚠ marks a spread (max − min) ÷ median above ${noisySpread * 100} %: treat differences under ~15–20 % as noise.`,
  ];
}

function targetTable(targets: readonly TargetRow[]): string[] {
  return [
    '## Targets',
    '',
    '| target | reached | met? | note |',
    '|---|---|---|---|',
    ...targets.map(
      (t) =>
        `| ${t.target} | ${t.reached} | ${t.met === null ? 'not measured' : t.met ? '**yes**' : '**no**'} | ${t.note ?? ''} |`,
    ),
  ];
}

function groupSection(group: GroupDefinition, report: RunReport, summary: Summary): string[] {
  const cases = report.cases.filter((c) => c.group === group.id);
  if (cases.length === 0) return [];
  const lines = [`## ${group.title}`, ''];
  if (group.note !== undefined) lines.push(group.note, '');
  const columns = [...new Set(cases.flatMap((c) => Object.keys(c.baselines ?? {})))];
  for (const engine of report.engines.filter((e) => e.status === 'measured')) {
    lines.push(`**${engine.version ?? engine.engine}**`, '');
    lines.push(
      `| case | parameter | figure | median (min–max) |${columns.map((c) => ` ÷ ${c} |`).join('')}`,
      `|---|---|---|---:|${columns.map(() => '---:|').join('')}`,
    );
    for (const info of sortByParam(cases)) {
      lines.push(...caseRows(info, cases, engine.engine, columns, summary));
    }
    lines.push('');
  }
  return lines;
}

function caseRows(
  info: CaseInfo,
  group: readonly CaseInfo[],
  engine: EngineName,
  columns: readonly string[],
  summary: Summary,
): string[] {
  const blanks = columns.map(() => '');
  if (info.unavailable !== undefined) {
    return [
      row(info.label, info.param, `**not yet measured**: ${info.unavailable}`, '', ...blanks),
    ];
  }
  const rows = summary.rows.filter((r) => r.engine === engine && r.caseId === info.id);
  if (rows.length === 0) return [row(info.label, info.param, 'no result', '', ...blanks)];
  return rows.map((r) => {
    const ratios = columns.map((c) => {
      if (!r.compared) return '';
      if (info.baselines?.[c] === undefined) return isBaselineOf(info, group, c) ? 'baseline' : '';
      const ratio = r.ratios[c];
      return ratio === undefined ? '–' : ratioText(ratio);
    });
    const left = r.disturbedLeftOut > 0 ? ` †${r.disturbedLeftOut}` : '';
    return row(info.label, info.param, r.metric, spreadText(r.value) + left, ...ratios);
  });
}

/** A markdown table row. */
function row(...cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function isBaselineOf(info: CaseInfo, group: readonly CaseInfo[], column: string): boolean {
  return group.some((c) => c.baselines?.[column] === info.id);
}

function sortByParam(cases: readonly CaseInfo[]): CaseInfo[] {
  const order = [...new Set(cases.map((c) => c.param))];
  return [...cases].sort((a, b) => order.indexOf(a.param) - order.indexOf(b.param));
}

/** `12,345 (11,000–13,000)` with ⚠ when noisy. */
export function spreadText(s: Spread): string {
  const noisy = relativeSpread(s) > noisySpread ? ' ⚠' : '';
  if (s.n === 1) return `${formatNumber(s.median)} (n=1)`;
  return `**${formatNumber(s.median)}** (${formatNumber(s.min)}–${formatNumber(s.max)})${noisy}`;
}

/** `1.23× (1.10–1.40)`. */
export function ratioText(s: Spread): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
  return s.n === 1 ? `${f(s.median)}×` : `${f(s.median)}× (${f(s.min)}–${f(s.max)})`;
}

function formatMinutes(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}
