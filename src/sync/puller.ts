/**
 * Pulls the tenant's server log into the local `ProcessRecorder`, page after page, from the
 * position its tracking records say was applied (see `pull-apply.ts`).
 *
 * A server restored from an older copy forgets positions this device applied and hands them
 * out again to other events. Each pull therefore starts one position early, at the last
 * notification applied (the sync state's `pullMark`), and checks it is still there; when it
 * is not, or the log now ends before it, the puller starts a new tracking epoch
 * (`sync:<server>@<n>`, the epoch itself tracked as `sync:<server>@epoch`) and reads the log
 * again from the start, skipping every event the device already holds with the same content.
 */
import type { ProcessRecorder } from '../types.js';
import type { LogNotification } from './protocol.js';
import { applyPage } from './pull-apply.js';
import { isErrorNamed, refusal, type RoundResult, type SyncSession } from './session.js';

/** One device's puller. */
export class Puller {
  readonly #session: SyncSession;
  readonly #recorder: ProcessRecorder;
  readonly #base: string;
  readonly #pageSize: number;
  #restarted = false;

  constructor(
    session: SyncSession,
    recorder: ProcessRecorder,
    serverName: string,
    pageSize: number,
  ) {
    this.#session = session;
    this.#recorder = recorder;
    this.#base = `sync:${serverName}`;
    this.#pageSize = pageSize;
  }

  /** Pulls and applies pages until the log is exhausted, or until a failure or refusal. */
  async run(signal: AbortSignal): Promise<RoundResult> {
    const s = this.#session;
    for (;;) {
      const epoch = await this.#recorder.maxTrackingId(`${this.#base}@epoch`);
      const app = epoch === 0 ? this.#base : `${this.#base}@${epoch}`;
      const after = await this.#recorder.maxTrackingId(app);
      s.report({ phase: 'pulling', pulledThrough: after });
      const mark = s.state.pullMark;
      const check = mark !== undefined && after > 0 && mark.position === after;
      const reply = await s.transport.pull(check ? after - 1 : after, this.#pageSize, signal);
      if (reply.kind === 'failed') {
        return { kind: 'retry', problem: reply.problem, retryAfterMs: reply.retryAfterMs };
      }
      if (reply.kind === 'refused') return refusal(reply.status, reply.problem, s.now());
      const { notifications, head } = reply.body;
      const page = check ? notifications.slice(1) : notifications;
      if ((check && !sameAs(notifications[0], mark)) || (page.length === 0 && head < after)) {
        await this.#newEpoch(epoch + 1);
        continue;
      }
      if (page.length === 0) return { kind: 'done' };
      const halted = await applyPage(s, this.#recorder, app, page);
      if (halted) return halted;
    }
  }

  /** Whether a restored server log was noticed since the last call. */
  takeRestart(): boolean {
    const restarted = this.#restarted;
    this.#restarted = false;
    return restarted;
  }

  /** Starts reading the log again from the start under a new tracking name. */
  async #newEpoch(epoch: number): Promise<void> {
    const tracking = { applicationName: `${this.#base}@epoch`, notificationId: epoch };
    try {
      await this.#recorder.insertEvents([], { tracking });
    } catch (error) {
      if (!isErrorNamed(error, 'IntegrityError')) throw error; // another tab started it
    }
    this.#restarted = true;
    const message = `The server's log no longer holds what this device pulled last: it was restored from an older copy. This device reads the log again (epoch ${epoch}), skipping what it holds.`;
    this.#session.report({
      notice: { kind: 'server-log-restored', message, at: this.#session.now() },
    });
  }
}

function sameAs(
  n: LogNotification | undefined,
  mark: { position: number; streamId: string; id: number } | undefined,
): boolean {
  return n?.position === mark?.position && n?.streamId === mark?.streamId && n?.id === mark?.id;
}
