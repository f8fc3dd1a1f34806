/** SQL for votes, their electorate and their ballots. */
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { voteBallots, votePapers, votes, voteVoters } from './governance.schema.js';

export type VoteRow = typeof votes.$inferSelect;

export interface VoteListRow extends VoteRow {
  placeName: string;
  electorateVoters: number;
  electorateArea: number;
  votedVoters: number;
  votedArea: number;
  /** Voters marked as having handed in a paper ballot. */
  paperHandedIn: number;
}

/** The label of a household: 1号楼1单元101室. */
export const householdLabel = (col: ReturnType<typeof sql>) =>
  sql`(SELECT b.name || u.name || h.name FROM places h JOIN places u ON u.code = h.parent_code JOIN places b ON b.code = u.parent_code WHERE h.code = ${col})`;

/** A vote with its place's name and its electorate's tallies, in one pass over its voters. */
const VOTES_WITH_TALLIES = sql`SELECT v.*, p.name AS place_name, e.* FROM votes v JOIN places p ON p.code = v.place_code
  CROSS JOIN LATERAL (SELECT count(*)::int AS electorate_voters, coalesce(sum(x.area_centi), 0)::bigint AS electorate_area,
    count(*) FILTER (WHERE x.voted_on IS NOT NULL)::int AS voted_voters, coalesce(sum(x.area_centi) FILTER (WHERE x.voted_on IS NOT NULL), 0)::bigint AS voted_area,
    count(*) FILTER (WHERE x.voted_on IS NOT NULL AND x.channel = 'paper')::int AS paper_handed_in
    FROM vote_voters x WHERE x.vote_id = v.id) e`;

/**
 * The voter rows (alias x) a resident casts for: herself (a person, an owner in the registry) or one of
 * her households (a household, an owner not in the registry), by the columns a move re-codes.
 */
function castsFor(residentId: string | null, households: string[]) {
  const self = residentId ? sql`x.resident_id = ${residentId}` : sql`false`;
  const homes = households.length ? sql`(x.resident_id IS NULL AND x.household_code IN (${sql.join(households.map((h) => sql`${h}`), sql`, `)}))` : sql`false`;
  return sql`(${self} OR ${homes})`;
}

function camel(r: Record<string, unknown>): VoteListRow {
  return {
    id: r.id,
    kind: r.kind,
    method: r.method,
    title: r.title,
    description: r.description,
    matter: r.matter,
    secret: r.secret,
    placeCode: r.place_code,
    communityCode: r.community_code,
    countyCode: r.county_code,
    options: r.options,
    seats: r.seats,
    appointTeamId: r.appoint_team_id,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    status: r.status,
    closesAt: r.closes_at ? new Date(r.closes_at as string) : null,
    openedAt: r.opened_at ? new Date(r.opened_at as string) : null,
    closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
    chainHead: r.chain_head,
    ballotCount: r.ballot_count,
    paperBallots: r.paper_ballots,
    result: r.result,
    appointedAt: r.appointed_at ? new Date(r.appointed_at as string) : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at as string),
    placeName: r.place_name,
    electorateVoters: Number(r.electorate_voters),
    electorateArea: Number(r.electorate_area),
    votedVoters: Number(r.voted_voters),
    votedArea: Number(r.voted_area),
    paperHandedIn: Number(r.paper_handed_in),
  } as VoteListRow;
}

export async function findVote(db: Db, id: string): Promise<VoteListRow | undefined> {
  const [r] = await rows<Record<string, unknown>>(db, sql`${VOTES_WITH_TALLIES} WHERE v.id = ${id}`);
  return r ? camel(r) : undefined;
}

/**
 * Votes whose place is under one of `prefixes`, or (for residents) a place above one of `households`
 * or a vote whose electorate has her (her household may have moved away since it opened).
 */
export async function findVotes(db: Db, q: { prefixes: string[]; residentId: string | null; households: string[]; place?: string; status?: string; kind?: string }) {
  const under = q.prefixes.length ? sql.join(q.prefixes.map((p) => sql`v.place_code LIKE ${p + '%'}`), sql` OR `) : sql`false`;
  const above = q.households.length ? sql.join(q.households.map((h) => sql`${h} LIKE v.place_code || '%'`), sql` OR `) : sql`false`;
  const voter = q.residentId || q.households.length ? sql`EXISTS (SELECT 1 FROM vote_voters x WHERE x.vote_id = v.id AND ${castsFor(q.residentId, q.households)})` : sql`false`;
  const list = await rows<Record<string, unknown>>(
    db,
    sql`${VOTES_WITH_TALLIES}
        WHERE ((${under}) OR ((${above} OR ${voter}) AND v.status <> 'draft'))
        ${q.place ? sql`AND v.place_code LIKE ${q.place + '%'}` : sql``}
        ${q.status ? sql`AND v.status = ${q.status}` : sql``}
        ${q.kind ? sql`AND v.kind = ${q.kind}` : sql``}
        ORDER BY v.created_at DESC LIMIT 200`,
  );
  return list.map(camel);
}

export async function insertVote(db: Db, values: typeof votes.$inferInsert) {
  const [r] = await db.insert(votes).values(values).returning();
  return r;
}

export async function updateVote(db: Db, id: string, values: Partial<typeof votes.$inferInsert>) {
  await db.update(votes).set(values).where(eq(votes.id, id));
}

/** Locks the vote row for the rest of the transaction: ballots of one vote are chained one at a time. */
export async function lockVote(db: Db, id: string) {
  const [r] = await rows<{ status: string; method: string; chain_head: string; ballot_count: number; paper_ballots: number; closes_at: string | null; secret: boolean; county_code: string }>(
    db,
    sql`SELECT status, method, chain_head, ballot_count, paper_ballots, closes_at, secret, county_code FROM votes WHERE id = ${id} FOR UPDATE`,
  );
  return r;
}

/** Fixes the electorate of a vote from the registry or the owners' roll; voter keys carry no place code (see `voteVoters`). */
export async function snapshotElectorate(db: Db, voteId: string, method: string, placeCode: string) {
  const county = placeCode.slice(0, 6);
  if (method === 'person') {
    // Adults (18 and over, or age unknown) registered under the place.
    await db.execute(sql`INSERT INTO vote_voters (vote_id, voter_key, resident_id, household_code, county_code, label)
      SELECT ${voteId}, 'r:' || r.id, r.id, r.household_code, ${county}, r.name FROM residents r
      WHERE r.household_code LIKE ${placeCode + '%'} AND (r.birth_date IS NULL OR r.birth_date <= (current_date - interval '18 years'))
      ON CONFLICT DO NOTHING`);
  } else if (method === 'household') {
    await db.execute(sql`INSERT INTO vote_voters (vote_id, voter_key, household_code, county_code, label)
      SELECT ${voteId}, 'h:' || gen_random_uuid(), hh.code, ${county}, coalesce(${householdLabel(sql`hh.code`)}, hh.code)
      FROM (SELECT DISTINCT household_code AS code FROM residents WHERE household_code LIKE ${placeCode + '%'}) hh
      ON CONFLICT DO NOTHING`);
  } else {
    // One owner of several units is one voter, with the area of all her units.
    await db.execute(sql`INSERT INTO vote_voters (vote_id, voter_key, resident_id, household_code, county_code, label, area_centi)
      SELECT ${voteId}, coalesce('r:' || o.resident_id::text, 'h:' || gen_random_uuid()), o.resident_id, min(o.household_code), ${county}, min(o.owner_name), sum(o.area_centi)
      FROM owner_roll o WHERE o.household_code LIKE ${placeCode + '%'}
      GROUP BY coalesce('r:' || o.resident_id::text, 'h:' || o.household_code), o.resident_id
      ON CONFLICT DO NOTHING`);
  }
  const [n] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM vote_voters WHERE vote_id = ${voteId}`);
  return n.n;
}

export async function findVoter(db: Db, voteId: string, voterKey: string) {
  const [r] = await db
    .select()
    .from(voteVoters)
    .where(and(eq(voteVoters.voteId, voteId), eq(voteVoters.voterKey, voterKey)));
  return r;
}

/** The voter rows a resident casts for: herself (person, owners) or her household. */
export async function findVoterKeysOf(db: Db, voteId: string, residentId: string | null, households: string[]) {
  if (!residentId && !households.length) return [];
  return rows<{ voter_key: string; voted: boolean }>(
    db,
    sql`SELECT x.voter_key, x.voted_on IS NOT NULL AS voted FROM vote_voters x WHERE x.vote_id = ${voteId} AND ${castsFor(residentId, households)} ORDER BY x.voter_key`,
  );
}

/** Marks a voter as having voted; returns her area, or null if she had already voted (the one guard against voting twice). */
export async function markVoted(db: Db, voteId: string, voterKey: string, votedOn: Date, channel: string, enteredBy: string | null) {
  const [r] = await rows<{ area_centi: string | number }>(
    db,
    sql`UPDATE vote_voters SET voted_on = ${votedOn.toISOString()}, channel = ${channel}, entered_by = ${enteredBy}
        WHERE vote_id = ${voteId} AND voter_key = ${voterKey} AND voted_on IS NULL RETURNING area_centi`,
  );
  return r ? Number(r.area_centi) : null;
}

/** Voters marked as having handed in a paper ballot. */
export async function countPaperHandIns(db: Db, voteId: string) {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM vote_voters WHERE vote_id = ${voteId} AND channel = 'paper' AND voted_on IS NOT NULL`);
  return r.n;
}

/** A ballot paper of a secret owners' vote: its number and area, not whose it is. */
export async function insertPaper(db: Db, values: typeof votePapers.$inferInsert) {
  await db.insert(votePapers).values(values);
}

/** Takes a handed-in paper from the box: its area, or null if no such paper is waiting. */
export async function takePaper(db: Db, voteId: string, paperNo: string) {
  const [r] = await db
    .delete(votePapers)
    .where(and(eq(votePapers.voteId, voteId), eq(votePapers.paperNo, paperNo)))
    .returning({ areaCenti: votePapers.areaCenti });
  return r ? Number(r.areaCenti) : null;
}

export async function deletePapers(db: Db, voteId: string) {
  await db.delete(votePapers).where(eq(votePapers.voteId, voteId));
}

export async function insertBallot(db: Db, values: typeof voteBallots.$inferInsert) {
  await db.insert(voteBallots).values(values);
}

/** Replaces a vote's ballots by the same ballots chained anew (a sealed chain): new rows, in their new order. */
export async function replaceBallots(db: Db, voteId: string, values: Array<typeof voteBallots.$inferInsert>) {
  await db.delete(voteBallots).where(eq(voteBallots.voteId, voteId));
  if (values.length) await db.insert(voteBallots).values(values);
}

export function findBallots(db: Db, voteId: string) {
  return db.select().from(voteBallots).where(eq(voteBallots.voteId, voteId)).orderBy(voteBallots.seq);
}

/** The ballot with this receipt (a ballot stored before receipts: with this hash). */
export async function findBallotByReceipt(db: Db, receipt: string) {
  const [r] = await db
    .select({ voteId: voteBallots.voteId, seq: voteBallots.seq })
    .from(voteBallots)
    .where(or(eq(voteBallots.receipt, receipt), and(isNull(voteBallots.receipt), eq(voteBallots.hash, receipt))));
  return r;
}

/** The electorate, ordered by household and label (never by when they voted). */
export function findVoters(db: Db, voteId: string) {
  return db.select().from(voteVoters).where(eq(voteVoters.voteId, voteId)).orderBy(voteVoters.householdCode, voteVoters.label, voteVoters.voterKey);
}
