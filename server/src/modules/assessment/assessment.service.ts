/**
 * 考核评价: a community's indicators per target kind (branches, teams, grid workers) and year, each
 * drawing on the ticket loop's metrics of the target's places, the meetings held there, the volunteer
 * hours of the residents living there (approved service minutes of the activities module), or
 * residents' satisfaction surveys; points = weight × min(value / goal, 1); the yearly ranking by total points.
 */
import type { FastifyRequest } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { Indicator, Ranking, Source, TargetKind } from '../../../../contracts/assessment.js';
import { findPlace } from '../places/places.service.js';
import { listCommunityGrids } from '../places/grid.service.js';
import { listOrgs } from '../party/party.service.js';
import { listTeams } from '../teams/teams.service.js';
import { getTicketMetrics } from '../tickets/ticket-metrics.service.js';
import { countHeldMeetings } from '../governance/deliberation.service.js';
import { approvedMinutesOf } from '../activities/activities.service.js';
import { residentIdsUnder } from '../registry/registry.service.js';
import { assessmentPolicy } from './assessment.policy.js';
import { assessmentIndicators, assessmentSurveys, surveyResponses } from './assessment.schema.js';

interface Target {
  id: string;
  name: string;
  places: string[];
}

async function communityOrFail(db: Db, code: string, field = 'communityCode') {
  const p = await findPlace(db, code);
  if (!p || p.level !== 'community') throw errors.field(field, 'not a community');
  return p;
}

/** The targets of a kind in a community, each with the places its work covers. */
export async function targetsOf(db: Db, actor: Actor, community: string, kind: TargetKind): Promise<Target[]> {
  if (kind === 'team') return (await listTeams(db, actor, { place: community, pageSize: 500 })).filter((t) => ['unit_team', 'building_team', 'compound_team'].includes(t.kind)).map((t) => ({ id: t.id, name: t.name, places: [t.placeCode] }));
  if (kind === 'grid_worker') {
    const { grids } = await listCommunityGrids(db, actor, community);
    return grids.map((g) => ({ id: g.code, name: `${g.name}${g.workers.length ? `（${g.workers.map((w) => w.displayName).join('、')}）` : ''}`, places: g.buildings.map((b) => b.code) }));
  }
  return (await listOrgs(db, actor, community)).filter((o) => o.kind === 'branch' || o.kind === 'joint_branch').map((o) => ({ id: o.id, name: o.name, places: o.places.map((p) => p.code) }));
}

const presentIndicator = (r: typeof assessmentIndicators.$inferSelect): Indicator => ({
  id: r.id,
  communityCode: r.placeCode,
  year: r.year,
  targetKind: r.targetKind as TargetKind,
  name: r.name,
  source: r.source as Source,
  weight: r.weight,
  goal: r.goal,
});

export async function createIndicator(db: Db, actor: Actor, input: Omit<Indicator, 'id'>, req?: FastifyRequest) {
  await communityOrFail(db, input.communityCode);
  assessmentPolicy.authorize(actor, 'assessment.manage', { placeCode: input.communityCode });
  if (input.source.startsWith('ticket_') && input.goal > 1) throw errors.field('goal', 'a rate’s goal is at most 1 (100%)');
  if (input.source === 'survey_score' && input.goal > 5) throw errors.field('goal', 'survey scores go up to 5');
  const [total] = await rows<{ w: number }>(
    db,
    sql`SELECT coalesce(sum(weight), 0)::int AS w FROM assessment_indicators WHERE place_code = ${input.communityCode} AND year = ${input.year} AND target_kind = ${input.targetKind}`,
  );
  if (total.w + input.weight > 100) throw errors.field('weight', `the weights of ${input.targetKind} would exceed 100 points (now ${total.w})`);
  const [r] = await db
    .insert(assessmentIndicators)
    .values({ placeCode: input.communityCode, countyCode: input.communityCode.slice(0, 6), year: input.year, targetKind: input.targetKind, name: input.name.trim(), source: input.source, weight: input.weight, goal: input.goal, createdBy: actor.userId })
    .returning();
  await recordAudit(db, { actorId: actor.userId, action: 'assessment.indicator', targetKind: 'place', targetId: input.communityCode, detail: { name: input.name } }, req);
  return presentIndicator(r);
}

export async function listIndicators(db: Db, actor: Actor, community: string, year: number) {
  assessmentPolicy.authorize(actor, 'assessment.read', { placeCode: community });
  const list = await db
    .select()
    .from(assessmentIndicators)
    .where(and(eq(assessmentIndicators.placeCode, community), eq(assessmentIndicators.year, year)))
    .orderBy(assessmentIndicators.createdAt);
  return list.map(presentIndicator);
}

/** Sets up a satisfaction survey of one target for the year. */
export async function createSurvey(db: Db, actor: Actor, input: { communityCode: string; year: number; targetKind: TargetKind; targetId: string; title: string }, req?: FastifyRequest) {
  await communityOrFail(db, input.communityCode);
  assessmentPolicy.authorize(actor, 'assessment.manage', { placeCode: input.communityCode });
  const target = (await targetsOf(db, actor, input.communityCode, input.targetKind)).find((t) => t.id === input.targetId);
  if (!target) throw errors.field('targetId', `no ${input.targetKind} ${input.targetId} in this community`);
  const [s] = await db
    .insert(assessmentSurveys)
    .values({ placeCode: input.communityCode, countyCode: input.communityCode.slice(0, 6), year: input.year, targetKind: input.targetKind, targetId: target.id, targetName: target.name, title: input.title.trim() })
    .returning();
  await recordAudit(db, { actorId: actor.userId, action: 'assessment.survey', targetKind: 'survey', targetId: s.id }, req);
  return (await listSurveys(db, actor, { community: input.communityCode, year: input.year })).find((x) => x.id === s.id)!;
}

const homeOf = (actor: Actor) => actor.grants.find((g) => g.role === 'resident')?.scopeCode ?? null;

/** A year's surveys: staff in scope see all with averages; a resident sees her community's. */
export async function listSurveys(db: Db, actor: Actor, q: { community?: string; year: number }) {
  const community = q.community ?? homeOf(actor)?.slice(0, 12);
  if (!community) throw errors.field('query.community', 'give the community');
  const staff = assessmentPolicy.can(actor, 'assessment.read', { placeCode: community });
  if (!staff && !homeOf(actor)?.startsWith(community)) throw errors.forbidden('assessment.read');
  const list = await rows<{ id: string; year: number; target_kind: string; target_id: string; target_name: string; title: string; n: number; avg: number | null; mine: boolean }>(
    db,
    sql`SELECT s.id, s.year, s.target_kind, s.target_id, s.target_name, s.title, count(r.resident_id)::int AS n, avg(r.score)::float AS avg,
          bool_or(r.resident_id = ${actor.residentId ?? '00000000-0000-0000-0000-000000000000'}) AS mine
        FROM assessment_surveys s LEFT JOIN survey_responses r ON r.survey_id = s.id
        WHERE s.place_code = ${community} AND s.year = ${q.year} GROUP BY s.id ORDER BY s.created_at`,
  );
  return list.map((s) => ({
    id: s.id,
    year: s.year,
    targetKind: s.target_kind as TargetKind,
    targetId: s.target_id,
    targetName: s.target_name,
    title: s.title,
    responses: s.n,
    average: staff && s.avg !== null ? Math.round(s.avg * 100) / 100 : null,
    answered: !!s.mine,
  }));
}

/** A resident of the community scores a survey 1–5, once. */
export async function answerSurvey(db: Db, actor: Actor, id: string, score: number, req?: FastifyRequest) {
  const [s] = await db.select().from(assessmentSurveys).where(eq(assessmentSurveys.id, id));
  if (!s) throw errors.notFound('survey');
  if (!actor.residentId || !homeOf(actor)?.startsWith(s.placeCode)) throw errors.forbidden('survey.answer: residents of the community answer');
  const added = await db.insert(surveyResponses).values({ surveyId: id, residentId: actor.residentId, countyCode: s.countyCode, score }).onConflictDoNothing().returning();
  if (!added.length) throw errors.conflict('已评价 (you have answered this survey)', [{ field: 'score', message: 'already answered' }]);
  await recordAudit(db, { actorId: actor.userId, action: 'assessment.answer', targetKind: 'survey', targetId: id }, req);
  return (await listSurveys(db, actor, { community: s.placeCode, year: s.year })).find((x) => x.id === id)!;
}

/**
 * 志愿服务时长: the approved service hours, in activities of the year (Asia/Shanghai), of the residents
 * living in the target's places, read through the activities module's service.
 */
export async function volunteerHours(db: Db, places: string[], year: number): Promise<number> {
  const ids = await residentIdsUnder(db, places);
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  let minutes = 0;
  for (let i = 0; i < ids.length; i += 5000) for (const m of await approvedMinutesOf(db, ids.slice(i, i + 5000), from, to)) minutes += m.minutes;
  return minutes / 60;
}

/** The value of one indicator for one target, or null when there is nothing to measure. */
async function valueOf(db: Db, actor: Actor, ind: Indicator, target: Target, surveys: Array<{ targetId: string; targetKind: string; average: number | null }>): Promise<number | null> {
  if (ind.source === 'meetings_held') return countHeldMeetings(db, target.places, ind.year);
  if (ind.source === 'volunteer_hours') return volunteerHours(db, target.places, ind.year);
  if (ind.source === 'survey_score') {
    const mine = surveys.filter((s) => s.targetKind === ind.targetKind && s.targetId === target.id && s.average !== null);
    return mine.length ? mine.reduce((a, s) => a + s.average!, 0) / mine.length : null;
  }
  // Ticket rates over the target's places, from the ticket loop's own metrics.
  let due = 0;
  let closed = 0;
  let onTime = 0;
  let rated = 0;
  let satisfied = 0;
  for (const place of target.places) {
    const { totals } = await getTicketMetrics(db, actor, { place, from: `${ind.year}-01-01`, to: `${ind.year}-12-31` });
    due += totals.due;
    closed += totals.closed;
    onTime += totals.closedOnTime;
    rated += totals.rated;
    satisfied += Math.round((totals.satisfactionRate ?? 0) * totals.rated);
  }
  if (ind.source === 'ticket_satisfaction_rate') return rated ? satisfied / rated : null;
  if (!due) return null;
  return ind.source === 'ticket_close_rate' ? closed / due : onTime / due;
}

/** The year's ranking of a community's targets of one kind by their total points. */
export async function rankTargets(db: Db, actor: Actor, q: { community: string; year: number; targetKind: TargetKind }): Promise<Ranking> {
  await communityOrFail(db, q.community, 'query.community');
  assessmentPolicy.authorize(actor, 'assessment.read', { placeCode: q.community });
  const indicators = (await listIndicators(db, actor, q.community, q.year)).filter((i) => i.targetKind === q.targetKind);
  const targets = await targetsOf(db, actor, q.community, q.targetKind);
  const surveys = await listSurveys(db, actor, { community: q.community, year: q.year });
  const scored: Array<Omit<Ranking['rows'][number], 'rank'>> = [];
  for (const target of targets) {
    const values: Ranking['rows'][number]['values'] = [];
    for (const ind of indicators) {
      const value = await valueOf(db, actor, ind, target, surveys);
      const points = value === null ? 0 : Math.round(ind.weight * Math.min(value / ind.goal, 1) * 100) / 100;
      values.push({ indicatorId: ind.id, value: value === null ? null : Math.round(value * 10000) / 10000, points });
    }
    scored.push({ targetId: target.id, name: target.name, total: Math.round(values.reduce((s, v) => s + v.points, 0) * 100) / 100, values });
  }
  scored.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  // Equal totals share a rank (1, 2, 2, 4).
  const rowsOut = scored.map((s, i) => ({ rank: i === 0 || scored[i - 1].total !== s.total ? i + 1 : 0, ...s }));
  for (let i = 1; i < rowsOut.length; i++) if (rowsOut[i].rank === 0) rowsOut[i].rank = rowsOut[i - 1].rank;
  return { year: q.year, targetKind: q.targetKind, indicators, rows: rowsOut };
}
