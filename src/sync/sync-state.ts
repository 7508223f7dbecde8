/**
 * What a device remembers about its sync: its stream id, the position the server acknowledged,
 * and which local notifications came from pulling (so they are never pushed back). Stores keep
 * it; the transitions here are pure so that every store applies them the same way.
 */

/** Inclusive `[first, last]` range of local notification ids. */
export type IdRange = readonly [first: number, last: number];

/** The last own notification the server acknowledged, to recognise the local database by. */
export interface SyncAnchor {
  readonly id: number;
  readonly originatorId: string;
  readonly originatorVersion: number;
}

/** The last server log notification the device applied: it must still be there next time. */
export interface PullMark {
  readonly position: number;
  readonly streamId: string;
  readonly id: number;
}

/** The sync state of one local database. Plain data: stores keep copies. */
export interface SyncState {
  /** Random id of the local database's stream on the server, made with the state. */
  readonly streamId: string;
  /** The local notification id the server acknowledged: every id up to it is on the server. */
  readonly acknowledged: number;
  /** Local ids that pulling recorded (they belong to other streams), sorted, merged. */
  readonly pulled: readonly IdRange[];
  /** The acknowledged own notification the local recorder must still hold (see `SyncClient`). */
  readonly anchor: SyncAnchor | undefined;
  /** The last pulled notification, to notice a server restored from an older copy. */
  readonly pullMark: PullMark | undefined;
  /** When this stream was started, in milliseconds since the epoch. */
  readonly createdAt: number;
}

/** The state, and whether `load` just created it (no earlier state existed here). */
export interface LoadedSyncState {
  readonly state: SyncState;
  readonly created: boolean;
}

/**
 * Keeps a `SyncState` durably next to the local database. Every method is atomic; every
 * update names the stream it is for and changes nothing if the stream has since been replaced.
 */
export interface SyncStateStore {
  /** The state, created with a new random stream id on first use. */
  load(): Promise<LoadedSyncState>;
  /** Moves `acknowledged` forward (never back). */
  acknowledge(streamId: string, acknowledged: number, anchor?: SyncAnchor): Promise<SyncState>;
  /** Sets `acknowledged` back to the server's position (the server lost data). */
  rewind(streamId: string, acknowledged: number): Promise<SyncState>;
  /** Marks local ids as pulled (never to be pushed) and remembers the last pulled notification. */
  recordPulled(streamId: string, ids: readonly number[], mark?: PullMark): Promise<SyncState>;
  /** Replaces the state with a new stream (new random id, nothing acknowledged). */
  startNewStream(): Promise<SyncState>;
  /** Releases the store; later calls fail. */
  close(): Promise<void>;
}

/** A fresh state with a new random stream id. */
export function newSyncState(now = Date.now()): SyncState {
  return {
    streamId: crypto.randomUUID(),
    acknowledged: 0,
    pulled: [],
    anchor: undefined,
    pullMark: undefined,
    createdAt: now,
  };
}

/** `state` with `acknowledged` moved forward to `position`, when `streamId` still matches. */
export function acknowledgeState(
  state: SyncState,
  streamId: string,
  position: number,
  anchor?: SyncAnchor,
): SyncState {
  if (state.streamId !== streamId || position < state.acknowledged) return state;
  const pulled = trimPulled(state.pulled, position);
  return { ...state, acknowledged: position, pulled, anchor: anchor ?? state.anchor };
}

/** `state` with `acknowledged` set back to `position`, when `streamId` still matches. */
export function rewindState(state: SyncState, streamId: string, position: number): SyncState {
  if (state.streamId !== streamId || position >= state.acknowledged) return state;
  return { ...state, acknowledged: position };
}

/** `state` with `ids` added to its pulled ranges (merged, sorted) and `mark` remembered. */
export function addPulled(
  state: SyncState,
  streamId: string,
  ids: readonly number[],
  mark?: PullMark,
): SyncState {
  const pullMark = mark ?? state.pullMark;
  if (state.streamId !== streamId || ids.length === 0) return { ...state, pullMark };
  const all = [...state.pulled, ...ids.map((id) => [id, id] as const)];
  all.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of all) {
    const top = merged.at(-1);
    if (top && first <= top[1] + 1) top[1] = Math.max(top[1], last);
    else merged.push([first, last]);
  }
  return { ...state, pulled: trimPulled(merged, state.acknowledged), pullMark };
}

/**
 * How many pulled ranges at or below the acknowledged position are kept. They matter only if
 * a server restored from a backup rewinds the position: then they keep pulled events from
 * being pushed again as this device's own. (Were they gone, the server would still store
 * each event once, skipping the echo, but under whichever stream sent it first.)
 */
export const KEPT_ACKNOWLEDGED_RANGES = 1024;

function trimPulled(pulled: readonly IdRange[], acknowledged: number): IdRange[] {
  const below = pulled.filter(([, last]) => last <= acknowledged);
  const above = pulled.filter(([, last]) => last > acknowledged);
  return [...below.slice(-KEPT_ACKNOWLEDGED_RANGES), ...above];
}

/** Whether local notification `id` was recorded by pulling. */
export function isPulled(state: SyncState, id: number): boolean {
  return state.pulled.some(([first, last]) => id >= first && id <= last);
}

/** How many pulled ids lie in `(after, through]`. */
export function countPulled(state: SyncState, after: number, through: number): number {
  let count = 0;
  for (const [first, last] of state.pulled) {
    count += Math.max(0, Math.min(last, through) - Math.max(first - 1, after));
  }
  return count;
}
