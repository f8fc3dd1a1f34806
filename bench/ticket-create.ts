/**
 * Issue 4: sustained ticket creation over HTTP — autocannon keeping a number of connections busy with
 * residents' reports, each with an Idempotency-Key of its own — against a raw insert of the same rows
 * (the ticket and its register and dispatch events, one transaction each) through `pg` at the same
 * concurrency, in the same run. Target: HTTP at least 50 % of raw.
 *   DATABASE_URL=postgres://…/<fresh database> npx tsx bench/ticket-create.ts [--seconds 10] [--concurrency 10,30,50]
 * Each level of concurrency runs HTTP, then raw, on emptied tables; the table at the end gives every
 * level's ratio and the sustained one: each side's best throughput over the levels (creates are written
 * in batches, so HTTP gains with load while raw, a transaction a ticket, is at its ceiling early).
 * autocannon runs in a process of its own (it would otherwise take the server's event loop). Also
 * measured in the same run: the HTTP floor, GET /api/health (no database) with the same load, which
 * bounds what any route can do on this machine; the CPU per ticket of this process, PostgreSQL's
 * backends and the load generator; the load average. */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { cpuMsOf } from './support/cpu.js';
import { parseArgs } from 'node:util';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { loadConfig } from '../server/src/config.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { buildApp } from '../server/src/app.js';
import { seedDemoCity, DEMO_PASSWORD } from '../server/src/seed/demo-city.js';
import { bootstrapTierTeams } from '../server/src/modules/teams/teams.service.js';
import { createsOf } from '../server/src/modules/tickets/ticket-create.service.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '10,30,50' } } });
const seconds = Number(values.seconds);
/** The connections kept busy, one level after another (each level: HTTP, then raw at the same concurrency). */
const levels = values.concurrency.split(',').map(Number);
if (levels.some((c) => !Number.isInteger(c) || c < 1 || c > 80)) {
  console.error('--concurrency: whole numbers from 1 to 80, comma-separated (PostgreSQL allows 100 connections)');
  process.exit(2);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a fresh database: the bench seeds the small demo city into it)');
  process.exit(2);
}
const database = await openPostgres(url, Math.max(...levels) + 4);
await migrate(database);
const cipher = new PersonalDataCipher({ id: 'bench', key: Buffer.alloc(32, 3) });
const { codes } = await seedDemoCity(database.db, cipher);
const admin = { userId: '00000000-0000-4000-8000-000000000000', username: 'bench', displayName: 'bench', residentId: null, grants: [{ id: 'g', role: 'city_admin' as const, scopeKind: 'place' as const, scopeCode: '1406', scopeName: '朔州市', reach: ['1406'] }] };
await bootstrapTierTeams(database.db, admin, codes.community);

const app = await buildApp({
  config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, RATE_LIMIT: '10000000', LOGIN_RATE_LIMIT: '100000' }),
  database,
  cipher,
  logger: false,
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'resident', password: DEMO_PASSWORD }) });
const cookie = login.headers.get('set-cookie')!.split(';')[0];
const { csrfToken } = (await login.json()) as { csrfToken: string };

/** Runs `op` from `concurrency` workers for `seconds`; returns completed operations per second. */
async function sustained(concurrency: number, op: (i: number) => Promise<void>): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await op(n++);
        done++;
      }
    }),
  );
  return done / seconds;
}

interface Load {
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  cpuMs: number;
}
/** Runs the load generator in a child process for `seconds`. */
function load(concurrency: number, o: { url: string; cookie?: string; csrf?: string; ticket?: boolean }): Promise<Load> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./support/load-child.ts', import.meta.url).pathname, JSON.stringify({ ...o, connections: concurrency, seconds })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Load) : reject(new Error(`load generator exited with ${code}`))));
  });
}

/**
 * CPU time so far, in ms, of this process (server and raw writer) and PostgreSQL's backends serving
 * this database; the load generator reports its own. The machine is shared: its other work is not counted.
 */
async function cpuMs(): Promise<{ own: number; db: number }> {
  const backends = await database.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const own = process.cpuUsage();
  return { own: (own.user + own.system) / 1000, db: backends.reduce((a, b) => a + cpuMsOf(b.pid), 0) };
}
/** CPU used since `c0`: this process, the database, the load generator (`loader` ms) and their sum, per ticket. */
async function cpuSince(c0: { own: number; db: number }, tickets: number, loader = 0) {
  const c = await cpuMs();
  const own = (c.own - c0.own) / tickets;
  const db = (c.db - c0.db) / tickets;
  const gen = loader / tickets;
  return { own, db, gen, all: own + db + gen, text: `${(own + db + gen).toFixed(2)} ms (this process ${own.toFixed(2)}, PostgreSQL ${db.toFixed(2)}${loader ? `, load generator ${gen.toFixed(2)}` : ''})` };
}

const texts = ['楼道杂物乱堆堵住消防通道', '单元门口广告乱贴', '车辆乱停占用消防通道', '垃圾乱扔无人清理'];
const [team] = await database.query<{ id: string }>("SELECT id FROM teams WHERE kind = 'unit_team' AND place_code = $1", [codes.unit]);
/** What the levels leave in the tables is taken out before the next, so that each starts alike. */
const CLEARED = ['tickets', 'ticket_events', 'ticket_followers', 'notifications', 'idempotency_keys', 'audit_log', 'ticket_rollup_deltas'];
let seq = 0;

interface Level {
  concurrency: number;
  http: number;
  raw: number;
  floor: number;
}
const results: Level[] = [];
console.log(`ticket creation for ${seconds} s at each concurrency, HTTP then raw (load average ${loadavg()[0].toFixed(1)} at the start):`);
for (const concurrency of levels) {
  await database.exec(`TRUNCATE ${CLEARED.join(', ')}`);
  const floor = await load(concurrency, { url: `${base}/api/health` });
  const before = { ...createsOf(database.db).stats };
  const cpu0 = process.cpuUsage();
  const c0 = await cpuMs();
  const result = await load(concurrency, { url: `${base}/api/v1/tickets`, cookie, csrf: csrfToken, ticket: true });
  const cpu = process.cpuUsage(cpu0);
  if (result.non2xx || result.errors || result.timeouts) throw new Error(`creates failed: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  const [{ created }] = await database.query<{ created: number }>('SELECT count(*)::int AS created FROM tickets');
  const httpCpu = await cpuSince(c0, created, result.cpuMs);
  const http = created / seconds;

  // The same rows written directly: one ticket and its two events per transaction.
  const c1 = await cpuMs();
  const raw = await sustained(concurrency, async () => {
    const id = randomUUID();
    const k = ++seq;
    await database.transaction(async (c) => {
      await c.query(
        `INSERT INTO tickets (id, number, title, description, category_code, urgency, channel, status, place_code, compound_code, community_code, township_code, county_code, grid_code, tier, team_id, deadline_at, tier_deadline_at, search_text, version)
         VALUES ($1, $2, $3, $3, 'clutter', 'general', 'resident', 'dispatched', $4, $5, $6, $7, $8, $9, 'unit_team', $10, now() + interval '7 days', now() + interval '1 day', '楼道 杂物', 2)`,
        [id, `R${String(k).padStart(12, '0')}`, texts[k % texts.length], codes.household, codes.compound, codes.community, codes.township, codes.county, codes.gridA, team.id],
      );
      await c.query("INSERT INTO ticket_events (ticket_id, seq, type, actor_role, data, county_code) VALUES ($1, 1, 'register', 'resident', '{}', $2)", [id, codes.county]);
      await c.query("INSERT INTO ticket_events (ticket_id, seq, type, actor_role, data, county_code) VALUES ($1, 2, 'dispatch', 'system', '{}', $2)", [id, codes.county]);
    });
  });
  const rawCpu = await cpuSince(c1, raw * seconds);
  const after = createsOf(database.db).stats;
  const batches = after.batches - before.batches;
  const jobs = after.jobs - before.jobs;
  results.push({ concurrency, http, raw, floor: floor.total / seconds });
  console.log(`\n  ${concurrency} at a time (load average ${loadavg()[0].toFixed(1)}):`);
  console.log(`    over HTTP (POST /api/v1/tickets, autocannon: session, idempotency, routing, dispatch, events, inbox, bus, audit): ${http.toFixed(0)} tickets/s`);
  console.log(`      (${created} created, p50 ${result.p50} ms, p99 ${result.p99} ms; the server process used ${((cpu.user + cpu.system) / 1000 / created).toFixed(2)} ms of CPU per ticket)`);
  console.log(`      (group commit: ${jobs} creates in ${batches} transactions, ${(jobs / Math.max(1, batches)).toFixed(1)} a transaction on average; ${after.doneAlone - before.doneAlone} written again alone)`);
  console.log(`    HTTP floor, GET /api/health (no database) under the same load: ${(floor.total / seconds).toFixed(0)} requests/s`);
  console.log(`    raw insert through pg (ticket + 2 events per transaction): ${raw.toFixed(0)} tickets/s`);
  console.log(`    CPU per ticket: HTTP ${httpCpu.text}; raw ${rawCpu.text}`);
  console.log(`    HTTP / raw = ${((http / raw) * 100).toFixed(0)} %`);
}

const best = (k: 'http' | 'raw') => results.reduce((a, b) => (b[k] > a[k] ? b : a));
console.log('\n  concurrency | HTTP tickets/s | raw tickets/s | HTTP / raw');
for (const r of results) console.log(`  ${String(r.concurrency).padStart(11)} | ${r.http.toFixed(0).padStart(14)} | ${r.raw.toFixed(0).padStart(13)} | ${((r.http / r.raw) * 100).toFixed(0).padStart(8)} %`);
const [h, r] = [best('http'), best('raw')];
console.log(
  `  sustained (the best of each over these levels): HTTP ${h.http.toFixed(0)}/s at ${h.concurrency}, raw ${r.raw.toFixed(0)}/s at ${r.concurrency} = ${((h.http / r.raw) * 100).toFixed(0)} %  [target at least 50 %]`,
);
await app.close();
await database.close();
