/** The inspector's read-only parts, drawn afresh from each snapshot. */
import { aggregateType } from '../domain/events.js';
import { formatBytes, h, shortId } from './dom.js';
import type { Snapshot } from './inspect.js';

/** A titled section of the inspector. */
export function section(title: string, ...children: (Node | false)[]): HTMLElement {
  return h('section', { class: 'inspector-section' }, h('h3', {}, title), ...children);
}

/** A definition list of facts, term then value. */
export function dl(rows: readonly (readonly [string, Node | string])[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly (Node | string)[])[],
  empty: string,
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

/** The newest notifications: id, topic, aggregate, stored size, and the key that encrypted it. */
export function logTable({ log, head }: Snapshot): HTMLElement {
  const rows = log.map((n) => [
    `#${n.id}`,
    n.topic,
    h(
      'span',
      { title: n.originatorId },
      `${aggregateType(n.originatorId)} ${n.originatorId.split('/')[1]?.slice(0, 6) ?? ''} v${n.originatorVersion}`,
    ),
    formatBytes(n.bytes),
    n.keyId
      ? h('span', { class: 'lock', title: `AES-GCM with key ${n.keyId}` }, `✓ ${n.keyId}`)
      : h('span', { class: 'plain' }, 'no'),
  ]);
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'hint', id: 'log-head' },
      `${head} notification${head === 1 ? '' : 's'} in the log.`,
    ),
    table(
      'Notification log',
      ['Id', 'Topic', 'Aggregate', 'Size', 'Encrypted (key)'],
      rows,
      'The log is empty.',
    ),
  );
}

/** The aggregates the read model knows, with their versions (the first 20). */
export function aggregateTable({ aggregates }: Snapshot): HTMLElement {
  const rows = aggregates
    .slice(0, 20)
    .map((a) => [a.type, h('span', { title: a.id }, shortId(a.id)), `v${a.version}`, a.label]);
  const more =
    aggregates.length > 20
      ? h('p', { class: 'hint' }, `…and ${aggregates.length - 20} more.`)
      : false;
  return h(
    'div',
    {},
    table('Aggregates', ['Type', 'Id', 'Version', 'Shown as'], rows, 'No aggregate yet.'),
    more || '',
  );
}

/** Each tracking record's position, and how far the read model lags the log. */
export function trackingTable({ tracking }: Snapshot): HTMLElement {
  const rows = tracking.map((t) => [
    h('code', {}, t.name),
    t.role,
    `#${t.position}`,
    t.lag === undefined ? '—' : h('span', { 'data-testid': 'lag' }, String(t.lag)),
  ]);
  return table(
    'Tracking positions',
    ['Tracking name', 'Feeds', 'Position', 'Lag'],
    rows,
    'No projection.',
  );
}

/** Storage use and persistence, the key, and the offline shell. */
export function storageList({ storage, key, shell }: Snapshot): HTMLElement {
  const used =
    storage.usage === undefined
      ? 'unknown'
      : `${formatBytes(storage.usage)} of ${storage.quota === undefined ? '?' : formatBytes(storage.quota)}`;
  const keyText = key
    ? `${key.id} · ${key.source} · made ${key.createdAt.toLocaleString()} · ${key.encryptions} encryptions reserved`
    : 'none yet';
  return dl([
    ['Used', used],
    [
      'Persistent',
      storage.persisted === undefined
        ? 'unknown'
        : storage.persisted
          ? 'yes'
          : 'no (best-effort: the browser may evict it)',
    ],
    ['Key', h('span', { id: 'key-status' }, keyText)],
    ['Key storage', 'non-extractable AES-256 CryptoKey in IndexedDB "tally.keys"'],
    [
      'Offline shell',
      h(
        'span',
        { id: 'shell-status', 'data-shell': shell },
        {
          none: 'no service worker',
          installing: 'installing…',
          ready: 'cached: opens with no network',
        }[shell],
      ),
    ],
  ]);
}
