import type { EngineName } from './engines.js';
import type { Summary } from './results.js';

/** A section of the report: the cases of one group, under a heading. */
export interface GroupDefinition {
  readonly id: string;
  readonly title: string;
  /** Markdown shown under the heading: what is measured and what to keep in mind. */
  readonly note?: string;
}

/** One line of the report's target table. */
export interface TargetRow {
  readonly target: string;
  /** The figure reached, as text (median and range). */
  readonly reached: string;
  /** `null` when the figure could not be measured in this run. */
  readonly met: boolean | null;
  readonly note?: string;
}

/**
 * The Node side of a benchmark suite: where its page is, how many rounds per engine, how to
 * lay out the report, and how to judge its targets. Its page defines the cases themselves.
 */
export interface SuiteDefinition {
  readonly name: string;
  readonly title: string;
  /** Directory holding the page's `index.html`. */
  readonly pageRoot: string;
  /** Directory that receives `latest.json` and `latest.md`. */
  readonly resultsDir: string;
  /** The command that runs the suite, quoted in the report. */
  readonly command: string;
  readonly engines: readonly EngineName[];
  readonly rounds: Readonly<Record<EngineName, number>>;
  readonly groups: readonly GroupDefinition[];
  /** Markdown paragraphs for the report's method and caveats section. */
  readonly method: readonly string[];
  readonly targets?: (summary: Summary) => readonly TargetRow[];
}
