/**
 * Escalating 10,000 overdue tickets among 2,000,000 (issue 4: one sweep under 10 s on PostgreSQL).
 * On a database of its own: migrates, seeds the demo city with its tier teams if empty, fills the
 * tickets table in bulk (INSERT … SELECT generate_series; most tickets closed, each with its register
 * and dispatch events), makes exactly --overdue of the open ones overdue at their tier, then times one
 * sweep (`sweepOverdue`, the job `linli serve` runs and `linli escalate --now` runs once) with the
 * notification hook installed as the server installs it (inbox rows for the responders of each
 * escalated ticket, a bus message each), and checks that every overdue ticket got exactly one
 * escalate event. A second run reuses the tickets.
 *   createdb -h 127.0.0.1 -U postgres linli_bench_escalation
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/linli_bench_escalation npx tsx bench/escalation.ts [--tickets 2000000] [--overdue 10000]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { seedDemoCity } from '../server/src/seed/demo-city.js';
import { bootstrapTierTeams } from '../server/src/modules/teams/teams.service.js';
import { seedTicketCategories } from '../server/src/modules/tickets/ticket-categories.service.js';
import { sweepOverdue } from '../server/src/modules/tickets/ticket-escalation.js';
import { installTicketNotifications } from '../server/src/modules/notifications/ticket-notifications.js';
import type { Actor } from '../server/src/platform/access.js';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '2000000' }, overdue: { type: 'string', default: '10000' } } });
const total = Number(values.tickets);
const overdue = Number(values.overdue);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database of its own: the bench fills its tickets table)');
  process.exit(2);
}
const database = await openPostgres(url, 8);
const q = database.query.bind(database);
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

await migrate(database);
const cipher = new PersonalDataCipher({ id: 'bench', key: randomBytes(32) });
installTicketNotifications(cipher);
const [{ places }] = await q<{ places: number }>('SELECT count(*)::int AS places FROM places');
if (!places) {
  const t0 = performance.now();
  const { codes } = await seedDemoCity(database.db, cipher);
  const [admin] = await q<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`);
  const actor: Actor = { userId: admin.id, username: 'admin', displayName: 'admin', residentId: null, grants: [{ id: 'g', role: 'city_admin', scopeKind: 'place', scopeCode: '1406', scopeName: '朔州市', reach: ['1406'] }] };
  for (const community of await q<{ code: string }>(`SELECT DISTINCT substr(code, 1, 12) AS code FROM places WHERE level = 'compound'`)) {
    await bootstrapTierTeams(database.db, actor, community.code);
  }
  console.log(`demo city seeded with tier teams in ${secs(t0)} s (community ${codes.community})`);
}
await seedTicketCategories(database.db);

const [{ have }] = await q<{ have: number }>('SELECT count(*)::int AS have FROM tickets');
if (have !== total) {
  const t0 = performance.now();
  await database.exec('TRUNCATE tickets, ticket_events');
  const households = (await q<{ code: string }>(`SELECT code FROM places WHERE level = 'household' ORDER BY code`)).map((r) => r.code);
  const categories = (await q<{ code: string }>('SELECT code FROM ticket_categories ORDER BY sort')).map((r) => r.code);
  const chunk = 250_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    // By g % 100: 80 closed, 3 cancelled, 1 merged, 1 shelved, 3 reported, 6 in progress, 6 dispatched;
    // created over the last year; open ones at one of the four lower tiers with a deadline still running.
    await q(
      `WITH s AS (
         SELECT g, g % 100 AS r, now() - make_interval(mins => ((g::bigint * 7919) % 525600)::int) AS created,
                ($1::text[])[1 + g % array_length($1::text[], 1)] AS household,
                ($2::text[])[1 + g % array_length($2::text[], 1)] AS category
         FROM generate_series($3::int, $4::int) g
       ), t AS (
         SELECT *, CASE WHEN r < 80 THEN 'closed' WHEN r < 83 THEN 'cancelled' WHEN r < 84 THEN 'merged' WHEN r < 85 THEN 'shelved'
                        WHEN r < 88 THEN 'reported' WHEN r < 94 THEN 'in_progress' ELSE 'dispatched' END AS status
         FROM s
       )
       INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, compound_code, community_code,
                            township_code, county_code, tier, deadline_at, tier_deadline_at, closed_at, closed_on_time, search_text, version, created_at, updated_at)
       SELECT to_char(created, 'YYYYMMDD') || lpad(g::text, 8, '0'), '楼道杂物堆放', '单元楼道里堆满了纸箱和旧家具，影响通行', category,
              (ARRAY['general', 'general', 'urgent', 'complex', 'emergency'])[1 + g % 5], (ARRAY['resident', 'resident', 'patrol', 'phone'])[1 + g % 4], status,
              household, substr(household, 1, 15), substr(household, 1, 12), substr(household, 1, 9), substr(household, 1, 6),
              CASE WHEN status IN ('dispatched', 'in_progress') THEN (ARRAY['unit_team', 'building_team', 'compound_team', 'community'])[1 + g % 4] ELSE 'community' END,
              created + interval '7 days',
              CASE WHEN status IN ('dispatched', 'in_progress') THEN now() + make_interval(hours => 1 + g % 48) END,
              CASE WHEN status = 'closed' THEN created + interval '3 days' END,
              CASE WHEN status = 'closed' THEN true END,
              '楼道 杂物 堆放 纸箱', 2, created, created
       FROM t`,
      [households, categories, from, to],
    );
    process.stdout.write(`\rtickets ${to.toLocaleString('en')} / ${total.toLocaleString('en')}`);
  }
  process.stdout.write(`\nevents …`);
  await q(
    `INSERT INTO ticket_events (ticket_id, seq, type, actor_role, at, note, data, county_code)
     SELECT id, s.seq, s.type, s.role, created_at + make_interval(mins => s.seq - 1), NULL, '{}', county_code
     FROM tickets, (VALUES (1, 'register', 'resident'), (2, 'dispatch', 'community_staff')) s(seq, type, role)`,
  );
  await database.exec('ANALYZE tickets');
  await database.exec('ANALYZE ticket_events');
  console.log(` ${(total * 2).toLocaleString('en')} events; filled in ${secs(t0)} s`);
}

// Exactly `overdue` open tickets past their tier deadline (a rerun first puts the last run's back on time).
await q(`UPDATE tickets SET tier_deadline_at = now() + interval '1 day' WHERE status IN ('dispatched', 'in_progress') AND tier_deadline_at <= now()`);
await q(
  `UPDATE tickets SET tier_deadline_at = now() - make_interval(mins => 1 + (abs(hashtext(id::text)) % 600))
   WHERE id IN (SELECT id FROM tickets WHERE status IN ('dispatched', 'in_progress') AND tier <> 'department' ORDER BY number LIMIT $1)`,
  [overdue],
);
await database.exec('VACUUM ANALYZE tickets');
const counts = await q<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM tickets GROUP BY status ORDER BY n DESC');
console.log(`tickets: ${counts.map((c) => `${c.status} ${c.n.toLocaleString('en')}`).join(', ')}`);
const plan = await q<{ 'QUERY PLAN': string }>(
  `EXPLAIN ANALYZE SELECT id FROM tickets WHERE status IN ('dispatched', 'in_progress') AND tier_deadline_at <= now() AND tier <> 'department' ORDER BY tier_deadline_at, id LIMIT 50000`,
);
console.log(`candidate query: ${plan.map((p) => p['QUERY PLAN']).filter((l) => /Index|Execution Time/.test(l)).map((l) => l.trim()).join(' | ')}`);

const [{ before, inboxBefore }] = await q<{ before: number; inboxBefore: number }>(
  `SELECT (SELECT count(*)::int FROM ticket_events WHERE type = 'escalate') AS before, (SELECT count(*)::int FROM notifications) AS "inboxBefore"`,
);
const t0 = performance.now();
const r = await sweepOverdue(database);
const seconds = (performance.now() - t0) / 1000;
const [{ after, once, inbox }] = await q<{ after: number; once: number; inbox: number }>(
  `SELECT count(*)::int AS after, count(DISTINCT ticket_id)::int AS once, (SELECT count(*)::int FROM notifications) AS inbox FROM ticket_events WHERE type = 'escalate'`,
);
console.log(
  `sweep: escalated ${r.escalated.toLocaleString('en')} of ${r.overdue.toLocaleString('en')} overdue among ${total.toLocaleString('en')} tickets in ${seconds.toFixed(2)} s ` +
    `(${r.skipped} skipped, ${r.failed} failed; ${(after - before).toLocaleString('en')} escalate events, ${once.toLocaleString('en')} tickets ever escalated, ` +
    `${(inbox - inboxBefore).toLocaleString('en')} inbox rows)  [target < 10 s]`,
);
if (r.failures.length) console.log('first failures:', r.failures.slice(0, 3));
await database.close();
