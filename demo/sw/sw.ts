/**
 * The demo's service worker: it keeps the app shell (every file the build wrote, listed into
 * `__PRECACHE__` by the Vite config) so that the app opens with no network. Pages are asked
 * of the network first, so a new build shows when online; everything else comes from the
 * cache. It never touches the sync server (another origin) or the session endpoint.
 */
export {};

declare const __PRECACHE__: readonly string[];

const sw = self as unknown as ServiceWorkerGlobalScope;
const FILES = __PRECACHE__;
const PREFIX = 'tally-shell-';
const CACHE = `${PREFIX}${fingerprint(FILES.join('\n'))}`;
const NEVER_CACHED = ['/demo-api/'];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;
  event.respondWith(request.mode === 'navigate' ? page(request) : file(request));
});

/** Network first, so a new build shows at once; the cached shell when the network fails. */
async function page(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(CACHE)).put('/', response.clone());
    return response;
  } catch {
    return (await caches.match('/', { cacheName: CACHE, ignoreVary: true })) ?? offlinePage();
  }
}

/**
 * Cache first: built files have content hashes in their names, so they never go stale.
 * `ignoreVary`, since a module script's request carries an `Origin` header that the
 * precaching request did not, and the server answers `Vary: Origin`.
 */
async function file(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: CACHE, ignoreVary: true })) ?? fetch(request);
}

function offlinePage(): Response {
  return new Response('<h1>Offline</h1><p>Open the app once online first.</p>', {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

/** FNV-1a, enough to name a cache after the list of files it holds. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
