/** SQL for resident imports and exports: batch upserts by the ID hash (one statement per call), jobs, export pages. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { rows } from '../../../platform/db.js';
import { importJobs } from '../registry.schema.js';
import type { PlaceNode } from './import.places.js';

/** The places below a community (its compounds, buildings, units and households). */
export function listPlacesUnder(db: Db, communityCode: string): Promise<PlaceNode[]> {
  return rows<PlaceNode>(
    db,
    sql`SELECT code, name, level, parent_code FROM places
        WHERE code LIKE ${communityCode + '%'} AND code <> ${communityCode} AND county_code = ${communityCode.slice(0, 6)}
        ORDER BY code`,
  );
}

/** Residents, one array per column (the same length), for `unnest`. Tags are joined by 、 (they cannot contain it). */
export interface ResidentColumns {
  householdCode: string[];
  countyCode: string[];
  name: string[];
  gender: string[];
  birthDate: string[];
  idNumberEnc: string[];
  idNumberHash: string[];
  idNumberMasked: string[];
  mobileEnc: Array<string | null>;
  mobileHash: Array<string | null>;
  mobileMasked: Array<string | null>;
  relation: string[];
  residenceStatus: string[];
  politicalStatus: string[];
  tags: string[];
}

const p = (v: unknown[]) => sql.param(v);

/**
 * Inserts new residents and updates those whose fields differ; identical rows are left alone (not
 * returned). `inserted` tells a new row from an updated one (xmax is 0 only for a fresh tuple).
 */
export function upsertResidents(db: Db, c: ResidentColumns): Promise<Array<{ id: string; hash: string; inserted: boolean }>> {
  return rows(
    db,
    sql`INSERT INTO residents AS r (household_code, county_code, name, gender, birth_date, id_number_enc, id_number_hash, id_number_masked,
          mobile_enc, mobile_hash, mobile_masked, relation, residence_status, political_status, tags)
        SELECT h, cc, n, g, b::date, ie, ih, im, me, mh, mm, rel, rs, ps, CASE WHEN t = '' THEN '{}'::text[] ELSE string_to_array(t, '、') END
        FROM unnest(${p(c.householdCode)}::text[], ${p(c.countyCode)}::text[], ${p(c.name)}::text[], ${p(c.gender)}::text[], ${p(c.birthDate)}::text[],
          ${p(c.idNumberEnc)}::text[], ${p(c.idNumberHash)}::text[], ${p(c.idNumberMasked)}::text[], ${p(c.mobileEnc)}::text[], ${p(c.mobileHash)}::text[],
          ${p(c.mobileMasked)}::text[], ${p(c.relation)}::text[], ${p(c.residenceStatus)}::text[], ${p(c.politicalStatus)}::text[], ${p(c.tags)}::text[])
          AS v(h, cc, n, g, b, ie, ih, im, me, mh, mm, rel, rs, ps, t)
        ON CONFLICT (id_number_hash) DO UPDATE SET
          household_code = EXCLUDED.household_code, county_code = EXCLUDED.county_code, name = EXCLUDED.name, gender = EXCLUDED.gender,
          birth_date = EXCLUDED.birth_date, mobile_enc = EXCLUDED.mobile_enc, mobile_hash = EXCLUDED.mobile_hash, mobile_masked = EXCLUDED.mobile_masked,
          relation = EXCLUDED.relation, residence_status = EXCLUDED.residence_status, political_status = EXCLUDED.political_status,
          tags = EXCLUDED.tags, updated_at = now()
        WHERE (r.household_code, r.name, r.gender, r.birth_date, r.mobile_hash, r.relation, r.residence_status, r.political_status, r.tags)
          IS DISTINCT FROM (EXCLUDED.household_code, EXCLUDED.name, EXCLUDED.gender, EXCLUDED.birth_date, EXCLUDED.mobile_hash,
            EXCLUDED.relation, EXCLUDED.residence_status, EXCLUDED.political_status, EXCLUDED.tags)
        RETURNING r.id, r.id_number_hash AS hash, (r.xmax = 0) AS inserted`,
  );
}

/** Where residents with these ID hashes live now (for the importer's scope check). */
export function findHouseholdsByIdHash(db: Db, hashes: string[]): Promise<Array<{ hash: string; household_code: string }>> {
  return rows(db, sql`SELECT id_number_hash AS hash, household_code FROM residents WHERE id_number_hash = ANY(${p(hashes)}::text[])`);
}

/** Party memberships of residents found by ID hash; returns the residents whose membership was created or changed. */
export async function upsertPartyMembers(db: Db, m: { hash: string[]; status: string[]; kept: string[]; org: Array<string | null> }): Promise<string[]> {
  if (!m.hash.length) return [];
  const out = await rows<{ resident_id: string }>(
    db,
    sql`INSERT INTO party_members AS pm (resident_id, county_code, status, membership_kept, membership_org)
        SELECT r.id, r.county_code, v.s, v.k, v.o
        FROM unnest(${p(m.hash)}::text[], ${p(m.status)}::text[], ${p(m.kept)}::text[], ${p(m.org)}::text[]) AS v(h, s, k, o)
        JOIN residents r ON r.id_number_hash = v.h
        ON CONFLICT (resident_id) DO UPDATE SET county_code = EXCLUDED.county_code, status = EXCLUDED.status,
          membership_kept = EXCLUDED.membership_kept, membership_org = EXCLUDED.membership_org, updated_at = now()
        WHERE (pm.county_code, pm.status, pm.membership_kept, pm.membership_org)
          IS DISTINCT FROM (EXCLUDED.county_code, EXCLUDED.status, EXCLUDED.membership_kept, EXCLUDED.membership_org)
        RETURNING pm.resident_id`,
  );
  return out.map((r) => r.resident_id);
}

/** Ends the party membership of residents (by ID hash) whose row no longer says 党员; returns whose ended. */
export async function removePartyMembers(db: Db, hashes: string[]): Promise<string[]> {
  if (!hashes.length) return [];
  const out = await rows<{ resident_id: string }>(
    db,
    sql`DELETE FROM party_members pm USING residents r
        WHERE pm.resident_id = r.id AND r.id_number_hash = ANY(${p(hashes)}::text[])
        RETURNING pm.resident_id`,
  );
  return out.map((r) => r.resident_id);
}

export type ImportJobRow = typeof importJobs.$inferSelect;

export async function insertJob(db: Db, values: typeof importJobs.$inferInsert): Promise<ImportJobRow> {
  const [row] = await db.insert(importJobs).values(values).returning();
  return row;
}

/** Adds a batch's counts (and its rejected rows) to a job. */
export async function addJobProgress(db: Db, id: string, d: { processed: number; imported: number; updated: number; rejected: unknown[] }) {
  await db
    .update(importJobs)
    .set({
      processed: sql`${importJobs.processed} + ${d.processed}`,
      imported: sql`${importJobs.imported} + ${d.imported}`,
      updated: sql`${importJobs.updated} + ${d.updated}`,
      ...(d.rejected.length ? { rejected: sql`${importJobs.rejected} || ${JSON.stringify(d.rejected)}::jsonb` } : {}),
    })
    .where(eq(importJobs.id, id));
}

export async function finishJob(db: Db, id: string, v: { status: 'done' | 'failed'; error?: string | null; total?: number }) {
  await db
    .update(importJobs)
    .set({ status: v.status, error: v.error ?? null, finishedAt: sql`now()`, ...(v.total !== undefined ? { total: v.total } : {}) })
    .where(eq(importJobs.id, id));
}

export interface JobView {
  id: string;
  community_code: string;
  file_name: string;
  status: string;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejected_count: number;
  rejected_head: Array<{ row: number; column: string; reason: string }>;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

const JOB_COLUMNS = sql`id, community_code, file_name, status, total, processed, imported, updated,
  jsonb_array_length(rejected) AS rejected_count, jsonb_path_query_array(rejected, '$[0 to 199]') AS rejected_head,
  error, created_by, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at`;

export async function findJob(db: Db, id: string): Promise<JobView | undefined> {
  const [row] = await rows<JobView>(db, sql`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = ${id}`);
  return row;
}

export function listJobs(db: Db, communityCode: string, limit = 20): Promise<JobView[]> {
  return rows<JobView>(
    db,
    sql`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE community_code = ${communityCode} AND county_code = ${communityCode.slice(0, 6)}
        ORDER BY created_at DESC LIMIT ${limit}`,
  );
}

export async function jobRejected(db: Db, id: string): Promise<Array<{ row: number; column: string; reason: string }>> {
  const [row] = await db.select({ rejected: importJobs.rejected }).from(importJobs).where(eq(importJobs.id, id));
  return (row?.rejected ?? []) as Array<{ row: number; column: string; reason: string }>;
}

/** One export row: a resident with the names of her compound, building, unit and household, and her party membership. */
export interface ExportRow {
  id: string;
  household_code: string;
  name: string;
  gender: string;
  id_number_enc: string | null;
  id_number_masked: string | null;
  mobile_enc: string | null;
  mobile_masked: string | null;
  relation: string;
  residence_status: string;
  political_status: string;
  tags: string[];
  compound: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  membership_kept: string | null;
  membership_org: string | null;
}

export async function countResidentsUnder(db: Db, prefix: string): Promise<number> {
  const county = prefix.length >= 6 ? sql` AND county_code = ${prefix.slice(0, 6)}` : sql``;
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM residents WHERE household_code LIKE ${prefix + '%'}${county}`);
  return r.n;
}

/** A page of residents under a place code, in household order, after the (household, id) key given. */
export function pageResidentsUnder(db: Db, prefix: string, after: { household: string; id: string } | null, limit: number): Promise<ExportRow[]> {
  const county = prefix.length >= 6 ? sql` AND r.county_code = ${prefix.slice(0, 6)}` : sql``;
  const from = after ? sql` AND (r.household_code, r.id) > (${after.household}, ${after.id}::uuid)` : sql``;
  return rows<ExportRow>(
    db,
    sql`SELECT r.id, r.household_code, r.name, r.gender, r.id_number_enc, r.id_number_masked, r.mobile_enc, r.mobile_masked,
          r.relation, r.residence_status, r.political_status, r.tags,
          c.name AS compound, b.name AS building, u.name AS unit, h.name AS room, pm.membership_kept, pm.membership_org
        FROM residents r
        LEFT JOIN places h ON h.code = r.household_code
        LEFT JOIN places u ON u.code = substr(r.household_code, 1, 20)
        LEFT JOIN places b ON b.code = substr(r.household_code, 1, 18)
        LEFT JOIN places c ON c.code = substr(r.household_code, 1, 15)
        LEFT JOIN party_members pm ON pm.resident_id = r.id
        WHERE r.household_code LIKE ${prefix + '%'}${county}${from}
        ORDER BY r.household_code, r.id
        LIMIT ${limit}`,
  );
}

/** Jobs left running by a process that stopped: marked failed so their pages stop waiting. */
export async function failRunningJobs(db: Db): Promise<number> {
  const res = (await db.execute(
    sql`UPDATE import_jobs SET status = 'failed', error = '服务重启，导入中断，请重新上传 (interrupted by a restart; upload again)', finished_at = now() WHERE status = 'running'`,
  )) as unknown as { rowCount?: number; affectedRows?: number };
  return res.rowCount ?? res.affectedRows ?? 0;
}
