/**
 * The party-organisation coverage plan for the whole city (issue 3: under 5 s on PostgreSQL).
 * Runs the plan for the city code against a database seeded with `linli seed --scale city`,
 * three times, and prints each time, the plan's size, and the `linli coverage 1406 --json` end to end.
 *   DATABASE_URL=postgres://…/linli_city npx tsx bench/coverage-city.ts [place-code]
 */
import { spawnSync } from 'node:child_process';
import { openPostgres } from '../server/src/platform/db.js';
import { computeCoveragePlan } from '../server/src/modules/party/party.service.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database seeded with `linli seed --scale city`)');
  process.exit(2);
}
const code = process.argv[2] ?? '1406';
const db = await openPostgres(url, 4);
const [{ residents }] = await db.query<{ residents: number }>('SELECT count(*)::int AS residents FROM residents');
const [{ members }] = await db.query<{ members: number }>("SELECT count(*)::int AS members FROM party_members WHERE status = 'full' AND membership_kept = 'community'");
console.log(`city: ${residents.toLocaleString('en')} residents, ${members.toLocaleString('en')} full members kept in their community`);
for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  const { plan } = await computeCoveragePlan(db.db, code);
  const ms = performance.now() - t0;
  const groups = plan.branches.reduce((n, b) => n + b.groups.length, 0);
  console.log(`run ${run}: ${(ms / 1000).toFixed(2)} s — ${plan.branches.length} branches (${plan.branches.filter((b) => b.kind === 'joint').length} joint), ${groups} groups, ${plan.uncovered.length} uncovered compounds  [target < 5 s]`);
}
await db.close();
const t0 = performance.now();
const cli = spawnSync(process.execPath, ['bin/linli.js', 'coverage', code, '--json'], { env: { ...process.env, LOG_LEVEL: 'warn' }, encoding: 'utf8', maxBuffer: 1 << 28 });
console.log(`linli coverage ${code} --json, whole process: ${((performance.now() - t0) / 1000).toFixed(2)} s, exit ${cli.status}, ${cli.stdout.length.toLocaleString('en')} bytes of JSON`);
