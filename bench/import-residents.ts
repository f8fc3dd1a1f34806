/**
 * Resident import against a raw COPY, in the same run on the same PostgreSQL (issue 3: "within 3×").
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import -- [--rows 1600000] [--writers 2] [--create-households] [--reimport] [--keep]
 * Creates a fresh database, a community with compounds/buildings/units (and households unless
 * --create-households, when the import creates them), writes N synthetic residents as CSV, then times
 *   (a) `importFile` end to end: read and parse the CSV, check every row, encrypt and hash, upsert, party members;
 *   (b) `COPY residents (…) FROM STDIN` of the same rows, already encrypted, into a fresh copy of the table.
 * With --repeat R, (a) and (b) alternate R times on emptied tables (the load of a shared machine drifts
 * over minutes; alternating pairs see the same drift) and the median ratio is reported with the spread.
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openPostgres } from '../server/src/platform/db.js';
import { migrate } from '../server/src/platform/migrate.js';
import { PersonalDataCipher } from '../server/src/platform/crypto.js';
import { addPlaces, type NewPlace } from '../server/src/modules/places/places.service.js';
import { importFile } from '../server/src/modules/registry/import/import.service.js';
import { copyWriterFor } from '../server/src/modules/registry/import/import.copy.js';
import { IMPORT_COLUMNS } from '../contracts/registry-import.js';
import { idCheckDigit, maskIdNumber, maskMobile } from '../contracts/validation.js';
import { mobile, personName, prng } from '../server/src/seed/people.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1600000' },
    writers: { type: 'string', default: '2' },
    'create-households': { type: 'boolean', default: false },
    reimport: { type: 'boolean', default: false },
    'no-copy': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
});
const N = Number(values.rows);
// Each repeat starts from empty residents tables; households the import created would be there already.
const REPEAT = values['create-households'] ? 1 : Math.max(1, Number(values.repeat) || 1);
const url = process.env.DATABASE_URL;
if (!url || !Number.isInteger(N) || N < 1) {
  console.error('usage: DATABASE_URL=postgres://… npx tsx bench/import-residents.ts [--rows N] [--create-households] [--reimport] [--keep]');
  process.exit(2);
}

const COMMUNITY = '140602001001';
const COUNTY = COMMUNITY.slice(0, 6);
const out = join(import.meta.dirname, 'out');
mkdirSync(out, { recursive: true });
const csvPath = join(out, `residents-${N}.csv`);
const copyPath = join(out, `residents-${N}.copy`);
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const log = (s: string) => console.error(`[bench] ${s}`);

// A fresh database of its own.
const dbName = `linli_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const u = new URL(url);
u.pathname = `/${dbName}`;
const benchUrl = u.toString();
const database = await openPostgres(benchUrl, 4);
await migrate(database);
const cipher = new PersonalDataCipher({ id: 'bench001', key: randomBytes(32) });

// The place tree: 20 buildings × 3 units × 36 households per compound, as many compounds as needed (~2.7 people per household).
const HOUSEHOLDS_PER_UNIT = 36;
const tree: NewPlace[] = [
  { code: '1406', name: '朔州市', level: 'city' },
  { code: COUNTY, name: '朔城区', level: 'county' },
  { code: COMMUNITY.slice(0, 9), name: '北城街道', level: 'township' },
  { code: COMMUNITY, name: '马邑路中心社区', level: 'community' },
];
const perCompound = 20 * 3 * HOUSEHOLDS_PER_UNIT;
const compounds = Math.ceil(N / 2.7 / perCompound) + 1;
if (compounds > 999) throw new Error('too many rows for one community (999 compounds)');
const households: Array<{ code: string; compound: string; building: string; unit: string; room: string }> = [];
for (let c = 1; c <= compounds; c++) {
  const cc = COMMUNITY + String(c).padStart(3, '0');
  const cname = `小区${c}`;
  tree.push({ code: cc, name: cname, level: 'compound' });
  for (let b = 1; b <= 20; b++) {
    const bc = cc + String(b).padStart(3, '0');
    tree.push({ code: bc, name: `${b}号楼`, level: 'building' });
    for (let un = 1; un <= 3; un++) {
      const uc = bc + String(un).padStart(2, '0');
      tree.push({ code: uc, name: `${un}单元`, level: 'unit' });
      for (let h = 0; h < HOUSEHOLDS_PER_UNIT; h++) {
        const room = String((Math.floor(h / 2) + 1) * 100 + (h % 2) + 1);
        const hc = uc + room.padStart(4, '0');
        if (!values['create-households']) tree.push({ code: hc, name: `${room}室`, level: 'household' });
        households.push({ code: hc, compound: cname, building: `${b}号楼`, unit: `${un}单元`, room });
      }
    }
  }
}
let t0 = process.hrtime.bigint();
await addPlaces(database.db, tree);
log(`${tree.length} places in ${seconds(t0).toFixed(1)} s`);

// N residents with unique, valid ID numbers: the i-th gets birth day i mod 29,000 and sequence i div 29,000.
const rng = prng(1600);
const DAYS = 29_000;
const BASE = Date.UTC(1940, 0, 1);
const csv = createWriteStream(csvPath);
const copy = createWriteStream(copyPath);
const write = async (s: NodeJS.WritableStream, text: string) => {
  if (!s.write(text)) await once(s, 'drain');
};
const ORGS = ['朔州市某单位党支部', '朔城区某学校党支部', '朔州市某企业党委'];
const TAGS = ['独居老人', '残疾', '退役军人', '低保'];
t0 = process.hrtime.bigint();
await write(csv, IMPORT_COLUMNS.join(',') + '\n');
let hh = 0;
let left = 0;
let pos = 0;
for (let i = 0; i < N; i++) {
  if (left === 0) {
    hh++;
    left = rng.pick([1, 2, 2, 3, 3, 3, 4]);
    pos = 0;
  }
  const relation = pos === 0 ? '本人' : pos === 1 ? '配偶' : rng.chance(0.5) ? '子' : '女';
  left--;
  pos++;
  const h = households[hh % households.length];
  const seq = Math.floor(i / DAYS);
  const birth = new Date(BASE + (i % DAYS) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = COUNTY + birth + String(seq).padStart(3, '0');
  const id = first17 + idCheckDigit(first17);
  const gender = seq % 2 === 1 ? '男' : '女';
  const tel = rng.chance(0.9) ? mobile(rng) : '';
  const party = rng.chance(0.12);
  const political = party ? (rng.chance(0.85) ? '中共党员' : '中共预备党员') : rng.chance(0.05) ? '共青团员' : '群众';
  const org = party ? (rng.chance(0.85) ? '本社区' : rng.pick(ORGS)) : '';
  const residence = rng.chance(0.9) ? '常住' : rng.pick(['暂住', '空挂户']);
  const tags = rng.chance(0.05) ? rng.pick(TAGS) : '';
  const name = personName(rng, gender);
  await write(csv, [name, gender, id, tel, h.compound, h.building, h.unit, h.room, relation, political, org, residence, tags].join(',') + '\n');
  // The same row as the import would store it, for COPY (text format; \N is NULL).
  const row = [
    h.code,
    COUNTY,
    name,
    gender,
    `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
    cipher.encrypt(id),
    cipher.hash(id),
    maskIdNumber(id),
    tel ? cipher.encrypt(tel) : '\\N',
    tel ? cipher.hash(tel) : '\\N',
    tel ? maskMobile(tel) : '\\N',
    relation,
    residence,
    political,
    tags ? `{${tags}}` : '{}',
  ];
  await write(copy, row.join('\t') + '\n');
}
csv.end();
copy.end();
await Promise.all([once(csv, 'finish'), once(copy, 'finish')]);
log(`${N} rows written as CSV and COPY text in ${seconds(t0).toFixed(1)} s`);

const importOnce = () =>
  importFile(database.db, cipher, { path: csvPath, fileName: 'bench.csv', communityCode: COMMUNITY, createPlaces: false, operator: 'bench', writers: Number(values.writers), copy: values['no-copy'] ? null : copyWriterFor(database) });
await database.exec('CREATE TABLE residents_copy (LIKE residents INCLUDING ALL)');
const client = new pg.Client({ connectionString: benchUrl });
await client.connect();
const pairs: Array<{ importS: number; copyS: number }> = [];
let reimportS: number | null = null;
for (let r = 1; r <= REPEAT; r++) {
  if (r > 1) await database.exec('TRUNCATE party_members, residents, residents_copy');
  // (a) The import, end to end.
  await database.exec('CHECKPOINT');
  t0 = process.hrtime.bigint();
  const s = await importOnce();
  const importS = seconds(t0);
  log(`[${r}/${REPEAT}] import: ${s.imported} imported, ${s.updated} updated, ${s.rejected.length} rejected in ${importS.toFixed(1)} s`);
  if (s.imported !== N || s.rejected.length) throw new Error(`expected ${N} imported and none rejected: ${JSON.stringify(s.rejected.slice(0, 5))}`);

  if (values.reimport && r === 1) {
    await database.exec('CHECKPOINT');
    t0 = process.hrtime.bigint();
    const again = await importOnce();
    reimportS = seconds(t0);
    log(`re-import: ${again.imported} imported, ${again.updated} updated in ${reimportS.toFixed(1)} s`);
  }

  // (b) Raw COPY of the same rows into a fresh copy of the table (same columns, defaults and indexes).
  await database.exec('CHECKPOINT');
  t0 = process.hrtime.bigint();
  await pipeline(
    createReadStream(copyPath, { highWaterMark: 1 << 20 }),
    client.query(
      copyFrom(
        'COPY residents_copy (household_code, county_code, name, gender, birth_date, id_number_enc, id_number_hash, id_number_masked, mobile_enc, mobile_hash, mobile_masked, relation, residence_status, political_status, tags) FROM STDIN',
      ),
    ),
  );
  const copyS = seconds(t0);
  const [{ n }] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM residents_copy')).rows;
  log(`[${r}/${REPEAT}] COPY: ${n} rows in ${copyS.toFixed(1)} s; ratio ${(importS / copyS).toFixed(2)}`);
  pairs.push({ importS, copyS });
}
await client.end();

await database.close();
if (!values.keep) await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
await admin.end();

const ratios = pairs.map((x) => x.importS / x.copyS).sort((x, y) => x - y);
const median = <T>(xs: T[]) => xs[Math.floor(xs.length / 2)];
const mid = pairs.find((x) => x.importS / x.copyS === median(ratios))!;
const figures = {
  rows: N,
  households: values['create-households'] ? 'created by the import' : 'pre-created',
  importSeconds: +mid.importS.toFixed(1),
  copySeconds: +mid.copyS.toFixed(1),
  ratio: +median(ratios).toFixed(2),
  ...(REPEAT > 1 ? { pairs: REPEAT, ratios: ratios.map((x) => +x.toFixed(2)) } : {}),
  ...(reimportS !== null ? { reimportSeconds: +reimportS.toFixed(1) } : {}),
  importRowsPerSecond: Math.round(N / mid.importS),
};
console.log(
  `resident import of ${N} rows: ${figures.importSeconds} s; raw COPY of the same rows: ${figures.copySeconds} s; ratio ${figures.ratio}×${REPEAT > 1 ? ` (median of ${REPEAT} alternating pairs: ${figures.ratios!.join(', ')})` : ''} (target ≤ 3×)`,
);
console.log(JSON.stringify(figures));
