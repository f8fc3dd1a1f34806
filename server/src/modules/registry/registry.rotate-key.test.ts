import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, ENGINE, type TestContext } from '../../testing/harness.js';
import { PersonalDataCipher } from '../../platform/crypto.js';
import { rotateDataKey } from './registry.rotate-key.js';
import { openPglite } from '../../platform/db.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

describe('rotating the data key', () => {
  it('re-encrypts and re-hashes every number; a second run changes nothing; reveal works with the new key', async () => {
    const next = new PersonalDataCipher({ id: 'newkey01', key: Buffer.alloc(32, 9) });
    const before = await t.database.query<{ id: string; id_number_enc: string }>('SELECT id, id_number_enc FROM residents WHERE id_number_enc IS NOT NULL ORDER BY id LIMIT 1');
    const plain = t.cipher.decrypt(before[0].id_number_enc);
    const seen: number[] = [];
    const first = await rotateDataKey(t.database, t.cipher, next, (done) => seen.push(done));
    expect(first.changed).toBeGreaterThan(100);
    expect(seen.at(-1)).toBe(first.rows);
    const [after] = await t.database.query<{ id_number_enc: string; id_number_hash: string }>('SELECT id_number_enc, id_number_hash FROM residents WHERE id = $1', [before[0].id]);
    expect(after.id_number_enc.split('.')[1]).toBe('newkey01');
    expect(next.decrypt(after.id_number_enc)).toBe(plain);
    expect(after.id_number_hash).toBe(next.hash(plain));
    expect(() => t.cipher.decrypt(after.id_number_enc)).toThrow();
    const stale = await t.database.query("SELECT 1 FROM residents WHERE id_number_enc NOT LIKE 'v1.newkey01.%' OR mobile_enc NOT LIKE 'v1.newkey01.%'");
    expect(stale).toEqual([]);
    expect((await rotateDataKey(t.database, t.cipher, next)).changed).toBe(0);
  });
});

describe.skipIf(ENGINE !== 'pglite')('linli rotate-key', () => {
  it('replaces the key file, keeps the old one beside it, and the data stays readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-rotate-'));
    const env = { ...process.env, LINLI_DATA_DIR: dir, LOG_LEVEL: 'warn' } as Record<string, string>;
    delete env.DATABASE_URL;
    const bin = join(import.meta.dirname, '../../../../bin/linli.js');
    expect(spawnSync(process.execPath, [bin, 'seed'], { env, encoding: 'utf8' }).status).toBe(0);
    const oldKey = readFileSync(join(dir, 'data.key'), 'utf8').trim();
    const r = spawnSync(process.execPath, [bin, 'rotate-key'], { env, encoding: 'utf8' });
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('rotate-key ['))).toEqual([]);
    expect(r.status).toBe(0);
    const newKey = readFileSync(join(dir, 'data.key'), 'utf8').trim();
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(oldKey);
    expect(readdirSync(dir).filter((f) => f.startsWith('data.key.old-'))).toHaveLength(1);
    expect(existsSync(join(dir, 'data.key.new'))).toBe(false);
    const db = await openPglite(join(dir, 'pgdata'));
    const [row] = await db.query<{ mobile_enc: string }>('SELECT mobile_enc FROM residents WHERE mobile_enc IS NOT NULL LIMIT 1');
    await db.close();
    const cipher = new PersonalDataCipher({ id: row.mobile_enc.split('.')[1], key: Buffer.from(newKey, 'hex') });
    expect(cipher.decrypt(row.mobile_enc)).toMatch(/^1[3-9]\d{9}$/);
    const bad = spawnSync(process.execPath, [bin, 'rotate-key', '--new-key-file', join(dir, 'nope')], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});

describe('rotating covers tickets', () => {
  it('re-encrypts a caller’s phone in the ticket and in its registration event; the rebuilt row matches', async () => {
    const { setUpTickets } = await import('../tickets/tickets.test-helpers.js');
    const { rebuildTicket } = await import('../tickets/tickets.service.js');
    const ctx = await createTestContext();
    try {
      const f = await setUpTickets(ctx);
      const res = await f.create('community', { channel: 'phone', placeCode: ctx.codes.compound, description: '车辆乱停', caller: { name: '王', phone: '13900003333' } });
      const id = res.json.ticket.id;
      const next = new PersonalDataCipher({ id: 'newkey02', key: Buffer.alloc(32, 5) });
      await rotateDataKey(ctx.database, ctx.cipher, next);
      const [row] = await ctx.database.query<{ reporter_phone_enc: string }>('SELECT reporter_phone_enc FROM tickets WHERE id = $1', [id]);
      expect(next.decrypt(row.reporter_phone_enc)).toBe('13900003333');
      const [ev] = await ctx.database.query<{ enc: string }>("SELECT data->>'reporterPhoneEnc' AS enc FROM ticket_events WHERE ticket_id = $1 AND type = 'register'", [id]);
      expect(ev.enc).toBe(row.reporter_phone_enc);
      expect((await rebuildTicket(ctx.database.db, id)).outcome).toBe('same');
    } finally {
      await ctx.close();
    }
  });
});
