/**
 * "Everything under this community" must use the path (code-prefix) index, not a scan.
 * Prints EXPLAIN (ANALYZE, BUFFERS) of the subtree queries against a seeded city database.
 *   DATABASE_URL=postgres://…/linli_city npx tsx bench/explain-subtree.ts [community-code]
 */
import { openPostgres } from '../server/src/platform/db.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a database seeded with `linli seed --scale city`)');
  process.exit(2);
}
const community = process.argv[2] ?? '140602001001';
const db = await openPostgres(url, 1);
await db.exec('ANALYZE places');
await db.exec('ANALYZE residents');
const queries: Array<[string, string]> = [
  ['places under the community', `SELECT count(*) FROM places WHERE code LIKE '${community}%'`],
  ['residents under the community', `SELECT count(*) FROM residents WHERE household_code LIKE '${community}%'`],
  ['one page of residents under a building', `SELECT id, name FROM residents WHERE household_code LIKE '${community}001001%' ORDER BY household_code LIMIT 50`],
];
for (const [title, q] of queries) {
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q}`);
  console.log(`\n## ${title}\n${q}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
}
await db.close();
