/** `linli api-key create|revoke` as an operator runs them: a real process on a data folder or database of its own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPlace, runLinli, type DataPlace } from '../../testing/cli.js';
import type { Database } from '../../platform/db.js';
import { resolveApiKey } from './api-keys.service.js';

let place: DataPlace;
const linli = (args: string[]) => runLinli(args, { ...place.env, LINLI_DATA_KEY: 'ab'.repeat(32) }, 120_000);
const withDb = <T>(fn: (db: Database) => Promise<T>) => place.withDb(fn);

beforeAll(async () => {
  place = await dataPlace('linli-apikey-cli-');
  const migrated = linli(['migrate']);
  expect(migrated.code, migrated.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await place.drop();
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
