// A module SharedWorker for engine-smoke.test.ts: echoes each message on the connecting port.
interface SharedWorkerScope {
  onconnect: ((event: MessageEvent) => void) | null;
}
const scope = self as unknown as SharedWorkerScope;

scope.onconnect = (event) => {
  const port = event.ports[0];
  if (port === undefined) return;
  port.onmessage = (message: MessageEvent<string>) => {
    port.postMessage({ echo: message.data, url: import.meta.url });
  };
};
