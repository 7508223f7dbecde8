import type { Durability, StoredEvent, Tracking } from '../../types.js';
import { IntegrityError } from '../../errors.js';
import { positionConflict } from '../conflicts.js';
import type { CheckedChange } from '../record-stores.js';
import { beliefLifetime, keptCommits, pruneCommits, pruneEvery } from './commit-log.js';
import type { Connection } from './connection.js';
import { type Attempt, type PendingInsert, runTransaction } from './group-transaction.js';
import { callOf, type PlannedSegment, positionKey } from './segment-plan.js';
import { takenVersion } from './segment-writes.js';
import { isConnectionClosing, translateError } from './translate-error.js';

/** What an insert carries besides its events, all checked already. */
export interface CheckedInsert {
  readonly tracking?: Tracking | undefined;
  readonly expectedTrackingId?: number | undefined;
  readonly changes?: readonly CheckedChange[];
}

/** How an attempt ended once a refused segment was traced to its call. */
type Settled = Exclude<Attempt, { readonly kind: 'taken' }>;

/** How many commit records to keep, and how often (in commits) to prune the rest. */
export interface CommitLogLimits {
  readonly keep: number;
  readonly pruneEvery: number;
}

/** The most events one transaction takes, so that one huge group cannot starve readers. */
const maxEventsPerGroup = 10_000;

/**
 * Writes inserts, committing the calls that arrive while a transaction is running together
 * in the next one (group commit: one transaction's fixed cost shared by many calls).
 *
 * Each call keeps its own atomicity. The transaction runs optimistically; if one call's
 * event position or tracking record is taken, the whole transaction is aborted, that call
 * alone is rejected with `IntegrityError`, and the others are retried in a new one. A
 * group never holds two calls that record the same position, so a conflict is always with
 * what is stored; calls share segments, so a refused segment is read back to find the call. Every request of a transaction is issued in the task that creates it,
 * or in a callback of one of its requests, so the transaction can never commit half a group.
 */
export class GroupCommit {
  readonly #connection: Connection;
  readonly #durability: Durability;
  readonly #committed: () => void;
  readonly #log: CommitLogLimits;
  #queue: PendingInsert[] = [];
  #draining: Promise<void> | undefined;
  /** The last id this writer gave out, and when (its own clock), while it trusts it. */
  #belief: { readonly last: number; readonly at: number } | undefined;
  #sincePruned = 0;

  constructor(
    connection: Connection,
    durability: Durability,
    committed: () => void,
    log: CommitLogLimits = { keep: keptCommits, pruneEvery },
  ) {
    this.#connection = connection;
    this.#durability = durability;
    this.#committed = committed;
    this.#log = log;
  }

  /** Another recorder on the database committed: our last id is no longer the last. */
  othersCommitted(): void {
    this.#belief = undefined;
  }

  /** Queues validated events, tracking and record changes for the next commit; resolves to the ids. */
  insert(events: readonly StoredEvent[], options: CheckedInsert = {}): Promise<number[]> {
    const { tracking, expectedTrackingId, changes = [] } = options;
    return new Promise((resolve, reject) => {
      this.#queue.push({ events, tracking, expectedTrackingId, changes, resolve, reject });
      // Started in a microtask, so that calls made in the same task share the first commit.
      this.#draining ??= Promise.resolve().then(() => this.#drain());
    });
  }

  /** Resolves once every queued call has been committed or rejected. */
  async idle(): Promise<void> {
    await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        await this.#commit(this.#takeGroup());
        if (this.#sincePruned >= this.#log.pruneEvery) await this.#prune();
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /** The calls at the head of the queue that fit in one transaction and share no position. */
  #takeGroup(): PendingInsert[] {
    const positions = new Set<string>();
    let size = 0;
    for (const call of this.#queue) {
      const keys = call.events.map(positionKey);
      const full = positions.size + keys.length > maxEventsPerGroup;
      if (size > 0 && (full || keys.some((key) => positions.has(key)))) break;
      for (const key of keys) positions.add(key);
      size++;
    }
    return this.#queue.splice(0, size);
  }

  async #commit(group: PendingInsert[]): Promise<void> {
    let pending = group;
    let reopened = false;
    while (pending.length > 0) {
      const tried = await this.#attempt(pending);
      const attempt = tried.kind === 'taken' ? await this.#whoseIsTaken(tried.segment) : tried;
      this.#belief = undefined;
      if (attempt.kind === 'committed') {
        this.#accept(pending, attempt.ids);
        return;
      }
      // Numbered from a stale belief: retry, reading the last id first.
      if (attempt.kind === 'disproved') continue;
      if (attempt.kind === 'conflict') {
        pending[attempt.call]?.reject(attempt.error);
        pending = pending.filter((_, i) => i !== attempt.call);
        continue;
      }
      // A connection that was closing under us never started the transaction: reopen once.
      if (attempt.closing && !reopened) {
        reopened = true;
        this.#connection.reset();
        continue;
      }
      if (attempt.closing) this.#connection.reset();
      const error = translateError(attempt.error, 'recording events');
      pending.forEach((call) => {
        call.reject(error);
      });
      return;
    }
  }

  /** Resolves a committed group's calls and believes its last id until told otherwise. */
  #accept(group: readonly PendingInsert[], ids: readonly number[][]): void {
    group.forEach((call, i) => {
      call.resolve(ids[i] ?? []);
    });
    const last = Math.max(0, ...ids.map((callIds) => callIds.at(-1) ?? 0));
    if (last === 0) return;
    this.#belief = { last, at: performance.now() };
    this.#sincePruned++;
    this.#committed();
  }

  async #attempt(group: readonly PendingInsert[]): Promise<Attempt> {
    let db: IDBDatabase;
    try {
      db = await this.#connection.database();
    } catch (error) {
      return { kind: 'failed', error, closing: false };
    }
    const belief = this.#belief;
    const fresh = belief !== undefined && performance.now() - belief.at < beliefLifetime;
    return new Promise((resolve) => {
      runTransaction(db, group, this.#durability, fresh ? belief.last : undefined, resolve);
    });
  }

  /** Trims the commit log; a failure is left for the next time (the log only grows meanwhile). */
  async #prune(): Promise<void> {
    this.#sincePruned = 0;
    try {
      await pruneCommits(await this.#connection.database(), this.#log.keep, this.#durability);
    } catch {
      // Nothing was lost: pruning only deletes records that are no longer needed.
    }
  }

  /** The call whose position IndexedDB refused in `segment`, found by reading it back. */
  async #whoseIsTaken(segment: PlannedSegment): Promise<Settled> {
    try {
      const version = await takenVersion(await this.#connection.database(), segment);
      if (version === undefined) return { kind: 'failed', error: refused(segment), closing: false };
      const error = positionConflict(segment.originatorId, version);
      return { kind: 'conflict', call: callOf(segment, version), error };
    } catch (error) {
      return { kind: 'failed', error, closing: isConnectionClosing(error) };
    }
  }
}

/**
 * A refused segment whose positions all read back free: a deletion freed them meanwhile
 * (the caller may retry), or the sequence is broken.
 */
function refused(segment: PlannedSegment): IntegrityError {
  return new IntegrityError(
    `IndexedDB refused the events of ${segment.originatorId} v${segment.firstVersion}–${segment.lastVersion} with a uniqueness error, though no position is taken; nothing was written.`,
  );
}
