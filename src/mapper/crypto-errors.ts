/**
 * The one place where WebCrypto's errors become ours. Engines name the same failure
 * differently (Node says `InvalidAccessException` where browsers say `InvalidAccessError`,
 * Chromium rejects 192-bit AES keys with `OperationError`), so match on `name` per operation.
 */
import { DataError, InterfaceError, InternalError, NotSupportedError } from '../errors.js';
import type { PersistenceError } from '../errors.js';

/** The WebCrypto calls this library makes. */
export type CryptoOperation = 'import' | 'generate' | 'encrypt' | 'decrypt' | 'derive' | 'digest';

type ErrorClass = new (message: string, options?: { cause?: unknown }) => PersistenceError;

const everywhere = (cls: ErrorClass): Record<CryptoOperation, ErrorClass> => ({
  import: cls,
  generate: cls,
  encrypt: cls,
  decrypt: cls,
  derive: cls,
  digest: cls,
});

/** Our error class for each (WebCrypto error name, operation). */
export const cryptoErrorTable: Readonly<Record<string, Record<CryptoOperation, ErrorClass>>> = {
  // An authentication failure on decrypt; an unsupported key size on import (Chromium, 192).
  OperationError: {
    ...everywhere(InternalError),
    import: NotSupportedError,
    generate: NotSupportedError,
    decrypt: DataError,
  },
  NotSupportedError: everywhere(NotSupportedError),
  InvalidAccessError: everywhere(InterfaceError),
  InvalidAccessException: everywhere(InterfaceError),
  SyntaxError: everywhere(InterfaceError),
  TypeError: everywhere(InterfaceError),
  DataError: { ...everywhere(InterfaceError), decrypt: DataError },
};

const messages: Record<CryptoOperation, string> = {
  import: 'The key could not be imported',
  generate: 'The key could not be generated',
  encrypt: 'The state could not be encrypted',
  decrypt: 'The state could not be decrypted (wrong key, or damaged ciphertext)',
  derive: 'The key could not be derived',
  digest: 'The digest could not be computed',
};

/**
 * Our error for a WebCrypto failure during `operation`, keeping the native error as `cause`.
 * Unknown names become `DataError` on decrypt (never garbage) and `InternalError` elsewhere.
 */
export function translateCryptoError(error: unknown, operation: CryptoOperation): PersistenceError {
  const name = error instanceof Error ? error.name : '';
  const fallback = operation === 'decrypt' ? DataError : InternalError;
  const cls = cryptoErrorTable[name]?.[operation] ?? fallback;
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  return new cls(`${messages[operation]}${detail}`, { cause: error });
}
