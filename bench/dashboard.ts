/**
 * Issue 5: the dashboard API for one county over one year with 2 M tickets in the table, p99 over HTTP
 * (target < 300 ms), beside the baseline measured in the same run: the national metrics query alone
 * (ticket-metrics, one of the dashboard's parts) for the same county and year.
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
await database.exec('ANALYZE tickets');

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
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/supervision/tickets?${q(periods[i % periods.length])}`, { headers: { cookie } });
  const body = (await res.json()) as { totals: { received: number } };
  times.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`dashboard answered ${res.status}: ${JSON.stringify(body)}`);
  received = body.totals.received;
}

const actor = { userId: '00000000-0000-4000-8000-000000000000', username: 'bench', displayName: 'bench', residentId: null, grants: [{ id: 'g', role: 'county_staff' as const, scopeKind: 'place' as const, scopeCode: COUNTY, scopeName: COUNTY, reach: [COUNTY] }] };
const mt: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  await getTicketMetrics(database.db, actor, { place: COUNTY, ...periods[i % periods.length] });
  mt.push(performance.now() - t0);
}
console.log(`tickets in the table: ${total.toLocaleString('en')}; ${COUNTY} received in a year: ${received.toLocaleString('en')}`);
console.log(`baseline: the national metrics query alone (ticket-metrics), same county and year, 30 runs: ${fmt(mt)}`);
console.log(`dashboard API over HTTP (GET /api/v1/supervision/tickets, county ${COUNTY}, one year), ${n} requests: ${fmt(times)}  [target p99 < 300 ms]`);
await app.close();
await database.close();
