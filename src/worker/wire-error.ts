import {
  DataError,
  InternalError,
  OperationalError,
  PersistenceError,
  isPersistenceErrorName,
  persistenceErrorClasses,
} from '../errors.js';
import type { WireError } from './wire.js';

// Errors lose their class in a structured clone (Comlink keeps only name, message and stack),
// so they cross as plain data and the caller's side builds our classes again by `name`.

const causeDepth = 4;

/** `error` as plain data, with up to four levels of `cause`. */
export function toWireError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error) && !isDOMException(error)) {
    return { name: 'Error', message: String(error), domException: false };
  }
  const cause: unknown = error.cause;
  const wire = { name: error.name, message: error.message, domException: isDOMException(error) };
  return cause === undefined || depth >= causeDepth
    ? wire
    : { ...wire, cause: toWireError(cause, depth + 1) };
}

/**
 * The caller's error for a failed call: our class revived by `name` (so `instanceof` holds),
 * its cause revived too (a DOMException stays one). Anything else a recorder threw is a bug
 * behind the boundary, so it becomes an `InternalError` whose cause keeps the original.
 */
export function reviveError(wire: WireError): PersistenceError {
  if (!isPersistenceErrorName(wire.name)) {
    return new InternalError(
      `The recorder behind the worker boundary failed with ${wire.name}: ${wire.message}`,
      { cause: reviveCause(wire) },
    );
  }
  const ErrorClass = persistenceErrorClasses[wire.name];
  return wire.cause === undefined
    ? new ErrorClass(wire.message)
    : new ErrorClass(wire.message, { cause: reviveCause(wire.cause) });
}

const nativeErrors: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

function reviveCause(wire: WireError): Error {
  if (isPersistenceErrorName(wire.name)) return reviveError(wire);
  if (wire.domException) return new DOMException(wire.message, wire.name);
  const options = wire.cause === undefined ? undefined : { cause: reviveCause(wire.cause) };
  const NativeError = Object.hasOwn(nativeErrors, wire.name) ? nativeErrors[wire.name] : undefined;
  const error = new (NativeError ?? Error)(wire.message, options);
  if (NativeError === undefined) error.name = wire.name;
  return error;
}

/**
 * The caller's error for a call that failed on the way rather than in the recorder: an
 * argument that cannot be cloned is the caller's `DataError` (nothing was sent); anything
 * else (an answer that could not be cloned, say) is an `OperationalError`.
 */
export function transportError(error: unknown): PersistenceError {
  if (error instanceof PersistenceError) return error; // ours already (a failed validation)
  const name = error instanceof Error || isDOMException(error) ? error.name : '';
  if (name === 'DataCloneError') {
    return new DataError(
      'An argument cannot be sent to the worker (it is not structured-cloneable). Pass plain data: strings, numbers, arrays, plain objects and Uint8Array states.',
      { cause: error },
    );
  }
  return new OperationalError(
    'The call could not be carried to or from the worker; its outcome is unknown. Re-read before retrying a write.',
    { cause: error },
  );
}

function isDOMException(value: unknown): value is DOMException {
  return typeof DOMException === 'function' && value instanceof DOMException;
}
