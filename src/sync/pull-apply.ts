/**
 * Records a page of the server log in the local `ProcessRecorder`: other streams' events, in
 * one call with one tracking record (the page's last position), so each is applied exactly
 * once; the device's own stream is skipped (it holds those already). The local ids of what it
 * recorded are kept in the sync state so that they are never pushed back.
 */
import type { LogNotification } from './protocol.js';
import type { ProcessRecorder, StoredEvent } from '../types.js';
import { decodeBase64 } from './base64.js';
import { isErrorNamed, type RoundResult, type SyncSession } from './session.js';
import type { PullMark } from './sync-state.js';

/** Applies `page` under tracking name `app`; returns a halt, or `undefined` when applied. */
export async function applyPage(
  s: SyncSession,
  recorder: ProcessRecorder,
  app: string,
  page: readonly LogNotification[],
): Promise<RoundResult | undefined> {
  const last = page[page.length - 1];
  if (!last) return undefined;
  const { streamId } = s.state;
  const events = page.filter((n) => n.streamId !== streamId).map(toStoredEvent);
  const tracking = { applicationName: app, notificationId: last.position };
  try {
    const ids = await recorder.insertEvents(events, { tracking });
    s.state = await s.store.recordPulled(streamId, ids, markOf(last));
    return undefined;
  } catch (error) {
    if (!isErrorNamed(error, 'IntegrityError')) throw error;
    return applyOneByOne(s, recorder, app, page);
  }
}

/**
 * Another tab applied part of the page, or the device holds some of its events already
 * (pulled before the server was restored, say): skip what it holds with the same content,
 * halt at an event whose aggregate position it holds with other content.
 */
async function applyOneByOne(
  s: SyncSession,
  recorder: ProcessRecorder,
  app: string,
  page: readonly LogNotification[],
): Promise<RoundResult | undefined> {
  for (const n of page) {
    if (await recorder.hasTrackingId(app, n.position)) continue;
    const tracking = { applicationName: app, notificationId: n.position };
    const events = n.streamId === s.state.streamId ? [] : [toStoredEvent(n)];
    try {
      const ids = await recorder.insertEvents(events, { tracking });
      s.state = await s.store.recordPulled(s.state.streamId, ids, markOf(n));
    } catch (error) {
      if (!isErrorNamed(error, 'IntegrityError')) throw error;
      if (await recorder.hasTrackingId(app, n.position)) continue;
      if (!(await holdsSame(recorder, n))) return conflict(s, n);
      await recorder.insertEvents([], { tracking });
      s.state = await s.store.recordPulled(s.state.streamId, [], markOf(n));
    }
  }
  return undefined;
}

async function holdsSame(recorder: ProcessRecorder, n: LogNotification): Promise<boolean> {
  const [held] = await recorder.selectEvents(n.originatorId, {
    lte: n.originatorVersion,
    desc: true,
    limit: 1,
  });
  if (held?.originatorVersion !== n.originatorVersion || held.topic !== n.topic) return false;
  const state = decodeBase64(n.state);
  return held.state.length === state.length && held.state.every((byte, i) => byte === state[i]);
}

function conflict(s: SyncSession, n: LogNotification): RoundResult {
  const message = `Pulled event ${n.originatorId}@${n.originatorVersion} (server position ${n.position}) takes an aggregate position this device holds with other content. Resolve the concurrent change in the application, then resume().`;
  return {
    kind: 'halt',
    problem: { kind: 'conflict', message, position: n.position, at: s.now() },
  };
}

/** The mark that identifies `n` in the server log. */
export function markOf(n: LogNotification): PullMark {
  return { position: n.position, streamId: n.streamId, id: n.id };
}

function toStoredEvent(n: LogNotification): StoredEvent {
  return {
    originatorId: n.originatorId,
    originatorVersion: n.originatorVersion,
    topic: n.topic,
    state: decodeBase64(n.state),
  };
}
