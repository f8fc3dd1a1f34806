/**
 * Votes and elections: set up by staff, opened (the electorate fixed from the registry or the owners'
 * roll), cast online by residents or on paper by staff (on a secret vote in two steps, as at a ballot
 * box: the hand-in, then the ballot from the box), chained by hash, closed (a secret vote's chain sealed
 * in receipt order) and counted (art. 278 for owners), and for an election the winner appointed
 * through the teams module.
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
import { chainBallots, newNonce, sealChain, verifyChain, type BallotContent, type ChainCheck } from './vote-chain.js';
import { normaliseCode, readableCode } from '../../platform/codes.js';
import { applyVoteOutcome } from './vote-subjects.js';
import { proposals } from './governance.schema.js';
import { eq } from 'drizzle-orm';

const households = (actor: Actor) => actor.grants.filter((g) => g.role === 'resident').map((g) => g.scopeCode);

/**
 * May the actor see this vote: staff in scope, or a resident whose household is under its place or who
 * is in its electorate (her household may have been moved elsewhere since it opened).
 */
async function canRead(db: Db, actor: Actor, v: { id: string; placeCode: string; status: string }) {
  if (governancePolicy.can(actor, 'vote.read', v) || governancePolicy.can(actor, 'vote.manage', v)) return true;
  if (v.status === 'draft') return false;
  return households(actor).some((h) => h.startsWith(v.placeCode)) || (await repo.findVoterKeysOf(db, v.id, actor.residentId, households(actor))).length > 0;
}

async function voteOrFail(db: Db, actor: Actor, id: string) {
  const v = await repo.findVote(db, id);
  if (!v || !(await canRead(db, actor, v))) throw v ? errors.forbidden('vote.read') : errors.notFound(`vote ${id}`);
  return v;
}

/** The chain's head as published: none while a secret vote is open (watched beside who has voted, heads would order the receipts). */
const publishedHead = (v: { secret: boolean; status: string; chainHead: string }) => (v.secret && v.status === 'open' ? '' : v.chainHead);

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
    paper: { handedIn: v.paperHandedIn, entered: v.paperBallots },
    chainHead: publishedHead(v),
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
  const list = await repo.findVotes(db, { prefixes, residentId: actor.residentId, households: households(actor), ...q });
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

type LockedVote = Awaited<ReturnType<typeof repo.lockVote>>;

/** Runs `fn` in a transaction holding the vote's row lock (ballots of one vote are taken one at a time), if the vote is open. */
async function inOpenVote<T>(db: Db, voteId: string, fn: (tx: Db, v: LockedVote) => Promise<T>): Promise<T> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const v = await repo.lockVote(tx, voteId);
    if (v.status !== 'open') throw errors.conflict(`the vote is ${v.status}`, [{ field: 'status', message: v.status }]);
    if (v.closes_at && new Date(v.closes_at) <= new Date()) throw errors.conflict('voting has closed', [{ field: 'closesAt', message: 'passed' }]);
    return fn(tx, v);
  });
}

/**
 * Marks a voter as having voted, the one guard against a second ballot online or on paper (under the
 * vote's row lock, so two at once cannot both pass); returns her floor area. A secret vote keeps the
 * day only.
 */
async function markVoter(tx: Db, voteId: string, v: LockedVote, voterKey: string, channel: 'online' | 'paper', enteredBy: string | null, now: Date) {
  const votedOn = v.secret ? new Date(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`) : now;
  const area = await repo.markVoted(tx, voteId, voterKey, votedOn, channel, enteredBy);
  if (area !== null) return area;
  if (!(await repo.findVoter(tx, voteId, voterKey))) throw errors.field('voterKey', 'not in the electorate of this vote');
  throw errors.conflict('已投票 (this voter has already voted)', [{ field: 'voterKey', message: 'already voted' }]);
}

/** Appends a ballot to the chain (in the order of arrival until a secret vote's chain is sealed); returns the receipt. */
async function appendBallot(tx: Db, voteId: string, v: LockedVote, content: BallotContent, paper: boolean) {
  const [link] = chainBallots(voteId, [content], v.chain_head, v.ballot_count + 1);
  await repo.insertBallot(tx, { voteId, countyCode: v.county_code, ...link, castAt: link.castAt ? new Date(link.castAt) : null });
  await repo.updateVote(tx, voteId, { chainHead: link.hash, ballotCount: link.seq, ...(paper ? { paperBallots: v.paper_ballots + 1 } : {}) });
  // A secret ballot's place is fixed when the chain is sealed at closing; until then none is given out.
  return { voteId, seq: v.secret ? null : link.seq, hash: link.receipt };
}

/** A ballot cast by its voter online, or a named paper ballot entered for her: marked and chained at once. */
async function recordBallot(db: Db, voteId: string, voterKey: string, choices: string[], channel: 'online' | 'paper', enteredBy: string | null) {
  return inOpenVote(db, voteId, async (tx, v) => {
    const now = new Date();
    const areaCenti = await markVoter(tx, voteId, v, voterKey, channel, enteredBy, now);
    const content = v.secret
      ? { voterKey: null, choices, areaCenti, channel: null, nonce: newNonce(), castAt: null }
      : { voterKey, choices, areaCenti, channel, nonce: newNonce(), castAt: now.toISOString() };
    return appendBallot(tx, voteId, v, content, channel === 'paper');
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

async function managedVote(db: Db, actor: Actor, id: string, secret: boolean) {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.manage', v);
  if (v.secret !== secret) {
    throw errors.conflict(
      v.secret
        ? '无记名投票的纸质票分两步录入 (a secret vote takes paper ballots in two steps: mark the hand-in, then enter the ballot from the box)'
        : '记名投票的纸质票写明投票人，一步录入 (an open vote’s paper ballot names its voter: enter it in one step)',
      [{ field: 'secret', message: String(v.secret) }],
    );
  }
  return v;
}

/** Staff enter a named paper ballot (an open vote: the ballot says whose it is). */
export async function enterPaperBallot(db: Db, actor: Actor, id: string, input: { voterKey: string; choices: string[] }, req?: FastifyRequest) {
  const v = await managedVote(db, actor, id, false);
  checkedChoices(v, input.choices);
  const receipt = await recordBallot(db, id, input.voterKey, input.choices, 'paper', actor.userId);
  await recordAudit(db, { actorId: actor.userId, action: 'vote.paper', targetKind: 'vote', targetId: id, detail: { voterKey: input.voterKey } }, req);
  return receipt;
}

/**
 * A secret vote's first paper step: the voter hands in her ballot. She has taken part (the quorum
 * counts her) and votes no more, online or on paper; her ballot goes into the box without her name. On
 * an owners' vote the paper gets a random number to write on it, which carries her floor area into the
 * box; the number is stored with the area only, never with her. The audit names the clerk, not the voter.
 */
export async function handInPaper(db: Db, actor: Actor, id: string, voterKey: string, req?: FastifyRequest) {
  await managedVote(db, actor, id, true);
  const handIn = await inOpenVote(db, id, async (tx, v) => {
    const areaCenti = await markVoter(tx, id, v, voterKey, 'paper', actor.userId, new Date());
    if (v.method !== 'owners') return { voteId: id, paperNo: null };
    const paperNo = readableCode(2);
    await repo.insertPaper(tx, { voteId: id, paperNo, countyCode: v.county_code, areaCenti });
    return { voteId: id, paperNo };
  });
  await recordAudit(db, { actorId: actor.userId, action: 'vote.hand_in', targetKind: 'vote', targetId: id }, req);
  return handIn;
}

/**
 * A secret vote's second paper step: a ballot taken from the box, with no voter. The box never gives
 * more ballots than were handed in; an owners' ballot names its paper's number, which gives its area
 * and is then used up. No choice is a spoilt ballot (废票): it took part, for no option. The answer is
 * the box's counts, not the receipt (kept under an Idempotency-Key, a receipt would be timed).
 */
export async function enterBoxBallot(db: Db, actor: Actor, id: string, input: { choices: string[]; paperNo?: string }, req?: FastifyRequest) {
  const v = await managedVote(db, actor, id, true);
  if (input.choices.length) checkedChoices(v, input.choices);
  const owners = v.method === 'owners';
  if (owners !== (input.paperNo !== undefined)) {
    throw errors.field('paperNo', owners ? 'an owners’ ballot carries the number written on its paper at hand-in' : 'only an owners’ ballot carries a paper number');
  }
  const entry = await inOpenVote(db, id, async (tx, locked) => {
    const handedIn = await repo.countPaperHandIns(tx, id);
    if (locked.paper_ballots >= handedIn) {
      throw errors.conflict(`票箱里的选票不能多于交票人数 (${handedIn} handed in, ${locked.paper_ballots} entered)`, [{ field: 'choices', message: 'more ballots than hand-ins' }]);
    }
    const areaCenti = owners ? await repo.takePaper(tx, id, normaliseCode(input.paperNo!)) : 0;
    if (areaCenti === null) throw errors.conflict('没有这个编号的待录选票 (no paper with this number was handed in, or it is entered already)', [{ field: 'paperNo', message: 'unknown or used' }]);
    await appendBallot(tx, id, locked, { voterKey: null, choices: input.choices, areaCenti, channel: null, nonce: newNonce(), castAt: null }, true);
    return { voteId: id, paper: { handedIn, entered: locked.paper_ballots + 1 } };
  });
  await recordAudit(db, { actorId: actor.userId, action: 'vote.box', targetKind: 'vote', targetId: id }, req);
  return entry;
}

/** A vote's ballots in chain order and the check of the chain (sealed once a secret vote is closed). */
async function chainOf(db: Db, v: { id: string; chainHead: string; ballotCount: number; secret: boolean; status: string }) {
  const ballots = await repo.findBallots(db, v.id);
  const chained = ballots.map((b) => ({ ...b, choices: b.choices as string[], areaCenti: Number(b.areaCenti), castAt: b.castAt?.toISOString() ?? null }));
  return { ballots: chained, check: verifyChain(v.id, chained, v.chainHead, v.ballotCount, v.secret && v.status === 'closed') };
}

/**
 * Seals a secret vote's chain as it closes: the same ballots chained anew in the order of their
 * receipts, stored as new rows, so neither the published order nor the table keeps the order of
 * arrival; the ballot papers left over go.
 */
async function sealBallots(tx: Db, v: { id: string; countyCode: string }, ballots: BallotContent[]) {
  const sealed = sealChain(v.id, ballots);
  await repo.replaceBallots(
    tx,
    v.id,
    sealed.map((b) => ({ voteId: v.id, countyCode: v.countyCode, seq: b.seq, voterKey: null, choices: b.choices, areaCenti: b.areaCenti, channel: null, nonce: b.nonce, receipt: b.receipt, prevHash: b.prevHash, hash: b.hash, castAt: null })),
  );
  await repo.deletePapers(tx, v.id);
  return sealed.at(-1)?.hash ?? '';
}

/** Closes the vote and counts it; a broken chain refuses to count, and so do ballots left in the box. */
export async function closeVote(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Vote> {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.manage', v);
  if (v.status !== 'open') throw errors.conflict(`the vote is ${v.status}, not open`, [{ field: 'status', message: v.status }]);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const locked = await repo.lockVote(tx, id);
    if (locked.status !== 'open') throw errors.conflict(`the vote is ${locked.status}, not open`, [{ field: 'status', message: locked.status }]);
    const fresh = (await repo.findVote(tx, id))!;
    if (fresh.secret && fresh.paperBallots < fresh.paperHandedIn) {
      throw errors.conflict(`还有 ${fresh.paperHandedIn - fresh.paperBallots} 张已交选票未从票箱录入 (enter every ballot from the box before closing)`, [
        { field: 'paper', message: `${fresh.paperHandedIn} handed in, ${fresh.paperBallots} entered` },
      ]);
    }
    const { ballots, check } = await chainOf(tx, fresh);
    if (!check.ok) throw errors.conflict(`选票链校验失败 (the ballot chain is broken at ballot ${check.brokenAt}: ${check.reason})`, [{ field: 'ballots', message: check.reason ?? 'broken' }]);
    const result = countVote(
      { method: v.method as VoteMethod, kind: v.kind as VoteKind, matter: v.matter as Matter, options: v.options as Option[], seats: v.seats },
      { voters: fresh.electorateVoters, areaCenti: fresh.electorateArea },
      ballots,
    );
    const chainHead = fresh.secret ? await sealBallots(tx, fresh, ballots) : fresh.chainHead;
    await repo.updateVote(tx, id, { status: 'closed', closedAt: new Date(), result, chainHead });
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
 * The ballots of a closed vote, to recount and check the chain: a secret ballot shows no voter, time
 * or channel, and on an owners' vote no floor area and no nonce either (areas are on the roll, so an
 * area would name its owner; the per-option areas are in the result, anyone can check the links and
 * the server checks the receipts too).
 */
export async function listBallots(db: Db, actor: Actor, id: string) {
  const v = await voteOrFail(db, actor, id);
  if (v.status !== 'closed') throw errors.conflict('ballots are published when the vote closes', [{ field: 'status', message: v.status }]);
  const { ballots } = await chainOf(db, v);
  // The nonce goes with the area: with it, the receipt would give the area away to anyone trying the roll's areas.
  const hideArea = v.secret && v.method === 'owners';
  return ballots.map((b) => ({
    seq: b.seq,
    voterKey: b.voterKey,
    choices: b.choices,
    areaCenti: hideArea ? null : b.areaCenti,
    channel: b.channel,
    nonce: hideArea ? null : b.nonce,
    castAt: b.castAt,
    receipt: b.receipt ?? b.hash,
    prevHash: b.prevHash,
    hash: b.hash,
  }));
}

/** Checks the chain of a vote's ballots (staff in scope). */
export async function verifyVote(db: Db, actor: Actor, id: string): Promise<ChainCheck & { head: string }> {
  const v = await voteOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'vote.read', v);
  return { ...(await chainOf(db, v)).check, head: publishedHead(v) };
}

/** A voter looks up her receipt: is her ballot in the chain, and where (a secret one: once sealed)? */
export async function findReceipt(db: Db, actor: Actor, receipt: string) {
  const b = await repo.findBallotByReceipt(db, receipt);
  if (!b) throw errors.notFound('ballot');
  const v = await voteOrFail(db, actor, b.voteId);
  return { voteId: b.voteId, seq: v.secret && v.status !== 'closed' ? null : b.seq, hash: receipt };
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
