/**
 * Export and import of the event log as a JSON file of domain events, decrypted: a backup
 * that outlives this device's key (which never leaves IndexedDB). Importing records, per
 * aggregate, the versions this device does not hold yet, all in one atomic call.
 */
import type { DomainEvent, EventStore, Mapper, ProcessRecorder } from 'offline-eventstore';

const FORMAT = 'tally-events/1';
const PAGE = 500;

/** The file's content. */
export interface LogFile {
  readonly format: typeof FORMAT;
  readonly exportedAt: string;
  readonly events: readonly Record<string, unknown>[];
}

/** Every event of the log, decoded, in log order. */
export async function exportLog(recorder: ProcessRecorder, mapper: Mapper): Promise<LogFile> {
  const events: Record<string, unknown>[] = [];
  for (let start = 1; ;) {
    const page = await recorder.selectNotifications(start, PAGE);
    for (const notification of page) {
      const event = await mapper.toDomainEvent(notification);
      events.push({
        ...event,
        ...('timestamp' in event ? { timestamp: iso(event.timestamp) } : {}),
      });
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    start = last.id + 1;
  }
  return { format: FORMAT, exportedAt: new Date().toISOString(), events };
}

/**
 * Records the file's events this device lacks; resolves to how many were recorded and how
 * many it already held. Throws `SyntaxError` for a file that is not a Tally export.
 */
export async function importLog(
  text: string,
  recorder: ProcessRecorder,
  store: EventStore,
): Promise<{ recorded: number; held: number }> {
  const events = parse(text);
  const held = new Map<string, number>();
  for (const id of new Set(events.map((e) => e.originatorId))) {
    const [latest] = await recorder.selectEvents(id, { desc: true, limit: 1 });
    held.set(id, latest?.originatorVersion ?? 0);
  }
  const missing = events.filter((e) => e.originatorVersion > (held.get(e.originatorId) ?? 0));
  if (missing.length > 0) await store.put(missing);
  return { recorded: missing.length, held: events.length - missing.length };
}

function parse(text: string): DomainEvent[] {
  const file: unknown = JSON.parse(text);
  if (
    typeof file !== 'object' ||
    file === null ||
    (file as { format?: unknown }).format !== FORMAT
  ) {
    throw new SyntaxError(`This is not a Tally export (format "${FORMAT}" expected).`);
  }
  return (file as LogFile).events.map((raw, i) => {
    const { originatorId, originatorVersion, topic, timestamp } = raw;
    if (typeof originatorId !== 'string' || typeof topic !== 'string') {
      throw new SyntaxError(`Event ${i + 1} of the file lacks an originatorId or topic.`);
    }
    if (!Number.isSafeInteger(originatorVersion)) {
      throw new SyntaxError(`Event ${i + 1} of the file has no whole originatorVersion.`);
    }
    const date = typeof timestamp === 'string' ? new Date(timestamp) : undefined;
    return {
      ...raw,
      originatorId,
      originatorVersion: originatorVersion as number,
      topic,
      ...(date ? { timestamp: date } : {}),
    };
  });
}

function iso(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
