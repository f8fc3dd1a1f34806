/**
 * Issue 4 read paths on PostgreSQL with 2 M tickets: the public list's p99 over HTTP (target < 50 ms)
 * and one county's metrics for a month (target < 200 ms).
 *   DATABASE_URL=postgres://…/linli_city npx tsx bench/tickets-read.ts [--rows 2000000] [--requests 400]
 * The database must hold a seeded city (`linli seed --scale city`); bench tickets are added once.
 */
import { parseArgs } from 'node:util';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { loadConfig } from '../server/src/config.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { buildApp } from '../server/src/app.js';
import { getTicketMetrics } from '../server/src/modules/tickets/ticket-metrics.service.js';
import { ensureBenchTickets } from './support/ticket-fixture.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '2000000' }, requests: { type: 'string', default: '400' } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database seeded with `linli seed --scale city`)');
  process.exit(2);
}
const database = await openPostgres(url, 10);
await migrate(database);
const total = await ensureBenchTickets(database, Number(values.rows));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms`;

const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, RATE_LIMIT: '10000000' }), database, cipher: new PersonalDataCipher({ id: 'bench', key: Buffer.alloc(32, 1) }), logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const queries = ['', '?category=noise', '?place=140602', '?place=140602001001', '?status=open', `?q=${encodeURIComponent('消防通道')}`, '?page=5', `?place=140681&q=${encodeURIComponent('噪音')}`];
for (const q of queries) await fetch(`${base}/api/v1/public/tickets${q}`); // warm-up
const times: number[] = [];
const n = Number(values.requests);
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/public/tickets${queries[i % queries.length]}`);
  await res.arrayBuffer();
  times.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`public list answered ${res.status}`);
}
console.log(`tickets in the table: ${total.toLocaleString('en')}`);
console.log(`public list over HTTP, ${n} requests across ${queries.length} filters: ${fmt(times)}  [target p99 < 50 ms]`);

const actor = { userId: '00000000-0000-4000-8000-000000000000', username: 'bench', displayName: 'bench', residentId: null, grants: [{ id: 'g', role: 'city_admin' as const, scopeKind: 'place' as const, scopeCode: '1406', scopeName: '朔州市', reach: ['1406'] }] };
const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7);
const last = new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0).getDate();
const mt: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  await getTicketMetrics(database.db, actor, { place: '140602', from: `${month}-01`, to: `${month}-${last}` });
  mt.push(performance.now() - t0);
}
const report = await getTicketMetrics(database.db, actor, { place: '140602', from: `${month}-01`, to: `${month}-${last}` });
console.log(`metrics of 140602 朔城区 for ${month} (${report.totals.received.toLocaleString('en')} received, ${report.byPlace.length} townships, ${report.byTeam.length} teams), 20 runs: ${fmt(mt)}  [target < 200 ms]`);
await app.close();
await database.close();
