/**
 * One sync round: reload the state, make sure it still belongs to the local database, push
 * everything pending, then pull. Runs under a Web Lock when the environment has them, so two
 * tabs of one database take turns (an optimisation: the server dedups either way).
 */
import type { Puller } from './puller.js';
import type { Pusher } from './pusher.js';
import { isErrorNamed, type RoundResult, type SyncSession } from './session.js';
import type { SyncProblem } from './status.js';

/** What a round needs besides the session. */
export interface RoundParts {
  readonly pusher: Pusher;
  readonly puller: Puller | undefined;
  readonly locks: LockManager | undefined;
  /** The state store was just created: ask the server whether this client had other streams. */
  readonly created: boolean;
}

/** Runs rounds for one session. */
export class RoundRunner {
  readonly #session: SyncSession;
  readonly #parts: RoundParts;
  /** Ask the server about this stream: on the first round, and after a restored log. */
  #checkServer = true;
  #created: boolean;

  constructor(session: SyncSession, parts: RoundParts) {
    this.#session = session;
    this.#parts = parts;
    this.#created = parts.created;
  }

  /** One round; never rejects (a local failure is a `retry`, a closed recorder a `halt`). */
  async run(signal: AbortSignal): Promise<RoundResult> {
    const { locks } = this.#parts;
    const work = () => this.#work(signal);
    try {
      const name = `offline-eventstore:sync:${this.#session.state.streamId}`;
      return await (locks ? locks.request(name, { signal }, work) : work());
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const problem: SyncProblem = { kind: 'local', message, at: this.#session.now() };
      return isErrorNamed(error, 'InterfaceError')
        ? { kind: 'halt', problem }
        : { kind: 'retry', problem, retryAfterMs: 0 };
    }
  }

  async #work(signal: AbortSignal): Promise<RoundResult> {
    const { pusher, puller } = this.#parts;
    await this.#prepare(signal);
    let result = await pusher.run(signal);
    if (result.kind === 'new-stream') {
      await this.#newStream(result.message);
      result = await pusher.run(signal);
    }
    if (result.kind !== 'done' || !puller) return result;
    result = await puller.run(signal);
    if (result.kind !== 'done') return result;
    if (puller.takeRestart()) {
      this.#checkServer = true; // what the server lost of this stream must be pushed again
      await this.#askServer(signal);
    }
    // Acknowledge through what was just pulled, so that "done" means nothing is pending.
    return pusher.run(signal);
  }

  /**
   * Reloads the state (another tab may have moved it), and starts a new stream if the state
   * no longer belongs to the recorder's database (that database was recreated).
   */
  async #prepare(signal: AbortSignal): Promise<void> {
    const s = this.#session;
    const { state, created } = await s.store.load();
    s.state = state;
    if (created) this.#created = this.#checkServer = true;
    if (!(await this.#belongs())) {
      await this.#newStream('The local database no longer holds what this stream acknowledged.');
    }
    await this.#askServer(signal);
    s.report({ streamId: s.state.streamId, acknowledged: s.state.acknowledged });
  }

  /**
   * When due, asks the server for this stream: a server behind the local position lost data
   * (restored from a backup), so the position goes back and the events are pushed again; a
   * new local state while the server knows other streams of this client means the local
   * database was recreated.
   */
  async #askServer(signal: AbortSignal): Promise<void> {
    if (!this.#checkServer) return;
    const s = this.#session;
    const reply = await s.transport.stream(s.state.streamId, signal);
    if (reply.kind === 'failed') return; // next round asks again
    this.#checkServer = false;
    if (reply.kind !== 'ok') return;
    if (this.#created && reply.body.otherStreams.length > 0) {
      this.#notice(
        'The server knows earlier streams of this client, but the local sync state was created afresh.',
      );
    }
    this.#created = false;
    if (reply.body.acknowledged < s.state.acknowledged) {
      s.state = await s.store.rewind(s.state.streamId, reply.body.acknowledged);
    }
  }

  /** Whether the recorder still holds the last own notification the server acknowledged. */
  async #belongs(): Promise<boolean> {
    const { state, recorder } = this.#session;
    const { anchor } = state;
    if (!anchor) return state.acknowledged <= (await recorder.maxNotificationId());
    const [held] = await recorder.selectNotifications(anchor.id, 1, { stop: anchor.id });
    return (
      held?.originatorId === anchor.originatorId &&
      held.originatorVersion === anchor.originatorVersion
    );
  }

  async #newStream(reason: string): Promise<void> {
    this.#session.state = await this.#session.store.startNewStream();
    this.#checkServer = this.#created = false;
    this.#notice(`${reason} This device now syncs as a new stream.`);
  }

  #notice(reason: string): void {
    const message = `The local database was recreated. ${reason} Events never synced from the old database may be gone; synced ones come back by pulling.`;
    const at = this.#session.now();
    this.#session.report({ notice: { kind: 'local-database-recreated', message, at } });
  }
}
