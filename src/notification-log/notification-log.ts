/**
 * The application sequence in sections (after eventsourcing's `NotificationLog`): fixed
 * windows of notification ids with links to the next and previous windows, the form in
 * which one application reads another's notifications page by page.
 */
import { DataError } from '../errors.js';
import type { ApplicationRecorder, Notification } from '../types.js';
import { formatSectionId, parseSectionId } from './section-id.js';

/** A window of the application sequence. */
export interface Section {
  /** The window actually served (`"11,20"`): the one asked for, cut to the section size. */
  readonly id: string;
  /**
   * The notifications in the window, ascending. Fewer than the window's width when ids are
   * missing (deleted streams, aborted writes): readers never assume `id + 1`.
   */
  readonly items: readonly Notification[];
  /** The next window, when anything is recorded after this one. */
  readonly next: string | undefined;
  /** The previous window, unless this one starts at 1. */
  readonly previous: string | undefined;
}

/** Options of `NotificationLog`. */
export interface NotificationLogOptions {
  readonly recorder: ApplicationRecorder;
  /** The widest window served (a safe integer >= 1); default 10. */
  readonly sectionSize?: number;
}

/**
 * Sections of an application sequence. What a caller can get wrong: a section is a window of
 * ids, not a count of items, so a section may hold fewer items than its width (even none)
 * and still have a `next`; follow `next` until it is `undefined`, never stop at a short one.
 * Items are stored notifications (states still mapped): decode them with the app's `Mapper`.
 */
export class NotificationLog {
  /** The widest window served. */
  readonly sectionSize: number;
  readonly #recorder: ApplicationRecorder;

  constructor(options: NotificationLogOptions) {
    const { sectionSize = 10 } = options;
    if (!Number.isSafeInteger(sectionSize) || sectionSize < 1) {
      throw new DataError(`sectionSize must be a safe integer >= 1, got ${String(sectionSize)}.`);
    }
    this.sectionSize = sectionSize;
    this.#recorder = options.recorder;
  }

  /** The id of the first section: `"1,sectionSize"`. */
  get firstSectionId(): string {
    return formatSectionId(1, this.sectionSize);
  }

  /** The section `id` (`"first,last"`), cut to `sectionSize`; `DataError` for a bad id. */
  async section(id: string): Promise<Section> {
    const { first, last: asked } = parseSectionId(id);
    const last = Math.min(asked, first + this.sectionSize - 1);
    const [items, max] = await Promise.all([
      this.#recorder.selectNotifications(first, last - first + 1, { stop: last }),
      this.#recorder.maxNotificationId(),
    ]);
    const width = this.sectionSize;
    return {
      id: formatSectionId(first, last),
      items,
      // Read with the items: anything recorded later shows up in the next section anyway.
      next:
        Math.max(max, items.at(-1)?.id ?? 0) > last
          ? formatSectionId(last + 1, last + width)
          : undefined,
      previous: first > 1 ? formatSectionId(Math.max(1, first - width), first - 1) : undefined,
    };
  }

  /** Notifications from id `start` on, at most `limit` (`selectNotifications` of the recorder). */
  select(start: number, limit: number): Promise<Notification[]> {
    return this.#recorder.selectNotifications(start, limit);
  }
}
