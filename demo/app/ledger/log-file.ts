/**
 * Export and import of the event log as a JSON file of events, decrypted: a backup that
 * outlives this device's key (which never leaves IndexedDB). Importing appends, per stream,
 * the versions this device does not hold yet, all streams in one atomic call.
 */
import type { AnyEvent, Application, StreamAppend } from 'offline-eventstore';

const FORMAT = 'tally-events/1';

/** One event of the file. */
export interface FileEvent {
  readonly streamId: string;
  readonly version: number;
  /** The event: its topic and fields, dates as ISO 8601 strings. */
  readonly event: Readonly<Record<string, unknown>>;
}

/** The file's content. */
export interface LogFile {
  readonly format: typeof FORMAT;
  readonly exportedAt: string;
  readonly events: readonly FileEvent[];
}

/** Every event of the log, decoded, in log order. */
export async function exportLog(application: Application): Promise<LogFile> {
  const events: FileEvent[] = [];
  for await (const { streamId, version, event } of application.streams.log().events()) {
    events.push({ streamId, version, event: { ...event } });
  }
  return { format: FORMAT, exportedAt: new Date().toISOString(), events };
}

/**
 * Records the file's events this device lacks; resolves to how many were recorded and how
 * many it already held. Throws `SyntaxError` for a file that is not a Tally export, and the
 * store's errors (nothing recorded) when the device holds other events at those versions.
 */
export async function importLog(
  text: string,
  application: Application,
): Promise<{ recorded: number; held: number }> {
  const byStream = new Map<string, FileEvent[]>();
  for (const event of parse(text)) {
    byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  }
  const appends: StreamAppend[] = [];
  let held = 0;
  for (const [streamId, events] of byStream) {
    const version = await application.streams.stream(streamId).version();
    const missing = events.filter((e) => e.version > version).sort((a, b) => a.version - b.version);
    held += events.length - missing.length;
    if (missing.length > 0) {
      appends.push({ streamId, expectedVersion: version, events: missing.map(revive) });
    }
  }
  if (appends.length > 0) await application.streams.appendMany(appends);
  return { recorded: appends.reduce((n, a) => n + a.events.length, 0), held };
}

function parse(text: string): FileEvent[] {
  const file: unknown = JSON.parse(text);
  if (typeof file !== 'object' || file === null || !('format' in file) || file.format !== FORMAT) {
    throw new SyntaxError(`This is not a Tally export (format "${FORMAT}" expected).`);
  }
  const events = (file as { events?: unknown }).events;
  if (!Array.isArray(events)) throw new SyntaxError('The file has no list of events.');
  return events.map((raw: unknown, i) => {
    const { streamId, version, event } = (raw ?? {}) as Partial<FileEvent>;
    if (typeof streamId !== 'string' || !Number.isSafeInteger(version) || !event) {
      throw new SyntaxError(`Event ${i + 1} of the file lacks a streamId, version or event.`);
    }
    if (typeof event.topic !== 'string') throw new SyntaxError(`Event ${i + 1} has no topic.`);
    return { streamId, version: version as number, event };
  });
}

/** The event to append: its `at` back to a `Date`, as the aggregates wrote it. */
function revive({ event }: FileEvent): AnyEvent {
  const at = typeof event.at === 'string' ? { at: new Date(event.at) } : {};
  return { ...event, topic: String(event.topic), ...at };
}
