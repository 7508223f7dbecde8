import type { ConnectionPort, RecorderEndpoint } from '../../src/worker/wire.js';

type Listener = (event: Event) => void;

/**
 * A worker-side endpoint whose connections can be cut without a sound, as when a worker is
 * terminated: after `sever()`, nothing reaches the served side and nothing comes back, and
 * no port closes (a browser tells no one). Wraps the `MessagePort` the worker would serve on.
 */
export function severable(host: MessagePort): {
  endpoint: RecorderEndpoint;
  sever(): void;
  /** The worker-side ends of the connections made so far. */
  ports: MessagePort[];
} {
  const cut = { severed: false };
  const ports: MessagePort[] = [];
  const swapPort: (listener: Listener) => Listener = (listener) => (event) => {
    const data: unknown = (event as MessageEvent).data;
    if (typeof data !== 'object' || data === null || !('port' in data)) {
      listener(event);
      return;
    }
    const port = data.port as MessagePort;
    ports.push(port);
    const swapped = { ...data, port: new SeverablePort(port, cut) };
    listener(new MessageEvent('message', { data: swapped }));
  };
  const wrapped = new Map<Listener, Listener>();
  return {
    endpoint: {
      postMessage: (message, transfer) => {
        host.postMessage(message, transfer);
      },
      addEventListener: (type, listener) => {
        const inner = type === 'message' ? swapPort(listener) : listener;
        wrapped.set(listener, inner);
        host.addEventListener(type, inner);
      },
      removeEventListener: (type, listener) => {
        host.removeEventListener(type, wrapped.get(listener) ?? listener);
      },
      start: () => {
        host.start();
      },
    },
    sever: () => {
      cut.severed = true;
    },
    ports,
  };
}

class SeverablePort implements ConnectionPort {
  readonly #port: MessagePort;
  readonly #cut: { severed: boolean };
  readonly #wrapped = new Map<Listener, Listener>();

  constructor(port: MessagePort, cut: { severed: boolean }) {
    this.#port = port;
    this.#cut = cut;
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    if (!this.#cut.severed) this.#port.postMessage(message, transfer);
  }

  addEventListener(type: string, listener: Listener): void {
    const inner: Listener = (event) => {
      if (!this.#cut.severed) listener(event);
    };
    this.#wrapped.set(listener, inner);
    this.#port.addEventListener(type, inner);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.#port.removeEventListener(type, this.#wrapped.get(listener) ?? listener);
  }

  start(): void {
    this.#port.start();
  }

  close(): void {
    if (!this.#cut.severed) this.#port.close();
  }
}
