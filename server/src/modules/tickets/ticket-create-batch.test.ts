/**
 * Creates written together (group commit, ticket-create.service.ts writeCreates): concurrent creates
 * go in one script, and what they write is what each would write alone — the rows, both events, the
 * inbox, the audit row, the Idempotency-Key with its answer; a key used before makes the batch be
 * written again create by create, and its retry gets the first answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, ENGINE, type TestContext } from '../../testing/harness.js';
import { openPostgres, type Database } from '../../platform/db.js';
import { createsOf } from './ticket-create.service.js';
import { setUpTickets, type Json, type TicketFixture } from './tickets.test-helpers.js';

let t: TestContext;
let f: TicketFixture;
beforeAll(async () => {
  t = await createTestContext();
  f = await setUpTickets(t);
});
afterAll(() => t?.close());

const clutter = { channel: 'resident', description: '楼道里杂物乱堆，堵住了消防通道', categoryCode: 'clutter' };

/** What a create wrote besides the row: its events, inbox rows (by kind), audit rows, and its key's stored answer. */
async function writtenFor(id: string, key: string | null) {
  const events = await t.database.query<{ type: string }>('SELECT type FROM ticket_events WHERE ticket_id = $1 ORDER BY seq', [id]);
  const inbox = await t.database.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM notifications WHERE ticket_id = $1 GROUP BY kind ORDER BY kind', [id]);
  const audit = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'ticket.create' AND target_id = $1", [id]);
  const stored = key ? await t.database.query<{ status: number; response: Json }>('SELECT status, response FROM idempotency_keys WHERE key = $1', [key]) : [];
  return { events: events.map((e) => e.type), inbox, audit: audit[0].n, stored: stored.map((s) => ({ status: s.status, id: s.response.ticket.id })) };
}

/**
 * On PostgreSQL, holds the audit log from another connection while `fn` runs, so that the first batch
 * waits in its script and the creates arriving meanwhile all queue for the next one; on PGlite (one
 * connection) just runs `fn`.
 */
async function withWritesHeld<T>(fn: (release: () => Promise<void>) => Promise<T>): Promise<T> {
  if (ENGINE !== 'postgres') return fn(async () => undefined);
  const other: Database = await openPostgres(process.env.DATABASE_URL!.replace(/\/[^/]*$/, `/${(await t.database.query<{ d: string }>('SELECT current_database() AS d'))[0].d}`), 1);
  let done!: () => void;
  const released = new Promise<void>((r) => (done = r));
  const holding = other.transaction(async (c) => {
    await c.exec('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
    await released;
  });
  try {
    return await fn(async () => {
      done();
      await holding;
    });
  } finally {
    done();
    await holding.catch(() => undefined);
    await other.close();
  }
}

describe('creates written together', () => {
  it('concurrent creates go in one batch and each comes out as a create written alone does', async () => {
    const alone = await f.create('resident', clutter, { 'idempotency-key': 'alone-1' });
    expect(alone.status).toBe(201);
    const expected = await writtenFor(alone.json.ticket.id, 'alone-1');
    expect(expected.events).toEqual(['register', 'dispatch']);
    expect(expected.audit).toBe(1);
    expect(expected.inbox.length).toBeGreaterThan(0);

    const stats = createsOf(t.database.db).stats;
    const before = { ...stats };
    const results = await withWritesHeld(async (release) => {
      const first = f.create('resident', clutter, { 'idempotency-key': 'together-0' });
      await new Promise((r) => setTimeout(r, 300));
      const rest = Array.from({ length: 12 }, (_, i) => f.create('resident', { ...clutter, description: `第${i + 1}个：楼道杂物乱堆` }, { 'idempotency-key': `together-${i + 1}` }));
      await new Promise((r) => setTimeout(r, 1000));
      await release();
      return Promise.all([first, ...rest]);
    });
    expect(results.map((r) => r.status)).toEqual(Array(13).fill(201));
    expect(new Set(results.map((r) => r.json.ticket.id)).size).toBe(13);
    expect(new Set(results.map((r) => r.json.ticket.number)).size).toBe(13);
    // Those queued while the first batch waited went together (all of them, unless one was still being read when it let go).
    if (ENGINE === 'postgres') expect(stats.largest).toBeGreaterThanOrEqual(6);
    expect(stats.doneAlone).toBe(before.doneAlone);
    for (const [i, r] of results.entries()) {
      const w = await writtenFor(r.json.ticket.id, `together-${i}`);
      expect(w).toEqual({ ...expected, stored: [{ status: 201, id: r.json.ticket.id }] });
      // The answer is what reading the ticket gives.
      const read = await f.get('resident', r.json.ticket.id);
      expect(r.json.ticket).toEqual(read.ticket);
      expect(r.json.timeline).toEqual(read.timeline);
    }
  });

  it('a key used before makes its batch be written create by create: the retry gets the first answer, the others are written', async () => {
    const first = await f.create('resident', clutter, { 'idempotency-key': 'again-1' });
    const stats = createsOf(t.database.db).stats;
    const before = stats.doneAlone;
    const results = await withWritesHeld(async (release) => {
      const blocker = f.create('resident', clutter, { 'idempotency-key': 'again-blocker' });
      await new Promise((r) => setTimeout(r, 300));
      const batch = [
        f.create('resident', clutter, { 'idempotency-key': 'again-2' }),
        f.create('resident', clutter, { 'idempotency-key': 'again-1' }),
        f.create('resident', clutter, { 'idempotency-key': 'again-3' }),
        f.create('resident', clutter, { 'idempotency-key': 'again-3' }),
      ];
      await new Promise((r) => setTimeout(r, 500));
      await release();
      return Promise.all([blocker, ...batch]);
    });
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results[2].json.ticket.id).toBe(first.json.ticket.id);
    expect(results[3].json.ticket.id).toBe(results[4].json.ticket.id);
    expect(new Set(results.map((r) => r.json.ticket.id)).size).toBe(4);
    const [{ n }] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE 'again-%'");
    expect(n).toBe(4);
    if (ENGINE === 'postgres') expect(stats.doneAlone).toBeGreaterThan(before);
  });
});
