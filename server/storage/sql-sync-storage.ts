/**
 * `SyncStorage` in SQL that PGlite and PostgreSQL both run unchanged.
 *
 * A push takes a per-tenant advisory lock inside its transaction, so a tenant's pushes commit
 * one after another and positions (a sequence) increase in commit order: a puller that has
 * read position N never later finds a newly committed event at or below N.
 */
import type { Principal } from '../tokens.js';
import { LOCK_CLASS, migrate, quoteSchema } from './schema.js';
import { sqlState, type Query, type Row, type SqlExecutor } from './sql-executor.js';
import {
  StorageBusyError,
  type LogPage,
  type PushCommand,
  type PushedNotification,
  type PushOutcome,
  type StreamInfo,
  type SyncStorage,
} from './sync-storage.js';

const LOCK_TIMEOUT = '10s';

/** Thrown inside a push transaction to roll it back and answer `outcome` instead. */
class Refusal extends Error {
  constructor(readonly outcome: PushOutcome) {
    super(outcome.kind);
  }
}

/** How each pushed notification compares with what the tenant's log already holds. */
interface Comparison {
  readonly atPosition: boolean;
  readonly sameAtPosition: boolean;
  readonly aggregateTaken: boolean;
  readonly sameAggregate: boolean;
}

/** The server's storage on any `SqlExecutor`. */
export class SqlSyncStorage implements SyncStorage {
  readonly #db: SqlExecutor;
  readonly #s: string;

  private constructor(db: SqlExecutor, schema: string) {
    this.#db = db;
    this.#s = quoteSchema(schema);
  }

  /** Migrates `schema` on `db` to the newest version and returns the storage on it. */
  static async open(db: SqlExecutor, schema: string): Promise<SqlSyncStorage> {
    await migrate(db, schema);
    return new SqlSyncStorage(db, schema);
  }

  /** Records the push and the new acknowledged position in one transaction, or nothing. */
  async push(command: PushCommand): Promise<PushOutcome> {
    try {
      return await this.#db.transaction((query) => this.#push(query, command));
    } catch (error) {
      if (error instanceof Refusal) return error.outcome;
      // 55P03 lock_not_available: the tenant lock timed out; 40001/40P01: retry later.
      if (['55P03', '40001', '40P01'].includes(sqlState(error) ?? '')) {
        throw new StorageBusyError('The log is busy; retry shortly.', { cause: error });
      }
      throw error;
    }
  }

  async #push(query: Query, command: PushCommand): Promise<PushOutcome> {
    const { principal, streamId } = command;
    await query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    await query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, principal.tenant]);
    const acknowledged = await this.#claimStream(query, principal, streamId);
    if (command.after > acknowledged) throw new Refusal({ kind: 'gap', acknowledged });
    const fresh = await this.#sortOut(query, command, acknowledged);
    if (fresh.length > 0) {
      await query(
        `INSERT INTO ${this.#s}.events
           (tenant, stream_id, stream_position, originator_id, originator_version, topic, state)
         SELECT $1, $2, i.id, i.oid, i.ver, i.topic, decode(i.state, 'base64')
         FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[])
           AS i(id, oid, ver, topic, state)
         ORDER BY i.id`,
        [principal.tenant, streamId, ...columns(fresh)],
      );
    }
    const next = Math.max(acknowledged, command.through);
    if (next !== acknowledged) {
      await query(
        `UPDATE ${this.#s}.streams SET acknowledged = $3, updated_at = now()
         WHERE tenant = $1 AND stream_id = $2`,
        [principal.tenant, streamId, next],
      );
    }
    const skipped = command.notifications.length - fresh.length;
    return { kind: 'recorded', acknowledged: next, recorded: fresh.length, skipped };
  }

  /** Creates the stream for this client if new; refuses another client's stream. */
  async #claimStream(query: Query, principal: Principal, streamId: string): Promise<number> {
    await query(
      `INSERT INTO ${this.#s}.streams (tenant, stream_id, client_id) VALUES ($1, $2, $3)
       ON CONFLICT (tenant, stream_id) DO NOTHING`,
      [principal.tenant, streamId, principal.client],
    );
    const [row] = await query(
      `SELECT client_id, acknowledged FROM ${this.#s}.streams WHERE tenant = $1 AND stream_id = $2`,
      [principal.tenant, streamId],
    );
    if (row?.client_id !== principal.client) throw new Refusal({ kind: 'forbidden' });
    return Number(row.acknowledged);
  }

  /**
   * The notifications to insert. A notification the log already holds with the same content
   * (resent, or echoed back by a device that pulled it) is skipped; one held with other
   * content refuses the whole push.
   */
  async #sortOut(
    query: Query,
    command: PushCommand,
    acknowledged: number,
  ): Promise<PushedNotification[]> {
    if (command.notifications.length === 0) return [];
    const comparisons = await this.#compare(query, command);
    const fresh: PushedNotification[] = [];
    for (const notification of command.notifications) {
      const c = comparisons.get(notification.id);
      const id = notification.id;
      if (c?.atPosition) {
        if (!c.sameAtPosition) refuse('content', id, acknowledged);
      } else if (c?.aggregateTaken) {
        if (!c.sameAggregate)
          refuse(id <= acknowledged ? 'content' : 'aggregate', id, acknowledged);
      } else if (id <= acknowledged) {
        // Acknowledged as not part of the stream (or lost with a backup); now it claims to be.
        refuse('content', id, acknowledged);
      } else {
        fresh.push(notification);
      }
    }
    return fresh;
  }

  async #compare(query: Query, command: PushCommand): Promise<Map<number, Comparison>> {
    const s = this.#s;
    const rows = await query(
      `SELECT i.id,
         p.position IS NOT NULL AS at_position,
         coalesce(p.originator_id = i.oid AND p.originator_version = i.ver AND p.topic = i.topic
           AND p.state = decode(i.state, 'base64'), false) AS same_at_position,
         a.position IS NOT NULL AS aggregate_taken,
         coalesce(a.topic = i.topic AND a.state = decode(i.state, 'base64'), false) AS same_aggregate
       FROM unnest($3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[])
         AS i(id, oid, ver, topic, state)
       LEFT JOIN ${s}.events p
         ON p.tenant = $1 AND p.stream_id = $2 AND p.stream_position = i.id
       LEFT JOIN ${s}.events a
         ON a.tenant = $1 AND a.originator_id = i.oid AND a.originator_version = i.ver`,
      [command.principal.tenant, command.streamId, ...columns(command.notifications)],
    );
    return new Map(rows.map((row) => [Number(row.id), toComparison(row)]));
  }

  /** The stream's acknowledged position and the client's other streams. */
  async stream(principal: Principal, streamId: string): Promise<StreamInfo> {
    const rows = await this.#db.query(
      `SELECT stream_id, acknowledged FROM ${this.#s}.streams
       WHERE tenant = $1 AND (stream_id = $2 OR client_id = $3)
       ORDER BY created_at`,
      [principal.tenant, streamId, principal.client],
    );
    const streams = rows.map((row) => ({
      streamId: String(row.stream_id),
      acknowledged: Number(row.acknowledged),
    }));
    return {
      acknowledged: streams.find((stream) => stream.streamId === streamId)?.acknowledged ?? 0,
      otherStreams: streams.filter((stream) => stream.streamId !== streamId),
    };
  }

  /** A page of the tenant's log after `after`, and its head. */
  async pull(tenant: string, after: number, limit: number): Promise<LogPage> {
    const rows = await this.#db.query(
      `SELECT position, stream_id, stream_position, originator_id, originator_version, topic,
         replace(encode(state, 'base64'), chr(10), '') AS state
       FROM ${this.#s}.events WHERE tenant = $1 AND position > $2
       ORDER BY position LIMIT $3`,
      [tenant, after, limit],
    );
    const [head] = await this.#db.query(
      `SELECT coalesce(max(position), 0) AS head FROM ${this.#s}.events WHERE tenant = $1`,
      [tenant],
    );
    const notifications = rows.map(toLogged);
    const last = notifications.at(-1)?.position ?? 0;
    return { notifications, head: Math.max(Number(head?.head ?? 0), last) };
  }

  /** Closes the database. */
  close(): Promise<void> {
    return this.#db.close();
  }
}

function refuse(reason: 'content' | 'aggregate', id: number, acknowledged: number): never {
  throw new Refusal({ kind: 'conflict', reason, id, acknowledged });
}

function columns(notifications: readonly PushedNotification[]): unknown[] {
  return [
    notifications.map((n) => n.id),
    notifications.map((n) => n.originatorId),
    notifications.map((n) => n.originatorVersion),
    notifications.map((n) => n.topic),
    notifications.map((n) => n.state),
  ];
}

function toComparison(row: Row): Comparison {
  return {
    atPosition: row.at_position === true,
    sameAtPosition: row.same_at_position === true,
    aggregateTaken: row.aggregate_taken === true,
    sameAggregate: row.same_aggregate === true,
  };
}

function toLogged(row: Row) {
  return {
    position: Number(row.position),
    streamId: String(row.stream_id),
    id: Number(row.stream_position),
    originatorId: String(row.originator_id),
    originatorVersion: Number(row.originator_version),
    topic: String(row.topic),
    state: String(row.state),
  };
}
