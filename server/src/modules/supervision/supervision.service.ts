/** Use cases of supervision: the ticket dashboard and the organisation/registry dashboard of a place, and their xlsx. */
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { TIER_LABEL, type TicketTier } from '../../../../contracts/tickets.js';
import type { OrgDashboard, TicketDashboard, TrendPoint } from '../../../../contracts/supervision.js';
import { findPlace } from '../places/places.service.js';
import { getTicketMetrics, periodOf } from '../tickets/ticket-metrics.service.js';
import { reportCoverage } from '../party/party.service.js';
import { supervisionPolicy } from './supervision.policy.js';
import * as repo from './supervision.repository.js';

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);
export const FUNNEL_STAGES = ['received', 'registered', 'dispatched', 'accepted', 'reported', 'closed', 'rated'] as const;
const OVERDUE_LIMIT = 50;
const HOTSPOTS = 15;

/** Buckets of the charts: days up to two months, weeks up to half a year, months beyond. */
export function bucketFor(from: Date, to: Date): repo.BucketUnit {
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  return days <= 62 ? 'day' : days <= 186 ? 'week' : 'month';
}

async function placeInScope(db: Db, actor: Actor, code: string) {
  const place = await findPlace(db, code);
  if (!place) throw errors.notFound(`place ${code}`);
  if (!['city', 'county', 'township', 'community', 'compound'].includes(place.level)) throw errors.field('query.place', 'a city, county, township, community or compound');
  supervisionPolicy.authorize(actor, 'dashboard.read', { placeCode: place.code });
  return place;
}

function holderOf(r: repo.OverdueRow): string {
  if (r.team_name) return r.team_name;
  if (r.tier === 'department') return r.department ?? TIER_LABEL.department;
  if (r.tier === 'community' && r.community_name) return r.community_name;
  if (r.tier === 'township' && r.township_name) return r.township_name;
  return TIER_LABEL[r.tier as TicketTier] ?? r.tier;
}

/** The ticket dashboard of a place over the Shanghai days from..to. */
export async function getTicketDashboard(db: Db, actor: Actor, q: { place: string; from: string; to: string }): Promise<TicketDashboard> {
  const place = await placeInScope(db, actor, q.place);
  const [from, to] = periodOf(q.from, q.to);
  const unit = bucketFor(from, to);
  const [metrics, scan, overdue, overdueTotal, categories] = await Promise.all([
    getTicketMetrics(db, actor, q),
    repo.scanTickets(db, place.code, from, to, unit),
    repo.findOverdue(db, place.code, OVERDUE_LIMIT),
    repo.countOverdue(db, place.code),
    repo.categoryNames(db),
  ]);
  const volumeRows = scan.filter((r) => r.g === 7 && r.cb !== null);
  const funnel = { received: 0, registered: 0, dispatched: 0, accepted: 0, reported: 0, closed: 0, rated: 0 };
  const perCategory = new Map<string, number>();
  for (const r of volumeRows) {
    funnel.received += r.n;
    funnel.registered += r.registered;
    funnel.dispatched += r.dispatched;
    funnel.accepted += r.accepted;
    funnel.reported += r.reported;
    funnel.closed += r.closed;
    funnel.rated += r.rated;
    perCategory.set(r.cat!, (perCategory.get(r.cat!) ?? 0) + r.n);
  }
  const trendMap = new Map<string, TrendPoint>();
  const point = (bucket: string) => {
    let p = trendMap.get(bucket);
    if (!p) trendMap.set(bucket, (p = { bucket, due: 0, closed: 0, closedOnTime: 0, closeRate: null, onTimeRate: null, rated: 0, satisfied: 0, satisfactionRate: null }));
    return p;
  };
  for (const r of scan) {
    if (r.g === 27 && r.db !== null) Object.assign(point(r.db), { due: r.due, closed: r.due_closed, closedOnTime: r.due_on_time });
    if (r.g === 29 && r.clb !== null) Object.assign(point(r.clb), { rated: r.rated, satisfied: r.satisfied });
  }
  const trend = [...trendMap.values()]
    .sort((a, b) => a.bucket.localeCompare(b.bucket))
    .map((p) => ({ ...p, closeRate: ratio(p.closed, p.due), onTimeRate: ratio(p.closedOnTime, p.due), satisfactionRate: ratio(p.satisfied, p.rated) }));
  const spots = scan
    .filter((r) => r.g === 30 && r.compound !== null)
    .sort((a, b) => b.n - a.n || a.compound!.localeCompare(b.compound!))
    .slice(0, HOTSPOTS);
  const spotPlaces = new Map((await repo.placesByCode(db, spots.map((s) => s.compound!))).map((p) => [p.code, p]));
  const names = new Map(categories.map((c) => [c.code, c.name]));
  const now = Date.now();
  return {
    place: { code: place.code, name: place.name, level: place.level },
    from: q.from,
    to: q.to,
    bucket: unit,
    totals: metrics.totals,
    categories: [...perCategory.entries()].map(([code, count]) => ({ code, name: names.get(code) ?? code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    volume: volumeRows.map((r) => ({ bucket: r.cb!, category: r.cat!, count: r.n })).sort((a, b) => a.bucket.localeCompare(b.bucket) || a.category.localeCompare(b.category)),
    funnel: FUNNEL_STAGES.map((stage) => ({ stage, count: funnel[stage] })),
    trend,
    hotspots: spots.map((s) => {
      const p = spotPlaces.get(s.compound!);
      return { code: s.compound!, name: p?.name ?? s.compound!, count: s.n, open: s.open, lat: p?.lat ?? null, lng: p?.lng ?? null };
    }),
    overdue: overdue.map((r) => {
      const deadline = new Date(r.deadline_at);
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        categoryName: r.category_name,
        placeName: [r.township_name, r.community_name, r.place_name].filter(Boolean).join(' '),
        status: r.status,
        tier: r.tier,
        holder: holderOf(r),
        deadlineAt: deadline.toISOString(),
        overdueHours: Math.round(((now - deadline.getTime()) / 3_600_000) * 10) / 10,
        supervised: r.supervised,
      };
    }),
    overdueTotal,
    byPlace: metrics.byPlace,
    byTeam: metrics.byTeam,
  };
}

/** Organisation coverage (branches, groups, centre households), grids and registry figures under a place. */
export async function getOrgDashboard(db: Db, actor: Actor, code: string): Promise<OrgDashboard> {
  const place = await placeInScope(db, actor, code);
  const coverage = await reportCoverage(db, actor, place.code);
  const [grids, pop] = await Promise.all([repo.gridFigures(db, place.code), repo.populationFigures(db, place.code)]);
  return {
    place: { code: place.code, name: place.name, level: place.level },
    coverage,
    grids,
    population: { residents: pop.totals.residents, households: pop.totals.households, byTag: pop.byTag, byResidence: pop.byResidence },
    members: {
      total: pop.members.reduce((n, m) => n + m.count, 0),
      byStatus: pop.members.map((m) => ({ status: m.status, count: m.count })),
      keptElsewhere: pop.members.reduce((n, m) => n + m.elsewhere, 0),
    },
  };
}
