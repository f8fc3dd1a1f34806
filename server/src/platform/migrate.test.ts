import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.js';
import { knownMigrations, migrate, schemaState, SchemaTooNewError } from './migrate.js';
import type { Database } from './db.js';

let db: (Database & { drop(): Promise<void> }) | null = null;
afterEach(async () => {
  await db?.drop();
  db = null;
});

describe('migrations', () => {
  it('are applied once; a second run changes nothing', async () => {
    db = await createTestDatabase();
    expect(await schemaState(db)).toEqual({ status: 'current', applied: knownMigrations().length });
    expect(await migrate(db)).toEqual([]);
  });

  it('two migrators at once apply each migration exactly once', async () => {
    db = await createTestDatabase();
    await db.exec('DROP SCHEMA public CASCADE');
    await db.exec('CREATE SCHEMA public');
    const [a, b] = await Promise.all([migrate(db), migrate(db)]);
    expect([...a, ...b].sort()).toEqual(knownMigrations().map((m) => m.tag).sort());
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(knownMigrations().length);
  });

  it('refuse a database migrated by a newer Linli and say why', async () => {
    db = await createTestDatabase();
    await db.query("INSERT INTO schema_migrations (tag, hash) VALUES ('9999_from_the_future', 'x')");
    expect(await schemaState(db)).toEqual({ status: 'ahead', unknown: ['9999_from_the_future'] });
    await expect(migrate(db)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(migrate(db)).rejects.toThrow(/newer than this Linli.*9999_from_the_future/);
  });

  it('split drizzle-kit files into single statements (PGlite accepts one per call)', () => {
    for (const m of knownMigrations()) for (const s of m.statements) expect(s).not.toContain('--> statement-breakpoint');
  });
});
