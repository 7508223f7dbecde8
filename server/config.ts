/**
 * Server configuration from flags and environment variables (a flag wins over its variable).
 * Pure: `main.ts` passes `process.argv` and `process.env` in. Reference: `server/README.md`.
 */
import { DEFAULT_LIMITS, type Limits } from './limits.js';

/** Everything the server is started with. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly schema: string;
  /** When absent, the secret is read from (or created in) `<dataDir>/token-secret`. */
  readonly tokenSecret: string | undefined;
  readonly corsOrigin: string | undefined;
  readonly limits: Limits;
}

/** One setting: its flag, its environment variable, and what it means. */
interface Setting {
  readonly flag: string;
  readonly env: string;
  readonly help: string;
}

/** Every setting, in the order `--help` lists them. */
export const SETTINGS = {
  host: { flag: 'host', env: 'OES_HOST', help: 'interface to listen on (default 127.0.0.1)' },
  port: { flag: 'port', env: 'OES_PORT', help: 'TCP port, 0 for any free one (default 8787)' },
  dataDir: { flag: 'data-dir', env: 'OES_DATA_DIR', help: 'data directory (default .data/server)' },
  databaseUrl: {
    flag: 'database-url',
    env: 'OES_DATABASE_URL',
    help: 'postgres:// URL; uses PGlite when unset',
  },
  schema: { flag: 'schema', env: 'OES_SCHEMA', help: 'schema of the tables (default oes_sync)' },
  tokenSecret: {
    flag: 'token-secret',
    env: 'OES_TOKEN_SECRET',
    help: 'HMAC secret, 32+ characters (default: <data-dir>/token-secret)',
  },
  corsOrigin: {
    flag: 'cors-origin',
    env: 'OES_CORS_ORIGIN',
    help: 'Access-Control-Allow-Origin, "none" to send none (default *)',
  },
  maxBodyBytes: {
    flag: 'max-body-bytes',
    env: 'OES_MAX_BODY_BYTES',
    help: `largest request body (default ${DEFAULT_LIMITS.maxBodyBytes})`,
  },
  maxBatch: {
    flag: 'max-batch',
    env: 'OES_MAX_BATCH',
    help: `most notifications per push (default ${DEFAULT_LIMITS.maxBatch})`,
  },
  maxStateBytes: {
    flag: 'max-state-bytes',
    env: 'OES_MAX_STATE_BYTES',
    help: `largest event state (default ${DEFAULT_LIMITS.maxStateBytes})`,
  },
  maxPull: {
    flag: 'max-pull',
    env: 'OES_MAX_PULL',
    help: `most notifications per pull (default ${DEFAULT_LIMITS.maxPull})`,
  },
} as const satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

/** Reads the configuration; throws an `Error` whose message says which value is wrong. */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ServerConfig {
  const flags = parseFlags(argv);
  const value = (key: Key): string | undefined =>
    flags.get(SETTINGS[key].flag) ?? env[SETTINGS[key].env];
  const cors = value('corsOrigin') ?? '*';
  return {
    host: value('host') ?? '127.0.0.1',
    port: integer('port', value('port'), 8787, 0),
    dataDir: value('dataDir') ?? '.data/server',
    databaseUrl: value('databaseUrl') || undefined,
    schema: value('schema') ?? 'oes_sync',
    tokenSecret: value('tokenSecret') || undefined,
    corsOrigin: cors === 'none' ? undefined : cors,
    limits: {
      maxBodyBytes: integer('maxBodyBytes', value('maxBodyBytes'), DEFAULT_LIMITS.maxBodyBytes),
      maxBatch: integer('maxBatch', value('maxBatch'), DEFAULT_LIMITS.maxBatch),
      maxStateBytes: integer('maxStateBytes', value('maxStateBytes'), DEFAULT_LIMITS.maxStateBytes),
      maxPull: integer('maxPull', value('maxPull'), DEFAULT_LIMITS.maxPull),
    },
  };
}

/** `--name value` and `--name=value` pairs; throws for an unknown flag or a missing value. */
export function parseFlags(argv: readonly string[], known = knownFlags()): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[i] ?? '');
    const name = match?.[1];
    if (name === undefined || !known.has(name)) {
      throw new Error(
        `Unknown argument "${argv[i] ?? ''}". Known flags: --${[...known].join(', --')}.`,
      );
    }
    const text = match?.[2] ?? argv[++i];
    if (text === undefined) throw new Error(`--${name} needs a value.`);
    flags.set(name, text);
  }
  return flags;
}

/** The `--help` text. */
export function usage(): string {
  const lines = Object.values(SETTINGS).map(
    (s) => `  --${s.flag.padEnd(15)} ${s.env.padEnd(20)} ${s.help}`,
  );
  return ['Usage: npm run server -- [flags]   (each flag also reads its variable)', ...lines].join(
    '\n',
  );
}

function knownFlags(): Set<string> {
  return new Set(Object.values(SETTINGS).map((s) => s.flag));
}

function integer(key: Key, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    const { flag, env } = SETTINGS[key];
    throw new Error(`--${flag} / ${env} must be an integer >= ${min}; got "${text}".`);
  }
  return value;
}
