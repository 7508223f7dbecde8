/**
 * Validation of a push body. Structural faults (ids out of order or out of range) are the
 * client's bug: 400 `malformed`. A fault of one event's content is 422 `invalid-event` naming
 * its id, so that the client halts exactly at that event. Nothing is written either way.
 */
import { base64ByteLength, isBase64 } from '../src/sync/base64.js';
import type { PushRequest, WireNotification } from '../src/sync/protocol.js';
import { MAX_NAME_LENGTH, type Limits } from './limits.js';
import { fail } from './responses.js';

/** The validated push, or a thrown `HttpProblem`. */
export function parsePushRequest(body: unknown, limits: Limits): PushRequest {
  if (!isRecord(body)) malformed('The body must be a JSON object.');
  const { after, through, notifications } = body;
  if (!isPosition(after)) malformed('"after" must be a safe integer >= 0.');
  if (!isPosition(through) || through < after) {
    malformed('"through" must be a safe integer >= "after".');
  }
  if (!Array.isArray(notifications)) malformed('"notifications" must be an array.');
  if (notifications.length > limits.maxBatch) {
    fail(413, 'too-large', `Push at most ${limits.maxBatch} notifications per request.`);
  }
  const checked: WireNotification[] = [];
  const aggregates = new Map<string, number>();
  let previous = after;
  for (const item of notifications as unknown[]) {
    const notification = checkNotification(item, previous, through, limits);
    const key = JSON.stringify([notification.originatorId, notification.originatorVersion]);
    const earlier = aggregates.get(key);
    if (earlier !== undefined) {
      invalid(notification.id, `repeats the aggregate position of notification ${earlier}`);
    }
    aggregates.set(key, notification.id);
    checked.push(notification);
    previous = notification.id;
  }
  return { after, through, notifications: checked };
}

function checkNotification(
  item: unknown,
  previous: number,
  through: number,
  limits: Limits,
): WireNotification {
  if (!isRecord(item)) malformed('Each notification must be a JSON object.');
  const { id, originatorId, originatorVersion, topic, state } = item;
  if (!isPosition(id) || id <= previous || id > through) {
    malformed(
      `Notification ids must increase strictly within ("after", "through"]; got ${show(id)}.`,
    );
  }
  if (!isName(originatorId)) invalid(id, `"originatorId" must be 1-${MAX_NAME_LENGTH} characters`);
  if (!isPosition(originatorVersion))
    invalid(id, '"originatorVersion" must be a safe integer >= 0');
  if (!isName(topic)) invalid(id, `"topic" must be 1-${MAX_NAME_LENGTH} characters`);
  if (typeof state !== 'string' || !isBase64(state)) {
    invalid(id, '"state" must be standard base64 with padding');
  }
  const size = base64ByteLength(state);
  if (size > limits.maxStateBytes) {
    invalid(id, `its state of ${size} bytes exceeds the server's limit of ${limits.maxStateBytes}`);
  }
  return { id, originatorId, originatorVersion, topic, state };
}

function malformed(message: string): never {
  fail(400, 'malformed', message);
}

function invalid(id: number, reason: string): never {
  fail(422, 'invalid-event', `Notification ${id} was refused: ${reason}. Nothing was recorded.`, {
    id,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A safe integer >= 0. */
export function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}
