import type { PersistenceError } from '../../errors.js';
import type { PlannedSegment } from './segment-plan.js';

/** A call that cannot be written, and why; the transaction is aborted. */
export type ConflictSink = (conflict: { call: number; error: PersistenceError }) => void;

/** Told which segment IndexedDB refused for a taken position (the transaction aborts). */
export type TakenSink = (segment: PlannedSegment) => void;

/** Where a write reports what IndexedDB refused; each refusal aborts the transaction. */
export interface WriteSinks {
  readonly onConflict: ConflictSink;
  readonly onTaken: TakenSink;
  /** The believed last id was not the last: another writer numbered from it first. */
  readonly onDisproved: () => void;
}
