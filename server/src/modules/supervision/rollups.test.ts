/**
 * The dashboards' rollups give the numbers of the live scan: a random fixture of tickets over two
 * years (every status, ratings, reworks, extensions, teams, closing times not on the hour, places at
 * every level, another county), compared place by place and period by period (days, weeks, months;
 * ranges that start and end inside months and dekads) — after folding, after more ticket changes not
 * yet folded (the deltas are read with the rollups), after folding those, and after a rebuild.
 * The one figure allowed to differ is the 90th percentile of hours to close: the rollups keep hours to
 * close by whole hours, so theirs is the scan's with each duration rounded down (within an hour). The
 * rankings are compared whole: places one level down, teams, and the communities of the city and a county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import type { Actor } from '../../platform/access.js';
import type { TicketDashboard } from '../../../../contracts/supervision.js';
import { getTicketDashboard } from './supervision.service.js';
import { foldAll } from './rollups.jobs.js';
import { coverOf, pendingDeltas, rebuildRollups } from './rollups.repository.js';

let t: TestContext;
let places: string[] = [];
let teams: string[] = [];
let seq = 0;

const actor: Actor = {
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'rollup.test',
  displayName: 'rollup test',
  residentId: null,
  grants: [{ id: 'g', role: 'city_admin', scopeKind: 'place', scopeCode: '1406', scopeName: '朔州市', reach: ['1406'] }],
} as unknown as Actor;

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261122);
const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

const END = Date.parse('2026-11-20T00:00:00+08:00');
const STATUSES = ['registered', 'dispatched', 'in_progress', 'reported', 'closed', 'closed', 'closed', 'closed', 'shelved', 'cancelled', 'merged'];
const RATINGS = [null, 'satisfied', 'basically_satisfied', 'dissatisfied', 'satisfied'];

async function addTickets(n: number) {
  const values: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const created = new Date(END - rnd() * 700 * 86_400_000);
    const deadline = rnd() < 0.05 ? null : new Date(created.getTime() + (2 + rnd() * 400) * 3_600_000);
    const status = pick(STATUSES);
    const closed = status === 'closed' ? new Date(created.getTime() + (0.2 + rnd() * 500) * 3_600_000) : rnd() < 0.03 ? new Date(created.getTime() + rnd() * 90 * 3_600_000) : null;
    const place = pick(places);
    values.push([
      `R${++seq}`,
      pick(['clutter', 'noise', 'parking', 'litter']),
      status,
      place,
      created.toISOString(),
      deadline?.toISOString() ?? null,
      closed?.toISOString() ?? null,
      status === 'closed' && deadline ? closed! <= deadline : null,
      closed ? pick(RATINGS) : null,
      rnd() < 0.1 ? 1 : 0,
      rnd() < 0.1 ? 1 : 0,
      rnd() < 0.7 ? created.toISOString() : null,
      rnd() < 0.5 && closed ? closed.toISOString() : null,
      rnd() < 0.6 ? pick(teams) : null,
    ]);
  }
  for (const v of values) {
    await t.database.query(
      `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, compound_code, community_code, township_code, county_code, tier,
                            created_at, deadline_at, closed_at, closed_on_time, rating, reworks, extensions, accepted_at, reported_at, team_id)
       VALUES ($1, '测试', '测试', $2, 'general', 'resident', $3, $4, CASE WHEN length($4) >= 15 THEN substr($4, 1, 15) END, CASE WHEN length($4) >= 12 THEN substr($4, 1, 12) END,
               substr($4, 1, 9), substr($4, 1, 6), 'community', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::uuid)`,
      v,
    );
  }
}

/** Changes after the rollups were built: closings, reopenings, ratings, new deadlines, moves between teams, cancellations, deletions. */
async function changeTickets() {
  const db = t.database;
  await db.query(`UPDATE tickets SET status = 'closed', closed_at = created_at + interval '77 hours 13 minutes', closed_on_time = true, rating = 'dissatisfied' WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' AND status = 'in_progress' ORDER BY number LIMIT 15)`);
  await db.query(`UPDATE tickets SET status = 'in_progress', closed_at = NULL, closed_on_time = NULL, rating = NULL, reworks = reworks + 1 WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' AND status = 'closed' ORDER BY number DESC LIMIT 12)`);
  await db.query(`UPDATE tickets SET rating = 'satisfied' WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' AND status = 'closed' AND rating IS NULL ORDER BY number LIMIT 10)`);
  await db.query(`UPDATE tickets SET deadline_at = deadline_at + interval '9 days', extensions = extensions + 1 WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' AND deadline_at IS NOT NULL ORDER BY md5(number) LIMIT 20)`);
  await db.query(`UPDATE tickets SET team_id = $1::uuid WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' ORDER BY md5(number || 't') LIMIT 20)`, [teams[0]]);
  await db.query(`UPDATE tickets SET status = 'cancelled' WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' AND status = 'registered' ORDER BY number LIMIT 8)`);
  await db.query(`UPDATE tickets SET followers = followers + 1 WHERE number LIKE 'R1%'`);
  await db.query(`DELETE FROM tickets WHERE number IN (SELECT number FROM tickets WHERE number LIKE 'R%' ORDER BY md5(number || 'd') LIMIT 5)`);
  await addTickets(40);
}

beforeAll(async () => {
  t = await createTestContext();
  const c = t.codes;
  const under = await t.database.query<{ code: string }>(`SELECT code FROM places WHERE code LIKE $1 AND level IN ('compound', 'building', 'household') ORDER BY code`, [c.township + '%']);
  // Places at every depth, a township-level and a community-level ticket place, and another county.
  places = [...under.filter((_, i) => i % 3 === 0).map((p) => p.code), c.community, c.township, c.compound, c.building, c.household, c.community.slice(0, 9) + '002', c.county + '002', c.county + '002001', '140681001001', '140681001001001'];
  for (let i = 1; i <= 6; i++) await t.database.query(`INSERT INTO teams (kind, name, place_code, county_code) VALUES ('themed', $1, $2, '140602')`, [`测试队伍${i}`, c.community]);
  teams = (await t.database.query<{ id: string }>(`SELECT id::text FROM teams ORDER BY id LIMIT 6`)).map((r) => r.id);
  expect(teams.length).toBeGreaterThan(0);
  await addTickets(900);
}, 240_000);
afterAll(() => t?.close());

type Ranked = TicketDashboard['byPlace'];
/** Rankings compared by code (equal metrics may come in either order); p90 within the hour, the rest exact. */
function expectSame(a: TicketDashboard, b: TicketDashboard, what: string) {
  // The overdue list is the same query on both paths (its hours move with the clock between the two reads).
  const strip = (d: TicketDashboard) => ({ ...d, totals: { ...d.totals, p90HoursToClose: null }, byPlace: undefined, byTeam: undefined, byCommunity: undefined, overdue: d.overdue.map((o) => o.id) });
  expect(strip(a), what).toEqual(strip(b));
  const near = (x: number | null, y: number | null, label: string) => {
    if (x === null || y === null) expect(x, label).toBe(y);
    else expect(Math.abs(x - y), `${label}: ${x} vs ${y}`).toBeLessThanOrEqual(1.05);
  };
  near(a.totals.p90HoursToClose, b.totals.p90HoursToClose, `${what} totals p90`);
  for (const key of ['byPlace', 'byTeam', 'byCommunity'] as const) {
    const byCode = (r: Ranked) => new Map(r.map((x) => [x.code, x]));
    const [ra, rb] = [byCode(a[key]), byCode(b[key])];
    expect([...ra.keys()].sort(), `${what} ${key}`).toEqual([...rb.keys()].sort());
    for (const [code, x] of ra) {
      const y = rb.get(code)!;
      expect({ ...x, metrics: { ...x.metrics, p90HoursToClose: null } }, `${what} ${key} ${code}`).toEqual({ ...y, metrics: { ...y.metrics, p90HoursToClose: null } });
      near(x.metrics.p90HoursToClose, y.metrics.p90HoursToClose, `${what} ${key} ${code} p90`);
    }
  }
}

const PERIODS: Array<[string, string]> = [
  ['2025-11-21', '2026-11-20'], // a year from mid-month to mid-month: months, dekads and days
  ['2025-01-01', '2026-12-31'], // whole months
  ['2026-05-07', '2026-09-13'], // weeks
  ['2026-10-11', '2026-11-20'], // days, from a dekad's start
  ['2026-02-28', '2026-03-02'], // across a month's end
  ['2026-11-20', '2026-11-20'], // one day
];

async function compareAll(what: string) {
  const c = t.codes;
  for (const place of ['1406', c.county, c.township, c.community]) {
    for (const [from, to] of PERIODS) {
      const q = { place, from, to };
      const [rolled, live] = await Promise.all([getTicketDashboard(t.database.db, actor, q), getTicketDashboard(t.database.db, actor, q, { live: true })]);
      expectSame(rolled, live, `${what}: ${place} ${from}..${to}`);
    }
  }
}

describe('rollups against the live scan', () => {
  it('cover a period with whole months, then whole dekads, then days', () => {
    expect(coverOf('2025-11-21', '2026-01-13', true)).toEqual({ m: ['2025-12-01'], k: ['2025-11-21', '2026-01-01'], d: ['2026-01-11', '2026-01-12'] });
    expect(coverOf('2026-02-21', '2026-03-01', true)).toEqual({ m: [], k: ['2026-02-21'], d: [] });
    expect(coverOf('2026-02-27', '2026-03-02', false).d).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('give the same figures with every change still pending, then folded', async () => {
    expect(await pendingDeltas(t.database.db)).toBe(900);
    await compareAll('pending');
    expect(await foldAll(t.database.db)).toBe(900);
    expect(await pendingDeltas(t.database.db)).toBe(0);
    await compareAll('folded');
    const d = await getTicketDashboard(t.database.db, actor, { place: t.codes.county, from: '2025-11-21', to: '2026-11-20' });
    // The fixture is not trivial: the comparison covered real numbers.
    expect(d.totals.received).toBeGreaterThan(300);
    expect(d.totals.closed).toBeGreaterThan(50);
    expect(d.byTeam.length).toBeGreaterThan(2);
    expect(d.byPlace.length).toBeGreaterThan(1);
    expect(d.hotspots.length).toBeGreaterThan(1);
    // Every community of the county with tickets, and nothing else: not the township- and county-level ticket places.
    expect(d.byCommunity.map((r) => r.code).sort()).toEqual([t.codes.community, t.codes.community.slice(0, 9) + '002', t.codes.county + '002001'].sort());
    expect(d.byCommunity.every((r) => r.metrics.due > 0 && r.metrics.p90HoursToClose === null)).toBe(true);
    const city = await getTicketDashboard(t.database.db, actor, { place: '1406', from: '2025-11-21', to: '2026-11-20' });
    expect(city.byCommunity.map((r) => r.code)).toContain('140681001001');
    const township = await getTicketDashboard(t.database.db, actor, { place: t.codes.township, from: '2025-11-21', to: '2026-11-20' });
    expect(township.byCommunity).toEqual([]);
  }, 300_000);

  it('stay exact through ticket changes made after they were built: unfolded, folded, rebuilt', async () => {
    await changeTickets();
    expect(await pendingDeltas(t.database.db)).toBeGreaterThan(50);
    await compareAll('changed, pending');
    await foldAll(t.database.db);
    await compareAll('changed, folded');
    await rebuildRollups(t.database.db);
    expect(await pendingDeltas(t.database.db)).toBe(0);
    await compareAll('rebuilt');
  }, 300_000);
});
