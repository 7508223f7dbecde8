/**
 * The inspector: the notification log, aggregates, projections, sync, storage and key, and
 * the controls to take sync offline and to export or import the log. Controls are built once
 * (so focus stays put); the figures around them are redrawn from each snapshot.
 */
import type { SyncStatus } from 'offline-eventstore';
import { exportLog, importLog } from '../ledger/log-file.js';
import type { Ledger } from '../ledger/open-ledger.js';
import { announce, formatTime, h, on, shortId } from './dom.js';
import {
  aggregateTable,
  dl,
  logTable,
  section,
  storageList,
  trackingTable,
} from './inspector-parts.js';
import type { Snapshot } from './inspect.js';

/** The inspector panel. */
export class InspectorView {
  readonly #ledger: Ledger;
  readonly #parts = {
    sync: h('div'),
    log: h('div', { class: 'table-wrap' }),
    aggregates: h('div', { class: 'table-wrap' }),
    tracking: h('div'),
    storage: h('div'),
  };
  readonly #offline = h(
    'button',
    { type: 'button', 'aria-pressed': 'false', id: 'simulate-offline' },
    'Simulate offline',
  );
  readonly #stop = h('button', { type: 'button', id: 'toggle-sync' }, 'Stop sync');
  readonly #now = h('button', { type: 'button', id: 'sync-now' }, 'Sync now');
  readonly #persist = h('button', { type: 'button', id: 'persist' }, 'Ask for persistent storage');

  constructor(root: HTMLElement, ledger: Ledger) {
    this.#ledger = ledger;
    root.replaceChildren(
      section('Sync', this.#syncControls(), this.#parts.sync),
      section(
        'Notification log',
        h(
          'p',
          { class: 'hint' },
          'Newest first. States are compressed, then encrypted with AES-GCM before they are stored.',
        ),
        this.#parts.log,
      ),
      section('Aggregates', this.#parts.aggregates),
      section('Projections', this.#parts.tracking),
      section(
        'Storage and key',
        this.#parts.storage,
        h('div', { class: 'controls' }, this.#persist),
      ),
      section(
        'Event log file',
        h(
          'p',
          { class: 'hint' },
          'The export is decrypted JSON: keep it safe. Importing records only the events this device lacks.',
        ),
        this.#fileControls(),
      ),
    );
    on(this.#persist, 'click', () => {
      void navigator.storage.persist().then((granted) => {
        announce(
          granted
            ? 'Storage is now persistent.'
            : 'The browser kept storage best-effort (it decides from how the site is used).',
        );
      });
    });
  }

  /** Redraws the figures from `snapshot`. */
  render(snapshot: Snapshot): void {
    this.#renderSync(snapshot.sync);
    this.#parts.log.replaceChildren(logTable(snapshot));
    this.#parts.aggregates.replaceChildren(aggregateTable(snapshot));
    this.#parts.tracking.replaceChildren(trackingTable(snapshot));
    this.#parts.storage.replaceChildren(storageList(snapshot));
  }

  #syncControls(): HTMLElement {
    const sync = this.#ledger.sync;
    if (!sync)
      return h(
        'p',
        { class: 'hint' },
        'No session yet: open the app once while the demo server runs.',
      );
    on(this.#offline, 'click', () => {
      sync.simulateOffline(!sync.switches.simulateOffline);
    });
    on(this.#stop, 'click', () => {
      sync.setStopped(!sync.switches.stopped);
    });
    on(this.#now, 'click', () => {
      sync.syncNow();
    });
    return h('div', { class: 'controls' }, this.#offline, this.#stop, this.#now);
  }

  #renderSync(status: SyncStatus | undefined): void {
    const sync = this.#ledger.sync;
    if (!sync || !status) return;
    const { simulateOffline, stopped } = sync.switches;
    this.#offline.setAttribute('aria-pressed', String(simulateOffline));
    this.#offline.textContent = simulateOffline ? 'Back online' : 'Simulate offline';
    this.#stop.textContent = stopped ? 'Start sync' : 'Stop sync';
    this.#now.disabled = stopped;
    const progress = status.progress;
    this.#parts.sync.replaceChildren(
      dl([
        [
          'Phase',
          h('span', { class: 'phase', 'data-phase': status.phase, id: 'sync-phase' }, status.phase),
        ],
        ['Network', navigator.onLine ? 'online' : 'offline (as the browser says)'],
        ['Pending', h('span', { id: 'sync-pending' }, String(status.pending))],
        ['Acknowledged', `through local #${status.acknowledged}`],
        ['Pulled', `through server position ${status.pulledThrough}`],
        ['Stream', status.streamId ? shortId(status.streamId) : '—'],
        ['Server', sync.session.syncUrl],
        ['Last synced', formatTime(status.lastSuccessAt)],
        ['Retry at', formatTime(status.retryAt)],
      ]),
      progress
        ? h('progress', {
            max: progress.total,
            value: progress.pushed,
            'aria-label': 'Push progress',
          })
        : '',
      status.lastError && status.phase !== 'idle'
        ? h('p', { class: 'problem' }, status.lastError.message)
        : '',
    );
  }

  #fileControls(): HTMLElement {
    const { application } = this.#ledger.app;
    const exportButton = on(h('button', { type: 'button' }, 'Export events'), 'click', () => {
      void exportLog(application).then((file) => {
        const blob = new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
        const link = h('a', {
          href: URL.createObjectURL(blob),
          download: `tally-events-${file.exportedAt.slice(0, 10)}.json`,
        });
        link.click();
        setTimeout(() => {
          URL.revokeObjectURL(link.href);
        }, 10_000);
        announce(`Exported ${file.events.length} events.`);
      });
    });
    const input = h('input', {
      type: 'file',
      accept: 'application/json,.json',
      id: 'import-file',
      class: 'visually-hidden',
    });
    on(input, 'change', () => {
      const file = input.files?.[0];
      if (file) void this.#import(file).finally(() => (input.value = ''));
    });
    const label = h('label', { for: 'import-file', class: 'button' }, 'Import events…');
    return h('div', { class: 'controls' }, exportButton, input, label);
  }

  async #import(file: File): Promise<void> {
    try {
      const result = await importLog(await file.text(), this.#ledger.app.application);
      announce(`Imported ${result.recorded} events; ${result.held} were already here.`);
    } catch (error) {
      announce(`Import failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  }
}
