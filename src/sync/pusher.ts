/**
 * Pushes the local application sequence to the device's stream on the server, in order, in
 * batches, from the acknowledged position. The position moves only on the server's answer;
 * a lost answer means the same range is sent again and the server skips what it has.
 */
import type { Notification } from '../types.js';
import { encodeBase64 } from './base64.js';
import type { WireNotification } from './protocol.js';
import { pendingCount, refusal, type RoundResult, type SyncSession } from './session.js';
import { isPulled, type SyncAnchor } from './sync-state.js';
import type { Reply } from './transport.js';

/** Where the server stopped a push for good: everything before it is still pushed. */
interface HaltPoint {
  readonly id: number;
  readonly result: RoundResult;
}

/** One device's pusher; it remembers a batch size the server found too large. */
export class Pusher {
  readonly #session: SyncSession;
  #batchSize: number;

  constructor(session: SyncSession, batchSize: number) {
    this.#session = session;
    this.#batchSize = batchSize;
  }

  /** Pushes until nothing is pending, or until a failure, a refusal or an abort. */
  async run(signal: AbortSignal): Promise<RoundResult> {
    const s = this.#session;
    const total = pendingCount(s.state, await s.recorder.maxNotificationId());
    let pushed = 0;
    let halt: HaltPoint | undefined;
    if (total > 0) s.report({ phase: 'pushing', pending: total, progress: { pushed, total } });
    for (;;) {
      const { state } = s;
      const batch = await this.#nextBatch(halt);
      if (batch.length === 0) return halt?.result ?? { kind: 'done' };
      const own = batch.filter((n) => !isPulled(state, n.id));
      const through = batch[batch.length - 1]?.id ?? state.acknowledged;
      const reply = await s.transport.push(
        state.streamId,
        { after: state.acknowledged, through, notifications: own.map(toWire) },
        signal,
      );
      if (reply.kind === 'failed')
        return { kind: 'retry', problem: reply.problem, retryAfterMs: reply.retryAfterMs };
      if (reply.kind === 'ok') {
        const last = own[own.length - 1];
        s.state = await s.store.acknowledge(
          state.streamId,
          reply.body.acknowledged,
          last && anchorOf(last),
        );
        pushed += own.length;
        s.report({
          acknowledged: s.state.acknowledged,
          pending: Math.max(0, total - pushed),
          progress: { pushed, total: Math.max(total, pushed) },
        });
        continue;
      }
      const next = await this.#refused(reply, batch, halt);
      if (next === 'again') continue;
      if ('id' in next) halt = next;
      else return next;
    }
  }

  async #nextBatch(halt: HaltPoint | undefined): Promise<Notification[]> {
    const { state, recorder } = this.#session;
    if (halt && halt.id - 1 <= state.acknowledged) return [];
    const stop = halt ? { stop: halt.id - 1 } : {};
    return recorder.selectNotifications(state.acknowledged + 1, this.#batchSize, stop);
  }

  /** What to do about a refusal: send again, halt at an id (after the rest), or end. */
  async #refused(
    reply: Extract<Reply<unknown>, { kind: 'refused' }>,
    batch: readonly Notification[],
    halt: HaltPoint | undefined,
  ): Promise<'again' | HaltPoint | RoundResult> {
    const s = this.#session;
    const { status, problem } = reply;
    const at = s.now();
    if (problem.error === 'gap') {
      const acknowledged = problem.acknowledged ?? 0;
      if (acknowledged > (await s.recorder.maxNotificationId())) {
        return {
          kind: 'new-stream',
          message: `The server acknowledged ${acknowledged} notifications of this stream, more than this local database holds.`,
        };
      }
      // The server lost what it had acknowledged (restored from a backup): send it again.
      s.state = await s.store.rewind(s.state.streamId, acknowledged);
      s.report({ acknowledged: s.state.acknowledged });
      return 'again';
    }
    if (problem.error === 'too-large' && this.#batchSize > 1) {
      this.#batchSize = Math.max(1, Math.floor(this.#batchSize / 2));
      return 'again';
    }
    const id = problem.id ?? (problem.error === 'too-large' ? batch[0]?.id : undefined);
    const result = refusal(status, problem, at, id === undefined ? {} : { notificationId: id });
    // Halt exactly at the refused event: first push what precedes it, then stop there.
    if (id !== undefined && halt === undefined && batch.some((n) => n.id === id)) {
      return { id, result };
    }
    return result;
  }
}

/** The wire form of a local notification: its state as base64. */
export function toWire(notification: Notification): WireNotification {
  return {
    id: notification.id,
    originatorId: notification.originatorId,
    originatorVersion: notification.originatorVersion,
    topic: notification.topic,
    state: encodeBase64(notification.state),
  };
}

function anchorOf(notification: Notification): SyncAnchor {
  const { id, originatorId, originatorVersion } = notification;
  return { id, originatorId, originatorVersion };
}
