/**
 * The persistence error tree (after PEP 249, as in the `eventsourcing` library).
 * Each class sets a literal `name`, never `constructor.name`, which minifiers rename;
 * the worker boundary revives errors by that name.
 */

/** Options of every persistence error: the native error that caused it, if any. */
export interface PersistenceErrorOptions {
  readonly cause?: unknown;
}

/**
 * The base of every error the persistence layer raises. `name` is a string, not the union of
 * our names, so that the store APIs' subclasses can set their own literal.
 */
export class PersistenceError extends Error {
  override name: string = 'PersistenceError';
  constructor(message: string, options?: PersistenceErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** The recorder was used wrongly: it is closed, or the call makes no sense. */
export class InterfaceError extends PersistenceError {
  override name: string = 'InterfaceError';
}

/** Something went wrong in or with the database. */
export class DatabaseError extends PersistenceError {
  override name: string = 'DatabaseError';
}

/** A record is invalid (bad id, version, topic, state type); nothing was written. */
export class DataError extends DatabaseError {
  override name: string = 'DataError';
}

/** The storage failed: quota exceeded, connection lost, upgrade blocked, worker gone. */
export class OperationalError extends DatabaseError {
  override name: string = 'OperationalError';
}

/** A uniqueness rule was broken: aggregate position taken, tracking record exists. */
export class IntegrityError extends DatabaseError {
  override name: string = 'IntegrityError';
}

/** The database is in an inconsistent state or the library has a bug. */
export class InternalError extends DatabaseError {
  override name: string = 'InternalError';
}

/** The library asked the database for something it cannot do (a schema mismatch, say). */
export class ProgrammingError extends DatabaseError {
  override name: string = 'ProgrammingError';
}

/** The database does not support what was asked of it. */
export class NotSupportedError extends DatabaseError {
  override name: string = 'NotSupportedError';
}

/** The class of each persistence error, by its `name`. */
export const persistenceErrorClasses = {
  PersistenceError,
  InterfaceError,
  DatabaseError,
  DataError,
  OperationalError,
  IntegrityError,
  InternalError,
  ProgrammingError,
  NotSupportedError,
} as const;

/** The `name` of a persistence error class. */
export type PersistenceErrorName = keyof typeof persistenceErrorClasses;

/** Whether `name` names one of our error classes (as after crossing a worker boundary). */
export function isPersistenceErrorName(name: unknown): name is PersistenceErrorName {
  return typeof name === 'string' && Object.hasOwn(persistenceErrorClasses, name);
}
