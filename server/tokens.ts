/**
 * Bearer tokens: `oes1.<payload>.<signature>`, the payload URL-safe base64 of JSON naming the
 * tenant and the client (one device, one installation), the signature HMAC-SHA256 of
 * `oes1.<payload>` under the server's secret. Web Crypto only, so this runs on edge runtimes too.
 */
import { decodeBase64Url, encodeBase64Url } from '../src/sync/base64.js';

const PREFIX = 'oes1';
const MAX_NAME = 128;
const encoder = new TextEncoder();

/** Who a verified token speaks for. */
export interface Principal {
  /** All reads are confined to this tenant's log. */
  readonly tenant: string;
  /** The device or installation; it alone may write the streams it created. */
  readonly client: string;
}

/** What to put in a new token. */
export interface TokenClaims extends Principal {
  /** Expiry, in seconds since the epoch; a token without it never expires. */
  readonly expiresAt?: number;
}

/** Imports the HMAC key; a secret shorter than 32 characters is refused. */
export async function importTokenKey(secret: string): Promise<CryptoKey> {
  if (secret.length < 32) {
    throw new Error('The token secret must be at least 32 characters; use 32+ random bytes.');
  }
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

/** Signs a token for `claims`. Tenant and client must be 1-128 characters. */
export async function mintToken(key: CryptoKey, claims: TokenClaims): Promise<string> {
  if (!isName(claims.tenant) || !isName(claims.client)) {
    throw new Error(`Tenant and client must be strings of 1 to ${MAX_NAME} characters.`);
  }
  const body = { tenant: claims.tenant, client: claims.client, exp: claims.expiresAt };
  const payload = encodeBase64Url(encoder.encode(JSON.stringify(body)));
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`${PREFIX}.${payload}`));
  return `${PREFIX}.${payload}.${encodeBase64Url(new Uint8Array(signature))}`;
}

/**
 * The principal of a valid, unexpired token, or `undefined` for anything else (malformed,
 * forged, expired). `now` is in seconds since the epoch.
 */
export async function verifyToken(
  key: CryptoKey,
  token: string,
  now = Date.now() / 1000,
): Promise<Principal | undefined> {
  const [prefix, payload, signature, ...rest] = token.split('.');
  if (prefix !== PREFIX || payload === undefined || signature === undefined || rest.length > 0) {
    return undefined;
  }
  try {
    const valid = await crypto.subtle.verify(
      'HMAC',
      key,
      decodeBase64Url(signature),
      encoder.encode(`${PREFIX}.${payload}`),
    );
    return valid ? readClaims(decodeBase64Url(payload), now) : undefined;
  } catch {
    return undefined;
  }
}

function readClaims(payload: Uint8Array, now: number): Principal | undefined {
  const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { tenant, client, exp } = claims as Record<string, unknown>;
  if (!isName(tenant) || !isName(client)) return undefined;
  if (exp !== undefined && (typeof exp !== 'number' || exp <= now)) return undefined;
  return { tenant, client };
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME;
}
