/** `linli api-key create|revoke` as an operator runs them: a real process on a data folder or database of its own. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINE } from '../../testing/harness.js';
import { openPglite, type Database } from '../../platform/db.js';
import { resolveApiKey } from './api-keys.service.js';

const BIN = join(import.meta.dirname, '../../../../bin/linli.js');
const dir = mkdtempSync(join(tmpdir(), 'linli-apikey-cli-'));
let env: Record<string, string>;
let pg: (Database & { drop(): Promise<void> }) | null = null;

function linli(args: string[]) {
  const base = { ...process.env } as Record<string, string>;
  delete base.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...base, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (pg) return fn(pg);
  const db = await openPglite(join(dir, 'pgdata'));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  env = { LINLI_DATA_DIR: dir, LINLI_DATA_KEY: 'ab'.repeat(32) };
  if (ENGINE === 'postgres') {
    pg = await createTestDatabase();
    const [{ name }] = await pg.query<{ name: string }>('SELECT current_database() AS name');
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
  }
  const migrated = linli(['migrate']);
  expect(migrated.code, migrated.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await pg?.drop();
});

describe('linli api-key', () => {
  it('create prints the key alone on its last line; it works until revoke', async () => {
    const created = linli(['api-key', 'create', '--name', '12345热线']);
    expect(created.code, created.stderr).toBe(0);
    const lines = created.stdout.trimEnd().split('\n');
    const key = lines[lines.length - 1];
    expect(key).toMatch(/^linli_[A-Za-z0-9_-]{32}$/);
    expect(await withDb(async (db) => (await resolveApiKey(db.db, key))?.name)).toBe('12345热线');
    const twice = linli(['api-key', 'create', '--name', '12345热线']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('revoke it first');

    const revoked = linli(['api-key', 'revoke', '12345热线']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('revoked');
    expect(await withDb(async (db) => resolveApiKey(db.db, key))).toBeUndefined();
    expect(linli(['api-key', 'revoke', '12345热线']).code).toBe(1);
  }, 180_000);

  it('bad arguments print the usage and exit 2', () => {
    for (const args of [['api-key'], ['api-key', 'create'], ['api-key', 'revoke'], ['api-key', 'rotate']]) {
      const r = linli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain('usage: linli api-key');
    }
  }, 120_000);
});
