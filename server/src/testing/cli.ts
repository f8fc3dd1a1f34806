/** Running `linli` in tests as an operator does: a real process on a data folder (PGlite) or a database of its own (PostgreSQL). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, type Database } from '../platform/db.js';
import { createTestDatabase, ENGINE } from './harness.js';

export const LINLI_BIN = join(import.meta.dirname, '../../../bin/linli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test process's environment without its DATABASE_URL (a command gets the one of its data place), quieter logs. */
export function cliEnv(env: Record<string, string> = {}): Record<string, string> {
  const base = { ...process.env } as Record<string, string>;
  delete base.DATABASE_URL;
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

/** Runs `linli <args>` to the end. */
export function runLinli(args: string[], env: Record<string, string>, timeout = 150_000): CliRun {
  const r = spawnSync(process.execPath, [LINLI_BIN, ...args], { env: cliEnv(env), encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Where a command's data lives: a PGlite folder, or on PostgreSQL a fresh database (`empty`: without even the schema's tables). */
export interface DataPlace {
  dir: string;
  /** LINLI_DATA_DIR, and DATABASE_URL on PostgreSQL. */
  env: Record<string, string>;
  /** The same data, opened in the test process (PGlite: only while no command holds the folder). */
  withDb<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function dataPlace(prefix = 'linli-cli-', opts: { empty?: boolean } = {}): Promise<DataPlace> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (ENGINE === 'postgres') {
    const db = await createTestDatabase();
    const [{ name }] = await db.query<{ name: string }>('SELECT current_database() AS name');
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    if (opts.empty) {
      await db.exec('DROP SCHEMA public CASCADE');
      await db.exec('CREATE SCHEMA public');
    }
    return { dir, env: { DATABASE_URL: u.toString(), LINLI_DATA_DIR: dir }, withDb: (fn) => fn(db), drop: () => db.drop() };
  }
  return {
    dir,
    env: { LINLI_DATA_DIR: dir },
    async withDb(fn) {
      const db = await openPglite(join(dir, 'pgdata'));
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    },
    drop: async () => undefined,
  };
}
