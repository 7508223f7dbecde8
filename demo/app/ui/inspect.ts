/** Gathers what the inspector shows, in one pass, from the recorder, read model and browser. */
import type { KeyInfo, Notification, SyncStatus } from 'offline-eventstore';
import type { Ledger } from '../ledger/open-ledger.js';
import type { BudgetRecord, ExpenseRecord } from '../ledger/read-model.js';

const LOG_ROWS = 12;

/** One row of the notification log. */
export interface LogRow {
  readonly id: number;
  readonly topic: string;
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly bytes: number;
  /** The key id of a keyring ciphertext, or `undefined` when the state is not encrypted. */
  readonly keyId: string | undefined;
}

/** One aggregate, as the read model knows it. */
export interface AggregateRow {
  readonly type: string;
  readonly id: string;
  readonly version: number;
  readonly label: string;
}

/** A tracking position and how far behind the log it is. */
export interface TrackingRow {
  readonly name: string;
  readonly role: string;
  readonly position: number;
  readonly lag: number | undefined;
}

/** Everything the inspector shows. */
export interface Snapshot {
  readonly head: number;
  readonly log: readonly LogRow[];
  readonly aggregates: readonly AggregateRow[];
  readonly tracking: readonly TrackingRow[];
  readonly sync: SyncStatus | undefined;
  readonly storage: {
    readonly usage?: number;
    readonly quota?: number;
    readonly persisted?: boolean;
  };
  readonly key: KeyInfo | undefined;
  readonly shell: 'none' | 'installing' | 'ready';
}

/** Reads a snapshot. */
export async function inspect(ledger: Ledger): Promise<Snapshot> {
  const { recorder, sync } = ledger;
  const head = await recorder.maxNotificationId();
  const notifications = await recorder.selectNotifications(
    Math.max(1, head - LOG_ROWS + 1),
    LOG_ROWS,
  );
  return {
    head,
    log: notifications.reverse().map(logRow),
    aggregates: await aggregateRows(ledger),
    tracking: await trackingRows(ledger, head),
    sync: sync && counted(sync.status, head),
    storage: await storage(),
    key: await ledger.keys.currentKey(),
    shell: await shell(),
  };
}

async function aggregateRows({ recorder }: Ledger): Promise<AggregateRow[]> {
  const [budgets, expenses] = await Promise.all([
    recorder.getRecords('budgets') as Promise<BudgetRecord[]>,
    recorder.getRecords('expenses') as Promise<ExpenseRecord[]>,
  ]);
  return [
    ...budgets.map(({ id, version, name }) => ({ type: 'Budget', id, version, label: name })),
    ...expenses.map(({ id, version, description: label }) => ({
      type: 'Expense',
      id,
      version,
      label,
    })),
  ];
}

async function trackingRows({ recorder, projection, sync }: Ledger, head: number) {
  const position = await projection.position();
  const rows: TrackingRow[] = [
    { name: projection.name, role: 'read model', position, lag: head - position },
  ];
  if (sync) {
    const name = `sync:${new URL(sync.session.syncUrl).origin}`;
    const pulled = await recorder.maxTrackingId(name);
    rows.push({ name, role: 'pulled from the server', position: pulled, lag: undefined });
  }
  return rows;
}

/**
 * A stopped client no longer counts what is pending: count it here, as the client would (the
 * local head less what the server acknowledged; this demo's devices pull no one else's ids).
 */
function counted(status: SyncStatus, head: number): SyncStatus {
  if (status.phase !== 'stopped') return status;
  return { ...status, pending: Math.max(0, head - status.acknowledged) };
}

function logRow(n: Notification): LogRow {
  const encrypted = n.state.length >= 33 && n.state[0] === 0x01;
  const keyId = encrypted
    ? Array.from(n.state.subarray(1, 5), (b) => b.toString(16).padStart(2, '0')).join('')
    : undefined;
  return {
    id: n.id,
    topic: n.topic,
    originatorId: n.originatorId,
    originatorVersion: n.originatorVersion,
    bytes: n.state.length,
    keyId,
  };
}

async function storage(): Promise<Snapshot['storage']> {
  if (!('storage' in navigator)) return {};
  const [estimate, persisted] = await Promise.all([
    navigator.storage.estimate().catch((): StorageEstimate => ({})),
    navigator.storage.persisted().catch(() => undefined),
  ]);
  return {
    ...(estimate.usage === undefined ? {} : { usage: estimate.usage }),
    ...(estimate.quota === undefined ? {} : { quota: estimate.quota }),
    ...(persisted === undefined ? {} : { persisted }),
  };
}

async function shell(): Promise<Snapshot['shell']> {
  if (!('serviceWorker' in navigator)) return 'none';
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return 'none';
  return registration.active && navigator.serviceWorker.controller ? 'ready' : 'installing';
}
