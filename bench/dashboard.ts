/**
 * Issue 5: the dashboard API for one county over one year with 2 M tickets in the table, p99 over HTTP
 * (target < 300 ms; served from the rollups), beside the baselines measured in the same run: the national
 * metrics query alone (ticket-metrics, one of the live dashboard's parts) and the live dashboard (one
 * scan of the tickets plus that query) for the same county and year, and a check that the rollups'
 * figures equal the live scan's.
 *   DATABASE_URL=postgres://…/linli_dash npx tsx bench/dashboard.ts [--rows 2000000] [--requests 200]
 * The database must hold a seeded city (`linli seed --scale city`); bench tickets are added once.
 */
import { parseArgs } from 'node:util';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { loadConfig } from '../server/src/config.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { buildApp } from '../server/src/app.js';
import { createUserWithGrants } from '../server/src/modules/identity/identity.service.js';
import { getTicketMetrics } from '../server/src/modules/tickets/ticket-metrics.service.js';
import { getTicketDashboard } from '../server/src/modules/supervision/supervision.service.js';
import { foldAll } from '../server/src/modules/supervision/rollups.jobs.js';
import { pendingDeltas, rebuildRollups } from '../server/src/modules/supervision/rollups.repository.js';
import type { TicketDashboard } from '../contracts/supervision.js';
import { ensureBenchTickets } from './support/ticket-fixture.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '2000000' }, requests: { type: 'string', default: '200' }, county: { type: 'string', default: '140602' } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database seeded with `linli seed --scale city`)');
  process.exit(2);
}
const COUNTY = values.county!;
const database = await openPostgres(url, 10);
await migrate(database);
const total = await ensureBenchTickets(database, Number(values.rows));
// As autovacuum leaves a table in service: the visibility map lets the overdue count read its partial index only.
await database.exec('VACUUM ANALYZE tickets');
// The rollups: rebuilt after a bulk load (the migration queued every existing ticket as a delta), else folded.
{
  const t0 = performance.now();
  const [{ n }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM ticket_rollups LIMIT 1) r');
  const pending = await pendingDeltas(database.db);
  if (!n || pending > 100_000) {
    await rebuildRollups(database.db, (county, done, all) => console.log(`rollups: ${county} (${done}/${all}, ${((performance.now() - t0) / 1000).toFixed(0)} s)`));
    console.log(`rollups rebuilt from ${total.toLocaleString('en')} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else console.log(`rollups: ${await foldAll(database.db)} pending change(s) folded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await database.exec('VACUUM ANALYZE ticket_rollups');
  const [size] = await database.query<{ rows: number; mb: number }>("SELECT count(*)::int AS rows, (pg_total_relation_size('ticket_rollups') / 1048576)::int AS mb FROM ticket_rollups");
  console.log(`ticket_rollups: ${size.rows.toLocaleString('en')} rows, ${size.mb} MB with its index`);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

const PASSWORD = 'Bench@2026-dashboard';
const [existing] = await database.query<{ id: string }>("SELECT id FROM users WHERE username = 'bench.county'");
if (!existing) await createUserWithGrants(database.db, { username: 'bench.county', displayName: '区县压测', password: PASSWORD, grants: [{ role: 'county_staff', scopeCode: COUNTY }] });

const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, RATE_LIMIT: '10000000' }), database, cipher: new PersonalDataCipher({ id: 'bench', key: Buffer.alloc(32, 1) }), logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.county', password: PASSWORD }) });
if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

// One year ending yesterday, Shanghai days; the county, and each request a year ending on another day of the last week.
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 - offset * 86_400_000).toISOString().slice(0, 10);
const periods = Array.from({ length: 7 }, (_, i) => ({ from: day(365 + i), to: day(1 + i) }));
const q = (p: { from: string; to: string }) => `place=${COUNTY}&from=${p.from}&to=${p.to}`;
for (const p of periods.slice(0, 2)) await fetch(`${base}/api/v1/supervision/tickets?${q(p)}`); // warm-up
const n = Number(values.requests);
const times: number[] = [];
let received = 0;
let lastRolled: TicketDashboard | null = null;
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/supervision/tickets?${q(periods[i % periods.length])}`, { headers: { cookie } });
  const body = (await res.json()) as TicketDashboard;
  times.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`dashboard answered ${res.status}: ${JSON.stringify(body)}`);
  received = body.totals.received;
  if (i % periods.length === 0) lastRolled = body;
}

const actor = { userId: '00000000-0000-4000-8000-000000000000', username: 'bench', displayName: 'bench', residentId: null, grants: [{ id: 'g', role: 'county_staff' as const, scopeKind: 'place' as const, scopeCode: COUNTY, scopeName: COUNTY, reach: [COUNTY] }] };
const mt: number[] = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  await getTicketMetrics(database.db, actor, { place: COUNTY, ...periods[i % periods.length] });
  mt.push(performance.now() - t0);
}
// The live dashboard (no rollups) for the same county and year, and the rollups' figures against it.
const lt: number[] = [];
let live: TicketDashboard | null = null;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  live = await getTicketDashboard(database.db, actor, { place: COUNTY, ...periods[0] }, { live: true });
  lt.push(performance.now() - t0);
}
const same = (a: TicketDashboard, b: TicketDashboard) => {
  const byCode = (rows: TicketDashboard['byPlace']) => rows.map((r) => ({ ...r, metrics: { ...r.metrics, p90HoursToClose: null } })).sort((x, y) => x.code.localeCompare(y.code));
  const drop = (d: TicketDashboard) => JSON.stringify({ ...d, overdue: null, totals: { ...d.totals, p90HoursToClose: null }, byPlace: byCode(d.byPlace), byCommunity: byCode(d.byCommunity), byTeam: d.byTeam.length });
  return drop(a) === drop(b);
};
console.log(`tickets in the table: ${total.toLocaleString('en')}; ${COUNTY} received in a year: ${received.toLocaleString('en')}`);
console.log(`rollups' figures equal the live scan's (all but the 90th percentile of hours, kept by the whole hour): ${lastRolled && live ? same(lastRolled, live) : 'not compared'}; p90 ${lastRolled?.totals.p90HoursToClose} vs ${live?.totals.p90HoursToClose} h`);
console.log(`baseline: the live dashboard (scan + metrics, no rollups), same county and year, 5 runs: ${fmt(lt)}`);
console.log(`baseline: the national metrics query alone (ticket-metrics), same county and year, 10 runs: ${fmt(mt)}`);
console.log(`dashboard API over HTTP (GET /api/v1/supervision/tickets, county ${COUNTY}, one year), ${n} requests: ${fmt(times)}  [target p99 < 300 ms]`);
await app.close();
await database.close();
