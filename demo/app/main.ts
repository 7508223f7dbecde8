/**
 * Tally's start: registers the service worker, opens the ledger, and keeps the page in step
 * with the read model, the log and sync. Redraws are coalesced into one per frame.
 */
import type { SyncStatus } from 'offline-eventstore';
import { openLedger } from './ledger/open-ledger.js';
import { byId, h } from './ui/dom.js';
import { inspect } from './ui/inspect.js';
import { InspectorView } from './ui/inspector-view.js';
import { bindForms } from './ui/ledger-forms.js';
import { renderLedger } from './ui/ledger-view.js';

let redraw: (() => void) | undefined;
let problem: string | undefined;

async function start(): Promise<void> {
  registerServiceWorker();
  const ledger = await openLedger({
    onProjected: () => redraw?.(),
    onProblem: (error) => {
      problem = `The read model stopped: ${error instanceof Error ? error.message : String(error)}`;
      redraw?.();
    },
  });
  bindForms(ledger);
  const inspector = new InspectorView(byId('inspector'), ledger);
  const draw = async () => {
    await renderLedger(ledger);
    const snapshot = await inspect(ledger);
    inspector.render(snapshot);
    updatePill(snapshot.sync, ledger.sync?.switches.simulateOffline ?? false);
  };
  await draw();
  redraw = coalesce(draw);
  ledger.sync?.onStatus(redraw);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.addEventListener('controllerchange', redraw);
  }
  addEventListener('online', redraw);
  addEventListener('offline', redraw);
  setInterval(redraw, 5_000);
  // Tests wait for this: the ledger is open and its first state is on screen.
  document.body.dataset.ready = 'true';
}

/**
 * Runs `draw` soon, once for any number of calls meanwhile, and again if asked while it ran.
 * A timer, not `requestAnimationFrame`: a background tab gets no frames, yet must keep up.
 */
function coalesce(draw: () => Promise<void>): () => void {
  let state: 'idle' | 'queued' | 'running' | 'again' = 'idle';
  const go = () => {
    state = 'running';
    draw()
      .catch((error: unknown) => {
        problem = `Redrawing failed: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        const again = state === 'again';
        state = 'idle';
        if (again) schedule();
      });
  };
  const schedule = () => {
    if (state === 'running') state = 'again';
    if (state !== 'idle') return;
    state = 'queued';
    setTimeout(go, 16);
  };
  return schedule;
}

function updatePill(status: SyncStatus | undefined, simulated: boolean): void {
  const pill = byId('sync-pill');
  const [state, text] = pillText(status, simulated);
  pill.dataset.state = problem ? 'problem' : state;
  pill.textContent = problem ? 'Problem: see the message below' : text;
  if (problem) byId('announcer').textContent = problem;
}

function pillText(status: SyncStatus | undefined, simulated: boolean): readonly [string, string] {
  if (!status) return ['offline', 'Local only (no session yet)'];
  const pending = status.pending === 1 ? '1 event to sync' : `${status.pending} events to sync`;
  switch (status.phase) {
    case 'stopped':
      return ['stopped', `Sync stopped · ${pending}`];
    case 'offline':
      return ['offline', `${simulated ? 'Offline (simulated)' : 'Offline'} · ${pending}`];
    case 'halted':
      return ['problem', 'Sync halted: see the inspector'];
    case 'pushing':
    case 'pulling':
      return ['syncing', status.pending > 0 ? `Syncing… · ${pending}` : 'Syncing…'];
    default:
      // The client waits for the network rather than fail against it: say so.
      if (!navigator.onLine) return ['offline', `Offline (no network) · ${pending}`];
      return status.pending > 0 ? ['syncing', pending] : ['synced', 'All synced'];
  }
}

function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
    byId('announcer').textContent = `The offline shell could not be installed: ${String(error)}`;
  });
}

start().catch((error: unknown) => {
  const box = byId('startup-error');
  box.hidden = false;
  box.replaceChildren(
    h('h2', {}, 'Tally could not start'),
    h('p', {}, error instanceof Error ? error.message : String(error)),
  );
  byId('sync-pill').textContent = 'Not started';
});
