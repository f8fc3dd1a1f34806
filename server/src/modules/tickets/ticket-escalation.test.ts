import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestContext, ENGINE, type TestContext } from '../../testing/harness.js';
import { openPostgres, type Database } from '../../platform/db.js';
import { escalateTicket, onTicketEvents, rebuildTicket, registerDeviceAlert } from './tickets.service.js';
import { escalateCommand, startEscalation, sweepOverdue, type EscalateFn } from './ticket-escalation.js';

let t: TestContext;
let database: Database;
let ticketColumns: string[];
beforeAll(async () => {
  t = await createTestContext();
  database = t.database;
  const community = await t.signIn('community');
  expect((await community.post('/api/v1/teams/bootstrap', { placeCode: t.codes.community })).statusCode).toBe(200);
  ticketColumns = (await database.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'tickets' AND column_name NOT IN ('id', 'number') ORDER BY ordinal_position`)).map((c) => c.column_name);
});
afterAll(() => t?.close());

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const tagged = new Map<string, string[]>();

/**
 * n tickets reported by a device on the demo building (设施报修: the building team takes it first),
 * whose building-team deadline passed `minutesAgo` minutes ago. One goes through the service; the
 * others are copies of it, row and events, under new ids and numbers.
 */
async function overdueTickets(tag: string, n: number, minutesAgo = 5): Promise<string[]> {
  const row = await registerDeviceAlert(database.db, { buildingCode: t.codes.building, categoryCode: 'repair', title: `${tag} 单元门禁损坏`, description: '单元门禁坏了，门关不上', deviceId: `door-${tag}` });
  expect(row).toMatchObject({ status: 'dispatched', tier: 'building_team' });
  await database.query(`UPDATE tickets SET tier_deadline_at = now() - make_interval(mins => $2::int) WHERE id = $1`, [row.id, minutesAgo]);
  const copies =
    n < 2
      ? []
      : await database.query<{ id: string }>(
          `WITH copies AS (SELECT gen_random_uuid() AS id, t.number || '-' || g AS number, g FROM tickets t, generate_series(2, $2::int) g WHERE t.id = $1),
                events_in AS (
                  INSERT INTO ticket_events (ticket_id, seq, type, actor_user_id, actor_name, actor_role, at, note, data, public, county_code)
                  SELECT c.id, e.seq, e.type, e.actor_user_id, e.actor_name, e.actor_role, e.at, e.note,
                         CASE WHEN e.type = 'register' THEN jsonb_set(e.data, '{number}', to_jsonb(c.number)) ELSE e.data END, e.public, e.county_code
                  FROM ticket_events e, copies c WHERE e.ticket_id = $1)
           INSERT INTO tickets (id, number, ${ticketColumns.join(', ')})
           SELECT c.id, c.number, ${ticketColumns.map((k) => (k === 'tier_deadline_at' ? 't.tier_deadline_at - make_interval(secs => c.g)' : `t.${k}`)).join(', ')}
           FROM tickets t, copies c WHERE t.id = $1 RETURNING id`,
          [row.id, n],
        );
  const ids = [row.id, ...copies.map((c) => c.id)];
  tagged.set(tag, ids);
  return ids;
}

/** Escalate events per ticket of a tag, in the order overdueTickets returned them. */
async function escalations(tag: string) {
  const ids = tagged.get(tag)!;
  const list = await database.query<{ id: string; tier: string; n: number }>(
    `SELECT t.id, t.tier, count(e.id)::int AS n FROM tickets t LEFT JOIN ticket_events e ON e.ticket_id = t.id AND e.type = 'escalate'
     WHERE t.id = ANY($1::uuid[]) GROUP BY t.id, t.tier`,
    [ids],
  );
  const byId = new Map(list.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

describe('the escalation sweep', () => {
  it('escalates each ticket past its tier deadline once, to the next tier; the rows still equal their events', async () => {
    const due = await overdueTickets('due', 30);
    await overdueTickets('running', 3, -30);
    await overdueTickets('reported', 3);
    await database.query(`UPDATE tickets SET status = 'reported' WHERE id = ANY($1::uuid[])`, [tagged.get('reported')]);
    await overdueTickets('shelved', 3);
    await database.query(`UPDATE tickets SET status = 'shelved' WHERE id = ANY($1::uuid[])`, [tagged.get('shelved')]);
    const r = await sweepOverdue(database, { batchSize: 7 });
    expect(r).toMatchObject({ overdue: 30, escalated: 30, skipped: 0, failed: 0 });
    expect((await escalations('due')).every((e) => e.n === 1 && e.tier === 'compound_team')).toBe(true);
    for (const tag of ['running', 'reported', 'shelved']) expect((await escalations(tag)).every((e) => e.n === 0)).toBe(true);
    const [event] = await database.query<{ note: string; actor_role: string; data: { tier: string; tierDeadlineAt: string; automatic: boolean } }>(
      `SELECT note, actor_role, data FROM ticket_events WHERE type = 'escalate' AND ticket_id = $1`,
      [due[0]],
    );
    expect(event.note).toMatch(/^楼栋互助队未在时限（\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}）内处置，自动升级$/);
    expect(event).toMatchObject({ actor_role: 'system', data: { tier: 'compound_team', automatic: true } });
    expect(new Date(event.data.tierDeadlineAt).getTime()).toBeGreaterThan(Date.now());
    for (const id of due.slice(0, 5)) expect(await rebuildTicket(database.db, id)).toMatchObject({ outcome: 'same', differences: [] });
    // Nothing is overdue any more.
    expect(await sweepOverdue(database)).toMatchObject({ overdue: 0, escalated: 0 });
  });

  it('a ticket that fails does not stop the others, even one that breaks its batch transaction', async () => {
    const ids = await overdueTickets('flaky', 10);
    const flaky: EscalateFn = async (db, id, o) => {
      if (id === ids[2]) throw new Error('notification transport down');
      // A failed statement outside any savepoint: the batch's transaction is aborted.
      if (id === ids[5]) await db.execute(sql`SELECT 1 / 0`);
      return escalateTicket(db, id, o);
    };
    const r = await sweepOverdue(database, { escalate: flaky, batchSize: 4 });
    expect(r).toMatchObject({ overdue: 10, escalated: 8, failed: 2 });
    expect(Object.fromEntries(r.failures.map((f) => [f.id, f.error]))).toEqual({ [ids[2]]: 'notification transport down', [ids[5]]: expect.stringMatching(/division by zero/) });
    // ids[4], escalated before ids[5] broke the batch, was rolled back with it and done again on its own.
    expect((await escalations('flaky')).map((e) => e.n)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1, 1]);
    expect(await sweepOverdue(database)).toMatchObject({ overdue: 2, escalated: 2, failed: 0 });
    expect((await escalations('flaky')).every((e) => e.n === 1)).toBe(true);
  });

  it('set-based batches decide what escalating one by one decides: a level the place lacks or a tier without a team is skipped, the department is the top', async () => {
    // Five situations, twice: one copy escalated ticket by ticket (escalateTicket), the other by the sweep's set-based batches.
    const [compoundTeam] = await database.query<{ id: string }>(`SELECT id FROM teams WHERE kind = 'compound_team' AND place_code = $1`, [t.codes.compound]);
    const shape = async (ids: string[]) => {
      await database.query(`UPDATE tickets SET tier = 'compound_team', team_id = $2 WHERE id = $1`, [ids[1], compoundTeam.id]);
      await database.query(`UPDATE tickets SET tier = 'community', team_id = NULL WHERE id = $1`, [ids[2]]);
      await database.query(`UPDATE tickets SET tier = 'township', team_id = NULL WHERE id = $1`, [ids[3]]);
      // On the compound itself: no unit, no building above the unit tier, so the compound team takes it.
      await database.query(`UPDATE tickets SET tier = 'unit_team', team_id = NULL, place_code = $2 WHERE id = $1`, [ids[4], t.codes.compound]);
    };
    const one = await overdueTickets('one-by-one', 5);
    const set = await overdueTickets('set-based', 5);
    await shape(one);
    await shape(set);
    for (const id of one) expect((await escalateTicket(database.db, id, { by: 'system', note: 'n' })).escalated).toBe(true);
    expect(await sweepOverdue(database, { batchSize: 3 })).toMatchObject({ overdue: 5, escalated: 5, failed: 0 });
    const outcome = async (ids: string[]) =>
      database.query<{ tier: string; team_id: string | null; department: string | null; status: string; escalations: number; version: number; data: Record<string, unknown>; due_after_min: number | null }>(
        `SELECT t.tier, t.team_id, t.department, t.status, t.escalations, t.version, e.data - 'tierDeadlineAt' - 'missedDeadline' AS data,
                round(extract(epoch FROM t.tier_deadline_at - e.at) / 60)::int AS due_after_min
         FROM unnest($1::uuid[]) WITH ORDINALITY AS i(id, n) JOIN tickets t ON t.id = i.id JOIN ticket_events e ON e.ticket_id = t.id AND e.type = 'escalate'
         ORDER BY i.n`,
        [ids],
      );
    const bySweep = await outcome(set);
    expect(bySweep).toEqual(await outcome(one));
    expect(bySweep.map((r) => r.tier)).toEqual(['compound_team', 'community', 'township', 'department', 'compound_team']);
    expect(bySweep[0].team_id).toBe(compoundTeam.id);
    expect(bySweep[3]).toMatchObject({ department: '住房和城乡建设局', due_after_min: null });
    // The rows the sweep wrote are the fold of their events (the first is untouched by shape()).
    expect(await rebuildTicket(database.db, set[0])).toMatchObject({ outcome: 'same', differences: [] });
  });

  it('a ticket whose write fails in a set-based batch fails alone: the batch goes again one by one', async () => {
    const ids = await overdueTickets('hooked', 9);
    const off = onTicketEvents(async (_tx, ticket) => {
      if (ticket.id === ids[4]) throw new Error('inbox is down for this one');
    });
    try {
      const r = await sweepOverdue(database, { batchSize: 5 });
      expect(r).toMatchObject({ overdue: 9, escalated: 8, failed: 1 });
      expect(r.failures).toEqual([{ id: ids[4], error: 'inbox is down for this one' }]);
    } finally {
      off();
    }
    expect((await escalations('hooked')).map((e) => e.n)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    // Once the cause is gone, the next sweep takes it.
    expect(await sweepOverdue(database)).toMatchObject({ overdue: 1, escalated: 1, failed: 0 });
  });

  it('runs on pg-boss on start and every interval, and stops cleanly', async () => {
    await overdueTickets('boss', 20);
    const logs: string[] = [];
    const log = { info: (o: unknown, m?: string) => logs.push(m ?? String(o)), warn: (o: unknown) => logs.push(`warn ${JSON.stringify(o)}`), error: (o: unknown) => logs.push(`error ${String((o as { err?: Error }).err ?? o)}`) };
    const scheduler = await startEscalation(database, { escalationIntervalSeconds: 1 }, log);
    try {
      await waitFor(async () => (await escalations('boss')).every((e) => e.n === 1));
      // A ticket that falls due later is taken by a later sweep.
      await overdueTickets('later', 2, 0);
      await waitFor(async () => (await escalations('later')).every((e) => e.n === 1));
    } finally {
      await scheduler.stop();
    }
    expect(logs.filter((l) => /^(error|warn)/.test(l))).toEqual([]);
    expect(logs).toContain('escalation sweep: 20 escalated, 0 skipped, 0 failed');
    expect((await escalations('boss')).every((e) => e.n === 1)).toBe(true);
  });

  it('is off with ESCALATION_INTERVAL_SECONDS=0', async () => {
    const scheduler = await startEscalation(database, { escalationIntervalSeconds: 0 }, quiet);
    await scheduler.stop();
  });
});

describe('linli escalate', () => {
  it('needs --now', async () => {
    await expect(escalateCommand.run({}, [])).rejects.toThrow(/--now is required/);
    const r = await linli(['escalate'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: linli escalate --now/);
  });
});

describe.skipIf(ENGINE !== 'postgres')('two server processes on one PostgreSQL database', () => {
  let url: string;
  let other: Database;
  beforeAll(async () => {
    const [{ name }] = await database.query<{ name: string }>('SELECT current_database() AS name');
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    other = await openPostgres(url, 5);
  });
  afterAll(() => other?.close());

  const exactlyOnce = async (tag: string, n: number) => {
    const list = await escalations(tag);
    expect(list).toHaveLength(n);
    expect(list.filter((e) => e.n !== 1)).toEqual([]);
  };

  it('two sweeps at once (two pools) escalate each overdue ticket exactly once', async () => {
    await overdueTickets('pair', 300);
    const [a, b] = await Promise.all([sweepOverdue(database, { batchSize: 10 }), sweepOverdue(other, { batchSize: 10 })]);
    expect(a.escalated + b.escalated).toBe(300);
    expect(a.failed + b.failed).toBe(0);
    // Each took part: the batches each one locked, the other skipped.
    expect(Math.min(a.escalated, b.escalated)).toBeGreaterThan(0);
    await exactlyOnce('pair', 300);
  });

  it('two `linli escalate --now` processes at once escalate each overdue ticket exactly once', async () => {
    await overdueTickets('procs', 1500);
    const runs = await Promise.all([linli(['escalate', '--now', '--json'], { DATABASE_URL: url }), linli(['escalate', '--now', '--json'], { DATABASE_URL: url })]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const [a, b] = runs.map((r) => JSON.parse(r.stdout) as { escalated: number; skipped: number; failed: number });
    console.log(`two processes: ${a.escalated} + ${b.escalated} escalated (${a.skipped} + ${b.skipped} skipped)`);
    expect(a.escalated + b.escalated).toBe(1500);
    await exactlyOnce('procs', 1500);
  });

  it('two schedulers on pg-boss, nudged at once, escalate each overdue ticket exactly once', async () => {
    const s1 = await startEscalation(database, { escalationIntervalSeconds: 1 }, quiet, { batchSize: 10 });
    const s2 = await startEscalation(other, { escalationIntervalSeconds: 1 }, quiet, { batchSize: 10 });
    try {
      await overdueTickets('bosses', 300, 0);
      await Promise.all([s1.trigger(), s2.trigger()]);
      await waitFor(async () => (await escalations('bosses')).every((e) => e.n >= 1));
      // More sweeps come and go; none escalates again.
      await Promise.all([s1.trigger(), s2.trigger()]);
      await new Promise((r) => setTimeout(r, 2500));
    } finally {
      await Promise.all([s1.stop(), s2.stop()]);
    }
    await exactlyOnce('bosses', 300);
  });
});

function linli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env } as Record<string, string>;
    delete base.DATABASE_URL;
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../../../bin/linli.js'), ...args], { env: { ...base, LOG_LEVEL: 'warn', LINLI_DATA_DIR: '/tmp/linli-escalate-unused', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 20_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
