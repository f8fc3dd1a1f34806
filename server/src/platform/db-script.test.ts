/** runScript (statements in one round trip, one transaction) and insertAsJson (rows as one JSON parameter), on the engine under test. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.js';
import { insertAsJson, preparedRows, runScript, sql, type Database } from './db.js';
import { auditLog } from './platform.schema.js';

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
  await db.exec('CREATE TABLE script_t (id int PRIMARY KEY, note text, at timestamptz, ok boolean)');
});
afterAll(() => db?.drop());

describe('runScript', () => {
  it("runs its statements in order and gives each one's rows, its parameters written as literals (quotes, backslashes, $1, Chinese, dates)", async () => {
    const tricky = "它's a \\ back'slash, $1 and $2 -- not a comment; 楼道杂物";
    const at = new Date('2026-12-07T01:02:03.004Z');
    const out = await runScript(db.db, [
      sql`INSERT INTO script_t (id, note, at, ok) VALUES (${1}, ${tricky}, ${at}, ${true}), (${2}, ${null}, ${null}, ${false})`,
      sql`SELECT id, note, at, ok FROM script_t WHERE note = ${tricky}`,
      sql`SELECT count(*)::int AS n FROM script_t`,
    ]);
    expect(out).toHaveLength(3);
    expect(out[1]).toEqual([{ id: 1, note: tricky, at: expect.anything(), ok: true }]);
    expect(new Date(out[1][0].at as string).toISOString()).toBe(at.toISOString());
    expect(out[2]).toEqual([{ n: 2 }]);
  });

  it('is one transaction: a statement that fails undoes those before it', async () => {
    await expect(
      runScript(db.db, [sql`INSERT INTO script_t (id, note) VALUES (${10}, ${'first'})`, sql`INSERT INTO script_t (id, note) VALUES (${1}, ${'a taken key'})`]),
    ).rejects.toThrow();
    expect(await db.query('SELECT id FROM script_t WHERE id = 10')).toEqual([]);
  });

  it('takes scalars only (rows travel as one JSON string), and is not for inside a transaction', async () => {
    await expect(runScript(db.db, [sql`SELECT ${sql.param([1, 2])}::int[]`])).rejects.toThrow(/scalar|string, number/);
    await expect(db.db.transaction((tx) => runScript(tx as never, [sql`SELECT 1`]))).rejects.toThrow(/transaction of its own/);
  });
});

describe('insertAsJson and preparedRows', () => {
  it('inserts many rows in one statement, each field typed by its column; absent fields take their defaults', async () => {
    await db.db.execute(
      insertAsJson(auditLog, [
        { actorId: null, action: 'script.test', targetKind: 't', targetId: 'a', detail: { 楼: 1, nested: { x: [1, 2] } }, ip: '127.0.0.1', requestId: 'r1' },
        { actorId: null, action: 'script.test', targetKind: null, targetId: 'b', detail: null, ip: null, requestId: null },
      ]),
    );
    const rows = await preparedRows<{ target_id: string; detail: unknown; at: Date | string }>(db.db, 'script_audit', sql`SELECT target_id, detail, at FROM audit_log WHERE action = ${'script.test'} ORDER BY target_id`);
    expect(rows.map((r) => [r.target_id, r.detail])).toEqual([
      ['a', { 楼: 1, nested: { x: [1, 2] } }],
      ['b', null],
    ]);
    expect(rows.every((r) => r.at !== null)).toBe(true);
    // The same text again uses the statement prepared on the connection (PostgreSQL), with other values.
    expect(await preparedRows(db.db, 'script_audit', sql`SELECT target_id, detail, at FROM audit_log WHERE action = ${'none'} ORDER BY target_id`)).toEqual([]);
  });
});
