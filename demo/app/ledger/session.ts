/**
 * This device's session with the sync server: its id, the server's URL and a bearer token.
 * A real app gets these at sign-in; the demo asks its pages server, and keeps the answer so
 * that the app also starts with no network.
 */

/** What the pages server answers (see `demo/server/pages.ts`). */
export interface Session {
  readonly syncUrl: string;
  readonly token: string;
  readonly tenant: string;
}

const DEVICE_KEY = 'tally.device';
const SESSION_KEY = 'tally.session';

/** This browser profile's device id, made on first use. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (id === null) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** A fresh session when the pages server answers, else the kept one, else `undefined`. */
export async function loadSession(): Promise<Session | undefined> {
  try {
    const response = await fetch(`/demo-api/session?device=${deviceId()}`, { cache: 'no-store' });
    if (response.ok) {
      const session = (await response.json()) as Session;
      localStorage.setItem(SESSION_KEY, JSON.stringify(session));
      return session;
    }
  } catch {
    // Offline: fall back to the kept session.
  }
  const kept = localStorage.getItem(SESSION_KEY);
  return kept === null ? undefined : (JSON.parse(kept) as Session);
}
