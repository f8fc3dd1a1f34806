/** What a `linli` command is, and the helpers commands share. Modules export theirs from `<domain>.cli.ts`. */
import { mkdirSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from './db.js';
import { migrate, schemaState, tooNew } from './migrate.js';
import { loadDataKey, PersonalDataCipher } from './crypto.js';

/** Thrown for bad arguments: the CLI prints the usage and exits 2. */
export class UsageError extends Error {}

export interface Command {
  /** First line: the synopsis; the rest: what it does. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments allowed (file names). */
  positionals?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}

/** Config and an open database for a command. */
export async function openForCommand(): Promise<{ config: Config; database: Database }> {
  const config = loadConfig();
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  return { config, database: await openDatabase(config) };
}

export function cipherFor(config: Config) {
  return new PersonalDataCipher(loadDataKey(config));
}

/** Refuses a schema newer than this build; applies pending migrations if allowed. */
export async function ensureMigrated(database: Database, apply: boolean) {
  const state = await schemaState(database);
  if (state.status === 'ahead') throw tooNew(state.unknown);
  if (state.status === 'behind') {
    if (!apply) throw new Error(`the database has pending migrations (${state.pending.join(', ')}); run \`linli migrate\` first`);
    await migrate(database);
  }
}

/** Runs fn with a migrated database and closes it after. */
export async function withDatabase<T>(fn: (ctx: { config: Config; database: Database }) => Promise<T>, applyMigrations = false): Promise<T> {
  const ctx = await openForCommand();
  try {
    await ensureMigrated(ctx.database, applyMigrations);
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}
