/**
 * Votes and elections: set up by staff, opened (the electorate fixed from the registry or the owners'
 * roll), cast online by residents or on paper by staff, chained by hash, closed and counted (art. 278
 * for owners), and for an election the winner appointed through the teams module.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { AppError, errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { ErrorCode } from '../../../../contracts/errors.js';
import type { CreateVoteBody, Vote, VoteResult } from '../../../../contracts/governance.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { addMember, getTeam } from '../teams/teams.service.js';
import { governancePolicy } from './governance.policy.js';
import * as repo from './votes.repository.js';
import { countVote, checkChoices, MATTER_OPTIONS, type Matter, type Option, type VoteKind, type VoteMethod } from './vote-rules.js';
import { ballotHash, newNonce, verifyChain, type ChainCheck } from './vote-chain.js';
import { applyVoteOutcome } from './vote-subjects.js';
import { proposals } from './governance.schema.js';
import { eq } from 'drizzle-orm';

const households = (actor: Actor) => actor.grants.filter((g) => g.role === 'resident').map((g) => g.scopeCode);

/** May the actor see this vote: staff in scope, or a resident whose household is under its place. */
function canRead(actor: Actor, v: { placeCode: string; status: string }) {
  if (governancePolicy.can(actor, 'vote.read', v) || governancePolicy.can(actor, 'vote.manage', v)) return true;
  return v.status !== 'draft' && households(actor).some((h) => h.startsWith(v.placeCode));
}

async function voteOrFail(db: Db, actor: Actor, id: string) {
  const v = await repo.findVote(db, id);
  if (!v || !canRead(actor, v)) throw v ? errors.forbidden('vote.read') : errors.notFound(`vote ${id}`);
  return v;
}

async function present(db: Db, actor: Actor, v: repo.VoteListRow): Promise<Vote> {
  const mine = v.status === 'draft' ? [] : await repo.findVoterKeysOf(db, v.id, actor.residentId, households(actor));
  return {
    id: v.id,
    kind: v.kind as VoteKind,
    method: v.method as VoteMethod,
    title: v.title,
    description: v.description,
    matter: v.matter as Matter,
    secret: v.secret,
    placeCode: v.placeCode,
    placeName: v.placeName,
    status: v.status as Vote['status'],
    options: v.options as Option[],
    seats: v.seats,
    closesAt: v.closesAt?.toISOString() ?? null,
    openedAt: v.openedAt?.toISOString() ?? null,
    closedAt: v.closedAt?.toISOString() ?? null,
    electorate: { voters: v.electorateVoters, areaCenti: v.electorateArea },
    participation: { voters: v.votedVoters, areaCenti: v.votedArea },
    chainHead: v.chainHead,
    appointTeamId: v.appointTeamId,
    appointedAt: v.appointedAt?.toISOString() ?? null,
    subjectKind: v.subjectKind,
    subjectId: v.subjectId,
    result: (v.result as VoteResult | null) ?? null,
    mine: { eligible: mine.length > 0, voted: mine.length > 0 && mine.every((m) => m.voted) },
  };
}

/** Sets up a vote (a draft): a matter with 同意/反对/弃权, or an election with candidates from the registry. */
export async function createVote(db: Db, actor: Actor, input: CreateVoteBody & { subjectKind?: string; subjectId?: string }, req?: FastifyRequest): Promise<Vote> {
  const place = await findPlace(db, input.placeCode);
  if (!place) throw errors.field('placeCode', `place ${input.placeCode} does not exist`);
  if (!['community', 'compound', 'building', 'unit'].includes(place.level)) throw errors.field('placeCode', 'a vote is held in a community, compound, building or unit');
  governancePolicy.authorize(actor, 'vote.manage', { placeCode: place.code });
  const matter = input.matter ?? 'ordinary';
  if (input.method === 'owners' && !['compound', 'building'].includes(place.level)) throw errors.field('placeCode', 'owners vote in a compound or a building (the owners’ roll is per compound)');
  if (matter !== 'ordinary' && input.method !== 'owners') throw errors.field('matter', 'maintenance fund, rebuilding and change of use are owners’ matters: use method owners');
  if (input.kind === 'election' && matter !== 'ordinary') throw errors.field('matter', 'an election is an ordinary matter');
  let options: Option[] = MATTER_OPTIONS;
  let seats = 1;
  if (input.kind === 'election') {
    if (!input.candidates?.length) throw errors.field('candidates', 'an election needs candidates');
    options = [];
    for (const [i, c] of input.candidates.entries()) {
      const r = await findResidentRecord(db, c.residentId);
      if (!r || !r.householdCode.startsWith(place.code.slice(0, 12))) throw errors.field(`candidates.${i}.residentId`, 'the candidate must be a resident of this community');
      if (options.some((o) => o.residentId === r.id)) throw errors.field(`candidates.${i}.residentId`, 'the candidate is listed twice');
      options.push({ key: `c${i + 1}`, label: r.name, residentId: r.id });
    }
    seats = input.seats ?? 1;
    if (seats > options.length) throw errors.field('seats', 'more seats than candidates');
    if (input.appointTeamId) {
      const team = await getTeam(db, actor, input.appointTeamId);
      if (!team.team.placeCode.startsWith(place.code) && !place.code.startsWith(team.team.placeCode)) throw errors.field('appointTeamId', 'the team is not of this place');
      if (seats !== 1) throw errors.field('seats', 'an election that appoints a team leader has one seat');
    }
  } else if (input.candidates || input.seats || input.appointTeamId) {
    throw errors.field(input.candidates ? 'candidates' : input.seats ? 'seats' : 'appointTeamId', 'only an election has candidates, seats and a team to appoint');
  }
  if (input.closesAt && new Date(input.closesAt) <= new Date()) throw errors.field('closesAt', 'must be in the future');
  let subject = { kind: input.subjectKind ?? null, id: input.subjectId ?? null };
  if (input.proposalId) {
    if (input.kind !== 'matter') throw errors.field('proposalId', 'only a matter decides a proposal');
    const [p] = await db.select().from(proposals).where(eq(proposals.id, input.proposalId));
    if (!p || p.placeCode.slice(0, 12) !== place.code.slice(0, 12)) throw errors.field('proposalId', 'no such proposal in this community');
    if (p.voteId || ['decided', 'rejected'].includes(p.status)) throw errors.field('proposalId', `the proposal is ${p.status}${p.voteId ? ' and already has a vote' : ''}`);
    subject = { kind: 'proposal', id: p.id };
  }
  const row = await repo.insertVote(db, {
    kind: input.kind,
    method: input.method,
    title: input.title.trim(),
    description: input.description ?? '',
    matter,
    secret: input.secret ?? false,
    placeCode: place.code,
    communityCode: place.code.slice(0, 12),
    countyCode: place.code.slice(0, 6),
    options,
    seats,
    appointTeamId: input.appointTeamId ?? null,
    subjectKind: subject.kind,
    subjectId: subject.id,
    closesAt: input.closesAt ? new Date(input.closesAt) : null,
    createdBy: actor.userId,
  });
  if (subject.kind === 'proposal') await db.update(proposals).set({ status: 'voting', voteId: row.id }).where(eq(proposals.id, subject.id!));
  await recordAudit(db, { actorId: actor.userId, action: 'vote.create', targetKind: 'vote', targetId: row.id, detail: { kind: input.kind, method: input.method } }, req);
  return getVote(db, actor, row.id);
}

export async function getVote(db: Db, actor: Actor, id: string): Promise<Vote> {
  return present(db, actor, await voteOrFail(db, actor, id));
}

export async function listVotes(db: Db, actor: Actor, q: { place?: string; status?: string; kind?: string }): Promise<Vote[]> {
  const prefixes = [...new Set([...governancePolicy.scopeOf(actor, 'vote.read'), ...governancePolicy.scopeOf(actor, 'vote.manage')])];
  const list = await repo.findVotes(db, { prefixes, households: households(actor), ...q });
  return Promise.all(list.map((v) => present(db, actor, v)));
}

/** Opens a draft: the electorate is fixed now, from the registry (person, household) or the owners' roll. */
export async function openVote(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Vote> {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.manage', v);
  if (v.status !== 'draft') throw errors.conflict(`the vote is ${v.status}, not a draft`, [{ field: 'status', message: v.status }]);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const n = await repo.snapshotElectorate(tx, id, v.method, v.placeCode);
    if (n === 0) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 422, v.method === 'owners' ? 'the owners’ roll of this place is empty: fill it in first' : 'no one is registered to vote here', [
        { field: 'placeCode', message: 'empty electorate' },
      ]);
    }
    await repo.updateVote(tx, id, { status: 'open', openedAt: new Date() });
  });
  await recordAudit(db, { actorId: actor.userId, action: 'vote.open', targetKind: 'vote', targetId: id }, req);
  return getVote(db, actor, id);
}

/**
 * Records one ballot: marks the voter (the only guard against a second ballot, under the vote's row
 * lock, so two concurrent ballots of one voter cannot both pass) and appends the ballot to the chain.
 */
async function recordBallot(db: Db, voteId: string, voterKey: string, choices: string[], channel: 'online' | 'paper', enteredBy: string | null) {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const v = await repo.lockVote(tx, voteId);
    if (v.status !== 'open') throw errors.conflict(`the vote is ${v.status}`, [{ field: 'status', message: v.status }]);
    if (v.closes_at && new Date(v.closes_at) <= new Date()) throw errors.conflict('voting has closed', [{ field: 'closesAt', message: 'passed' }]);
    const now = new Date();
    // A secret ballot keeps the day of participation only, and no time on the ballot.
    const votedOn = v.secret ? new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`) : now;
    const area = await repo.markVoted(tx, voteId, voterKey, votedOn, channel, enteredBy);
    if (area === null) {
      const exists = await repo.findVoter(tx, voteId, voterKey);
      if (!exists) throw errors.field('voterKey', 'not in the electorate of this vote');
      throw errors.conflict('已投票 (this voter has already voted)', [{ field: 'voterKey', message: 'already voted' }]);
    }
    const ballot = {
      seq: v.ballot_count + 1,
      voterKey: v.secret ? null : voterKey,
      choices,
      areaCenti: area,
      channel,
      nonce: newNonce(),
      castAt: v.secret ? null : now.toISOString(),
      prevHash: v.chain_head,
    };
    const hash = ballotHash(voteId, ballot);
    await repo.insertBallot(tx, { voteId, countyCode: v.county_code, ...ballot, castAt: ballot.castAt ? new Date(ballot.castAt) : null, hash });
    await repo.updateVote(tx, voteId, { chainHead: hash, ballotCount: ballot.seq });
    return { voteId, seq: ballot.seq, hash };
  });
}

function checkedChoices(v: repo.VoteListRow, choices: string[]) {
  const why = checkChoices({ kind: v.kind as VoteKind, options: v.options as Option[], seats: v.seats }, choices);
  if (why) throw errors.field('choices', why);
  return choices;
}

/** A resident votes online, for herself or her household (whichever the vote counts); returns her receipt. */
export async function castBallot(db: Db, actor: Actor, id: string, choices: string[], req?: FastifyRequest) {
  const v = await voteOrFail(db, actor, id);
  checkedChoices(v, choices);
  const keys = await repo.findVoterKeysOf(db, id, actor.residentId, households(actor));
  if (!keys.length) throw errors.forbidden('vote.cast: not in the electorate of this vote');
  const open = keys.filter((k) => !k.voted);
  if (!open.length) throw errors.conflict('已投票 (you have already voted)', [{ field: 'choices', message: 'already voted' }]);
  const receipt = await recordBallot(db, id, open[0].voter_key, choices, 'online', null);
  // The audit says that she voted, never what; on a secret vote it says nothing, since the order of
  // timed audit rows would line voters up with the ballots' order (vote_voters keeps the day she took part).
  if (!v.secret) await recordAudit(db, { actorId: actor.userId, action: 'vote.cast', targetKind: 'vote', targetId: id }, req);
  return receipt;
}

/** Staff enter a paper ballot for a voter of the electorate. */
export async function enterPaperBallot(db: Db, actor: Actor, id: string, input: { voterKey: string; choices: string[] }, req?: FastifyRequest) {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.manage', v);
  checkedChoices(v, input.choices);
  const receipt = await recordBallot(db, id, input.voterKey, input.choices, 'paper', actor.userId);
  // On a secret vote the audit names the clerk, not the voter (vote_voters.entered_by keeps who entered whose ballot, without time).
  await recordAudit(db, { actorId: actor.userId, action: 'vote.paper', targetKind: 'vote', targetId: id, detail: v.secret ? {} : { voterKey: input.voterKey } }, req);
  return receipt;
}

async function chainOf(db: Db, v: { id: string; chainHead: string; ballotCount: number }) {
  const ballots = await repo.findBallots(db, v.id);
  const chained = ballots.map((b) => ({ ...b, choices: b.choices as string[], castAt: b.castAt?.toISOString() ?? null }));
  return { ballots: chained, check: verifyChain(v.id, chained, v.chainHead, v.ballotCount) };
}

/** Closes the vote and counts it; a broken chain refuses to count. */
export async function closeVote(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Vote> {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.manage', v);
  if (v.status !== 'open') throw errors.conflict(`the vote is ${v.status}, not open`, [{ field: 'status', message: v.status }]);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const locked = await repo.lockVote(tx, id);
    if (locked.status !== 'open') throw errors.conflict(`the vote is ${locked.status}, not open`, [{ field: 'status', message: locked.status }]);
    const fresh = (await repo.findVote(tx, id))!;
    const { ballots, check } = await chainOf(tx, fresh);
    if (!check.ok) throw errors.conflict(`选票链校验失败 (the ballot chain is broken at ballot ${check.brokenAt}: ${check.reason})`, [{ field: 'ballots', message: check.reason ?? 'broken' }]);
    const result = countVote(
      { method: v.method as VoteMethod, kind: v.kind as VoteKind, matter: v.matter as Matter, options: v.options as Option[], seats: v.seats },
      { voters: fresh.electorateVoters, areaCenti: fresh.electorateArea },
      ballots,
    );
    await repo.updateVote(tx, id, { status: 'closed', closedAt: new Date(), result });
    await applyVoteOutcome(tx, fresh, result);
  });
  await recordAudit(db, { actorId: actor.userId, action: 'vote.close', targetKind: 'vote', targetId: id }, req);
  return getVote(db, actor, id);
}

/** The electorate and who has voted (never what): staff only. */
export async function listVoters(db: Db, actor: Actor, id: string) {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.read', v);
  const list = await repo.findVoters(db, id);
  return list.map((x) => ({ voterKey: x.voterKey, label: x.label, householdCode: x.householdCode, areaCenti: Number(x.areaCenti), voted: x.votedOn !== null, channel: x.channel }));
}

/**
 * The ballots of a closed vote, to recount and check the chain: a secret ballot shows no voter and no
 * time, and on an owners' vote no floor area either (areas are on the roll, so an area would name
 * its owner; the per-option areas are in the result and the server checks the chain with them).
 */
export async function listBallots(db: Db, actor: Actor, id: string) {
  const v = await voteOrFail(db, actor, id);
  if (v.status !== 'closed') throw errors.conflict('ballots are published when the vote closes', [{ field: 'status', message: v.status }]);
  const { ballots } = await chainOf(db, v);
  const hideArea = v.secret && v.method === 'owners';
  return ballots.map((b) => ({ seq: b.seq, voterKey: b.voterKey, choices: b.choices, areaCenti: hideArea ? null : Number(b.areaCenti), channel: b.channel, nonce: b.nonce, castAt: b.castAt, prevHash: b.prevHash, hash: b.hash }));
}

/** Checks the chain of a vote's ballots (staff in scope). */
export async function verifyVote(db: Db, actor: Actor, id: string): Promise<ChainCheck & { head: string }> {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.read', v);
  return { ...(await chainOf(db, v)).check, head: v.chainHead };
}

/** A voter looks up her receipt: is the ballot with this hash in the chain? */
export async function findReceipt(db: Db, actor: Actor, hash: string) {
  const b = await repo.findBallotByHash(db, hash);
  if (!b) throw errors.notFound('ballot');
  await voteOrFail(db, actor, b.voteId);
  return b;
}

/** Appoints the winner of a closed election as the leader of the vote's team, through the teams module. */
export async function appointWinner(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Vote> {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.manage', v);
  if (v.kind !== 'election' || !v.appointTeamId) throw errors.conflict('this vote appoints no one', [{ field: 'appointTeamId', message: 'none' }]);
  if (v.status !== 'closed') throw errors.conflict('the election is not closed', [{ field: 'status', message: v.status }]);
  if (v.appointedAt) throw errors.conflict('the winner is already appointed', [{ field: 'appointedAt', message: 'done' }]);
  const result = v.result as VoteResult;
  const winner = (v.options as Option[]).find((o) => o.key === result.elected[0]);
  if (!winner?.residentId) throw errors.conflict('no one was elected', [{ field: 'result', message: 'no winner' }]);
  await addMember(db, actor, v.appointTeamId, { residentId: winner.residentId, role: 'leader' }, req);
  await repo.updateVote(db, id, { appointedAt: new Date() });
  await recordAudit(db, { actorId: actor.userId, action: 'vote.appoint', targetKind: 'vote', targetId: id, detail: { teamId: v.appointTeamId, residentId: winner.residentId } }, req);
  return getVote(db, actor, id);
}
