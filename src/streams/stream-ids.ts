/**
 * How stream ids, categories and tenants become the recorder's `originatorId`, and back.
 *
 * A stream id is `category/name` (`invoices/1003`): the part before the first `/` is its
 * category; an id without `/` belongs to no category. A tenant's streams are recorded under
 * `@tenant/` + the stream id, and no caller may name an id beginning with `@`, so a store
 * scoped to one tenant can never form an id of another (nor of the default tenant).
 */
import { DataError } from '../errors.js';
import { TenantError } from './errors.js';

/** Where a store's ids live: the default tenant (`undefined`) or one named tenant. */
export interface TenantScope {
  readonly tenant: string | undefined;
  /** `''` for the default tenant, else `@tenant/`. */
  readonly prefix: string;
}

/** The default tenant's scope. */
export const defaultScope: TenantScope = { tenant: undefined, prefix: '' };

/** The scope of `tenant`; throws `TenantError` for an id that could escape its prefix. */
export function tenantScope(tenant: string): TenantScope {
  if (typeof tenant !== 'string' || tenant.length === 0 || tenant.includes('/')) {
    throw new TenantError(
      `A tenant id must be a non-empty string without "/", got ${JSON.stringify(tenant)}.`,
    );
  }
  return { tenant, prefix: `@${tenant}/` };
}

/** Checks a caller's stream id; throws `DataError`, or `TenantError` for a reserved `@` id. */
export function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new DataError(`A stream id must be a non-empty string, got ${JSON.stringify(streamId)}.`);
  }
  if (streamId.startsWith('@')) {
    throw new TenantError(
      `${streamId} begins with "@", which addresses a tenant's data. Use store.scopedForTenant(id) and name the stream without it.`,
    );
  }
}

/** Checks a category name: non-empty, without `/`, not beginning with `@`. */
export function checkCategory(category: string): void {
  if (typeof category !== 'string' || category.length === 0 || category.includes('/')) {
    throw new DataError(
      `A category must be a non-empty string without "/", got ${JSON.stringify(category)}.`,
    );
  }
  checkStreamId(category);
}

/** The recorder's id of `streamId` in `scope` (after checking the id). */
export function toOriginatorId(scope: TenantScope, streamId: string): string {
  checkStreamId(streamId);
  return scope.prefix + streamId;
}

/** The category of a stream id, or `undefined` when it has none. */
export function categoryOf(streamId: string): string | undefined {
  const slash = streamId.indexOf('/');
  return slash > 0 ? streamId.slice(0, slash) : undefined;
}

/** A recorder id taken apart. */
export interface ParsedOriginatorId {
  readonly tenant: string | undefined;
  readonly streamId: string;
}

/** Splits a recorder id into its tenant and stream id. */
export function parseOriginatorId(originatorId: string): ParsedOriginatorId {
  if (!originatorId.startsWith('@')) return { tenant: undefined, streamId: originatorId };
  const slash = originatorId.indexOf('/');
  if (slash < 0) return { tenant: undefined, streamId: originatorId };
  return { tenant: originatorId.slice(1, slash), streamId: originatorId.slice(slash + 1) };
}

/** Whether a recorder id belongs to `scope`; the default tenant owns every id without `@`. */
export function inScope(scope: TenantScope, originatorId: string): boolean {
  return scope.tenant === undefined
    ? !originatorId.startsWith('@')
    : originatorId.startsWith(scope.prefix);
}
