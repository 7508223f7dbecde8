/**
 * The optional browser hooks a `SyncClient` uses when they exist: `online` events,
 * `visibilitychange`, `navigator.onLine` (a hint only) and Web Locks (an optimisation only).
 * In Node or an edge runtime they are simply absent.
 */
import type { WakeReason } from './alarm.js';

/** Where the hooks come from; each defaults to the global one, and `undefined` turns it off. */
export interface SyncEnvironment {
  /** Fires `online` (the window or worker global). */
  readonly eventTarget?: EventTarget | undefined;
  /** Fires `visibilitychange` and tells `visibilityState` (the document). */
  readonly document?: (EventTarget & { readonly visibilityState: string }) | undefined;
  /** `onLine` and `locks` (the navigator). */
  readonly navigator?: { readonly onLine?: boolean; readonly locks?: LockManager } | undefined;
}

/** The hooks of the global scope, those that exist. */
export function globalEnvironment(): SyncEnvironment {
  const scope = globalThis as {
    addEventListener?: unknown;
    document?: SyncEnvironment['document'];
    navigator?: SyncEnvironment['navigator'];
  };
  return {
    eventTarget: typeof scope.addEventListener === 'function' ? globalThis : undefined,
    document: scope.document,
    navigator: scope.navigator,
  };
}

/** Listens for `online` and for the page becoming visible; returns the function that stops. */
export function watchEnvironment(
  env: SyncEnvironment,
  wake: (reason: WakeReason) => void,
): () => void {
  const onOnline = () => {
    wake('online');
  };
  const onVisibility = () => {
    if (env.document?.visibilityState === 'visible') wake('visible');
  };
  env.eventTarget?.addEventListener('online', onOnline);
  env.document?.addEventListener('visibilitychange', onVisibility);
  return () => {
    env.eventTarget?.removeEventListener('online', onOnline);
    env.document?.removeEventListener('visibilitychange', onVisibility);
  };
}

/** `false` only when the environment says it is offline (which may be wrong the other way). */
export function maybeOnline(env: SyncEnvironment): boolean {
  return env.navigator?.onLine !== false;
}
