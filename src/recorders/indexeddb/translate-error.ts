import {
  DataError,
  IntegrityError,
  InternalError,
  OperationalError,
  PersistenceError,
  ProgrammingError,
} from '../../errors.js';

type ErrorClass = new (message: string, options?: { cause?: unknown }) => PersistenceError;

/**
 * Our class for each DOMException name IndexedDB raises. Matched on `name`, never on
 * `instanceof DOMException`: errors from another realm or a polyfill fail that test.
 */
export const errorClassByDomName: Readonly<Record<string, ErrorClass>> = {
  ConstraintError: IntegrityError,
  DataError: DataError,
  DataCloneError: DataError,
  QuotaExceededError: OperationalError,
  UnknownError: OperationalError,
  InvalidStateError: OperationalError,
  AbortError: OperationalError,
  VersionError: OperationalError,
  TimeoutError: OperationalError,
  TransactionInactiveError: InternalError,
  ReadOnlyError: InternalError,
  NotFoundError: ProgrammingError,
  InvalidAccessError: ProgrammingError,
  SyntaxError: ProgrammingError,
};

/** What to tell the user to do about each kind of storage failure. */
const adviceByDomName: Readonly<Record<string, string>> = {
  QuotaExceededError: 'Storage is full: free space or ask for persistent storage.',
  UnknownError: 'The browser failed to read or write its storage; retry, or reload the page.',
  InvalidStateError: 'The database connection was closing; retry the call.',
  VersionError: 'A newer version of this app upgraded the database; reload the page.',
};

/**
 * Translates an error from IndexedDB into our error tree, keeping the original as `cause`.
 * Our own errors pass through unchanged; anything unknown becomes an `OperationalError`.
 */
export function translateError(error: unknown, doing: string): PersistenceError {
  if (error instanceof PersistenceError) return error;
  const name = errorName(error);
  const ErrorClass = errorClassByDomName[name] ?? OperationalError;
  const detail =
    error instanceof Error || isNamed(error) ? `${name}: ${messageOf(error)}` : String(error);
  const advice = adviceByDomName[name];
  const message = `IndexedDB failed while ${doing} (${detail}).${advice === undefined ? '' : ` ${advice}`}`;
  return new ErrorClass(message, { cause: error });
}

function errorName(error: unknown): string {
  return isNamed(error) ? error.name : 'Error';
}

function isNamed(error: unknown): error is { name: string; message?: unknown } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string'
  );
}

function messageOf(error: { message?: unknown }): string {
  return typeof error.message === 'string' ? error.message : '';
}

/** Whether `error` says the connection is closing (the call never reached the database). */
export function isConnectionClosing(error: unknown): boolean {
  return errorName(error) === 'InvalidStateError';
}
