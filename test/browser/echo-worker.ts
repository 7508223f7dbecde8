// A module worker for engine-smoke.test.ts. It echoes each message with `import.meta.url`,
// which only parses in a module worker, and proves IndexedDB works inside the worker.
interface WorkerScope {
  onmessage: ((event: MessageEvent<string>) => void) | null;
  postMessage(message: unknown): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const open = indexedDB.open(event.data);
  open.onupgradeneeded = () => open.result.createObjectStore('echo');
  open.onerror = () => {
    scope.postMessage({ error: String(open.error) });
  };
  open.onsuccess = () => {
    const db = open.result;
    db.close();
    scope.postMessage({ echo: event.data, url: import.meta.url, stores: [...db.objectStoreNames] });
  };
};
