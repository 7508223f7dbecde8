/** A few lines instead of a framework: build elements, and say things to the user. */

type Child = Node | string | false | undefined;
type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Creates an element: `h('button', { type: 'button', class: 'primary' }, 'Save')`. A `true`
 * attribute is set empty, `false` and `undefined` are left out; `on*` are not supported on
 * purpose (use `addEventListener`, or `on()` below).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== false && child !== undefined) element.append(child);
  return element;
}

/** Adds a listener and returns the element, for building in one expression. */
export function on<K extends keyof HTMLElementEventMap>(
  element: HTMLElement,
  type: K,
  listener: (event: HTMLElementEventMap[K]) => void,
): HTMLElement {
  element.addEventListener(type, listener);
  return element;
}

/** The element with `id`; throws if the page lacks it (a bug in index.html). */
export function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}.`);
  return element;
}

/** The element with `id` and of `type`; throws if the page lacks it. */
export function byIdOf<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = byId(id);
  if (!(element instanceof type)) throw new Error(`#${id} is not a ${type.name}.`);
  return element;
}

const drawn = new WeakMap<Element, string>();

/**
 * Replaces `parent`'s children with `build()`'s, unless `data` is what was drawn last: a
 * redraw must not steal focus or swallow a click for nothing. When it does redraw, focus
 * moves to the new element with the same `data-key` as the focused one.
 */
export function redraw(parent: Element, data: unknown, build: () => (Node | string)[]): void {
  const signature = JSON.stringify(data);
  if (drawn.get(parent) === signature) return;
  drawn.set(parent, signature);
  const active = document.activeElement;
  const key =
    active instanceof HTMLElement && parent.contains(active) ? active.dataset.key : undefined;
  parent.replaceChildren(...build());
  if (key !== undefined)
    parent.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

/** The text of a form field (`''` for a missing one or a file). */
export function field(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** Shows `text` in the page's live region, which screen readers announce. */
export function announce(text: string, tone: 'info' | 'error' = 'info'): void {
  const region = byId('announcer');
  region.textContent = text;
  region.dataset.tone = tone;
}

/** A short, readable form of an aggregate id: `budgets/3f2a…`. */
export function shortId(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0
    ? id.slice(0, 12)
    : `${id.slice(0, slash + 1)}${id.slice(slash + 1, slash + 7)}…`;
}

/** `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? ''}`;
}

/** `"12:03:04"`, or `"—"` for no time. */
export function formatTime(at: number | Date | undefined): string {
  return at === undefined ? '—' : new Date(at).toLocaleTimeString();
}
