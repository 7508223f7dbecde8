/**
 * The errors of the store APIs: each a subclass of the persistence tree, so a caller that
 * only knows `IntegrityError` or `DataError` still handles it, with a literal `name` and the
 * facts a caller needs to recover (which stream, which version) as fields.
 */
import { DataError, IntegrityError, InterfaceError } from '../errors.js';

/**
 * Sets the literal class name at run time. `PersistenceError.name` is typed as the names of
 * the persistence tree alone, so a subclass here cannot declare its own literal; never
 * `constructor.name`, which minifiers rename.
 */
export function nameError(error: Error, name: string): void {
  Object.defineProperty(error, 'name', { value: name, configurable: true, writable: true });
}

/**
 * A stream was not at the version the caller expected: someone else appended first, or the
 * caller did not say which version it had read. Nothing was written. Reload, decide again, retry.
 */
export class VersionConflictError extends IntegrityError {
  /** The stream, as the caller named it (without a tenant prefix). */
  readonly streamId: string;
  /** What the caller expected; `undefined` when it gave no expected version. */
  readonly expectedVersion: number | undefined;
  /** The stream's version when the conflict was found (0: no events). */
  readonly actualVersion: number;

  constructor(streamId: string, expectedVersion: number | undefined, actualVersion: number) {
    super(
      expectedVersion === undefined
        ? `${streamId} already exists at version ${actualVersion}: appending to it needs expectedVersion (the version you loaded). Nothing was written.`
        : `${streamId} is at version ${actualVersion}, not the expected ${expectedVersion}: someone else appended first. Nothing was written; reload it and retry.`,
    );
    nameError(this, 'VersionConflictError');
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** A write condition (`positionIs`, `streamIsEmpty`, combined) was not met. Nothing was written. */
export class UnmetWriteConditionError extends IntegrityError {
  readonly streamId: string;
  /** The condition, as text: `positionIs(3) or streamIsEmpty()`. */
  readonly condition: string;
  /** The stream's version when the condition was checked (0: no events). */
  readonly actualVersion: number;

  constructor(streamId: string, condition: string, actualVersion: number) {
    super(
      `${streamId} is at version ${actualVersion}, so the write condition ${condition} is not met. Nothing was written.`,
    );
    nameError(this, 'UnmetWriteConditionError');
    this.streamId = streamId;
    this.condition = condition;
    this.actualVersion = actualVersion;
  }
}

/**
 * An append used the other versioning mode than the stream was created with: a stream made
 * with `NO_VERSIONING` takes only `NO_VERSIONING` appends, and the other way round, forever.
 */
export class StreamVersioningError extends IntegrityError {
  readonly streamId: string;
  /** The mode the stream was created with. */
  readonly versioning: 'explicit' | 'none';

  constructor(streamId: string, versioning: 'explicit' | 'none') {
    super(
      versioning === 'none'
        ? `${streamId} was created with NO_VERSIONING: append to it with expectedVersion: NO_VERSIONING only. To use versions, create a new stream and delete this one. Nothing was written.`
        : `${streamId} was created with versioning: append to it with an expectedVersion or a condition, never NO_VERSIONING. Nothing was written.`,
    );
    nameError(this, 'StreamVersioningError');
    this.streamId = streamId;
    this.versioning = versioning;
  }
}

/**
 * An id tried to reach outside its tenant: stream ids beginning with `@` are how tenants'
 * data is kept apart, so no store accepts one. Use `store.scopedForTenant(id)` instead.
 */
export class TenantError extends DataError {
  constructor(message: string) {
    super(message);
    nameError(this, 'TenantError');
  }
}

/** The recorder was not opened with the record stores the store APIs keep their data in. */
export class MissingStoresError extends InterfaceError {
  constructor(missing: string, options?: { readonly cause?: unknown }) {
    super(
      `The recorder has no record store "${missing}". Open it with stores: { ...eventStoreStores, ...yourStores }.`,
      options,
    );
    nameError(this, 'MissingStoresError');
  }
}
