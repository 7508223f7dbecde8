import { InterfaceError } from '../errors.js';
import { Alarm, systemClock, type SyncClock } from './alarm.js';
import { backoffDelay, cryptoRandom } from './backoff.js';
import {
  globalEnvironment,
  maybeOnline,
  watchEnvironment,
  type SyncEnvironment,
} from './environment.js';
import { LocalWatch } from './local-watch.js';
import { Puller } from './puller.js';
import { Pusher } from './pusher.js';
import { RoundRunner } from './round.js';
import type { RoundResult, SyncSession } from './session.js';
import { StatusBox, type SyncProblem, type SyncStatus, type SyncStatusListener } from './status.js';
import type { SyncClientOptions } from './sync-client-options.js';
import { SyncTransport } from './transport.js';

/**
 * Syncs one local database with a sync server: pushes its notifications exactly once, in
 * order, and pulls other devices' events. Runs in windows, workers, Node and edge runtimes.
 *
 * Correctness never depends on this object: the server dedups by stream position, the
 * acknowledged position moves only on the server's answer, and Web Locks (when present) only
 * save two tabs from sending the same batch. Observe it with `status` and `onStatus`.
 */
export class SyncClient {
  readonly #options: SyncClientOptions;
  readonly #clock: SyncClock;
  readonly #env: SyncEnvironment;
  readonly #status = new StatusBox();
  readonly #alarm: Alarm;
  #local: LocalWatch | undefined;
  #stop: AbortController | undefined;
  #round: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #unwatch: (() => void) | undefined;
  #paused = false;
  #halted = false;
  #roundsStarted = 0;
  #roundsDone = 0;

  constructor(options: SyncClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#env = options.environment ?? globalEnvironment();
    this.#alarm = new Alarm(this.#clock);
  }

  /** The current status. */
  get status(): SyncStatus {
    return this.#status.current;
  }

  /** Calls `listener` with every new status; returns the function that stops it. */
  onStatus(listener: SyncStatusListener): () => void {
    return this.#status.listen(listener);
  }

  /** Loads the sync state and starts syncing in the background. A second call does nothing. */
  async start(): Promise<void> {
    if (this.#stop) return;
    const { recorder, stateStore } = this.#options;
    const { state, created } = await stateStore.load();
    const session = this.#createSession(state);
    this.#stop = new AbortController();
    this.#unwatch = watchEnvironment(this.#env, (reason) => {
      this.#alarm.wake(reason);
    });
    this.#local = new LocalWatch(session);
    if (this.#options.watchLocal !== false) {
      this.#local.start(await recorder.maxNotificationId(), () => {
        this.#alarm.wake('local');
      });
    }
    this.#status.update({
      phase: 'idle',
      streamId: state.streamId,
      acknowledged: state.acknowledged,
    });
    this.#loop = this.#run(session, created, this.#stop.signal);
  }

  /** Stops syncing: aborts a request in flight (the server dedups its retry later). */
  async stop(): Promise<void> {
    this.#stop?.abort(new DOMException('The SyncClient was stopped.', 'AbortError'));
    this.#unwatch?.();
    this.#local?.close();
    await this.#loop;
    this.#stop = this.#loop = this.#unwatch = this.#local = undefined;
    this.#status.update({ phase: 'stopped', progress: undefined, retryAt: undefined });
  }

  /** Syncs now: ends an idle wait or a backoff early. */
  syncNow(): void {
    this.#alarm.wake('manual');
  }

  /** Pauses after aborting the request in flight; `resume()` continues. */
  pause(): void {
    this.#paused = true;
    this.#round?.abort(new DOMException('Paused.', 'AbortError'));
    this.#alarm.wake('manual');
    if (this.#stop)
      this.#status.update({ phase: 'paused', progress: undefined, retryAt: undefined });
  }

  /** Continues after `pause()`, or after a halt (once its cause was dealt with). */
  resume(): void {
    this.#paused = this.#halted = false;
    if (this.#stop) this.#status.update({ phase: 'idle' });
    this.#alarm.wake('resume');
  }

  /**
   * Syncs now and resolves once a round that started after this call finished with nothing
   * left to do, or sync halted (check `phase`; a halted client resolves at once). Rejects with `InterfaceError` if not started
   * or stopped meanwhile, and with `signal.reason` if `signal` aborts first.
   */
  flush(signal?: AbortSignal): Promise<SyncStatus> {
    const stop = this.#stop?.signal;
    if (!stop) return Promise.reject(new InterfaceError('Call start() before flush().'));
    if (this.#halted) return Promise.resolve(this.status);
    const target = this.#roundsStarted + 1;
    this.syncNow();
    return this.#status.until(
      (status) => this.#roundsDone >= target || status.phase === 'halted',
      stop,
      signal,
    );
  }

  #createSession(state: SyncSession['state']): SyncSession {
    const options = this.#options;
    const now = () => this.#clock.now();
    const transport = new SyncTransport({
      ...options,
      now,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const session: SyncSession = {
      state,
      recorder: options.recorder,
      store: options.stateStore,
      transport,
      now,
      report: (patch) => {
        this.#status.update(patch);
      },
    };
    return session;
  }

  async #run(session: SyncSession, created: boolean, stop: AbortSignal): Promise<void> {
    const runner = new RoundRunner(session, {
      pusher: new Pusher(session, this.#options.batchSize ?? 500),
      puller: this.#puller(session),
      locks: this.#env.navigator?.locks,
      created,
    });
    let attempt = 0;
    while (!stop.aborted) {
      if (this.#paused || this.#halted) {
        await this.#alarm.wait(Infinity, stop, (reason) => reason === 'resume');
        continue;
      }
      this.#alarm.clear();
      const number = ++this.#roundsStarted;
      const round = (this.#round = new AbortController());
      const onStop = () => {
        round.abort(stop.reason);
      };
      stop.addEventListener('abort', onStop, { once: true });
      const result = await runner.run(round.signal);
      stop.removeEventListener('abort', onStop);
      attempt = await this.#settle(result, number, attempt, stop);
    }
  }

  #puller(session: SyncSession): Puller | undefined {
    const { recorder, pull, serverName, url, pullLimit } = this.#options;
    if (pull === false || !('maxTrackingId' in recorder)) return undefined;
    return new Puller(session, recorder, serverName ?? new URL(url).origin, pullLimit ?? 500);
  }

  /** Reports how a round ended and waits as it calls for; returns the next attempt count. */
  async #settle(
    result: RoundResult,
    number: number,
    attempt: number,
    stop: AbortSignal,
  ): Promise<number> {
    const now = this.#clock.now();
    if (result.kind === 'done') {
      this.#roundsDone = number;
      this.#status.update({
        phase: 'idle',
        progress: undefined,
        retryAt: undefined,
        lastSuccessAt: now,
      });
      this.#local?.refreshPending();
      const interval = this.#options.intervalMs ?? 60_000;
      await this.#alarm.wait(
        interval > 0 ? interval : Infinity,
        stop,
        (r) => r !== 'local' || maybeOnline(this.#env),
      );
      return 0;
    }
    if (result.kind === 'retry') {
      const delay = backoffDelay(
        attempt + 1,
        this.#options.backoff ?? {},
        this.#options.random ?? cryptoRandom,
        result.retryAfterMs,
      );
      this.#status.update({
        phase: 'offline',
        progress: undefined,
        lastError: result.problem,
        retryAt: now + delay,
      });
      await this.#alarm.wait(delay, stop, (r) => r !== 'local');
      return attempt + 1;
    }
    if (result.kind === 'aborted') {
      if (this.#paused) this.#status.update({ phase: 'paused', progress: undefined });
      return attempt;
    }
    this.#halted = true;
    const problem: SyncProblem =
      result.kind === 'halt'
        ? result.problem
        : { kind: 'conflict', message: result.message, at: now };
    this.#status.update({
      phase: 'halted',
      progress: undefined,
      retryAt: undefined,
      lastError: problem,
    });
    return 0;
  }
}
