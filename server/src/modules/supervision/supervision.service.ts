/** Use cases of supervision: the ticket dashboard and the organisation/registry dashboard of a place, and their xlsx. */
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { TIER_LABEL, type TicketTier } from '../../../../contracts/tickets.js';
import { COMMUNITY_RANKING_LEVELS, type OrgDashboard, type TicketDashboard, type TrendPoint } from '../../../../contracts/supervision.js';
import type { Metrics } from '../../../../contracts/ticket-metrics.js';
import { findPlace } from '../places/places.service.js';
import { getTicketMetrics, periodOf, rankMetrics, toMetrics } from '../tickets/ticket-metrics.service.js';
import { reportCoverage } from '../party/party.service.js';
import { supervisionPolicy } from './supervision.policy.js';
import * as repo from './supervision.repository.js';
import * as rollups from './rollups.repository.js';

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

type Ranked = TicketDashboard['byPlace'];
/** The figures of the dashboard that count tickets over the period; from the live scan or from the rollups. */
export interface TicketFigures {
  totals: TicketDashboard['totals'];
  byPlace: Ranked;
  byTeam: Ranked;
  byCommunity: Ranked;
  perCategory: Map<string, number>;
  volume: TicketDashboard['volume'];
  funnel: TicketDashboard['funnel'];
  trend: TrendPoint[];
  spots: Array<{ code: string; n: number; open: number }>;
}

/** Places read from the rollups: the city, a county, a township. A community or a compound holds few enough tickets to scan. */
const ROLLUP_LEVELS = new Set(['city', 'county', 'township']);

/** The ticket dashboard of a place over the Shanghai days from..to. */
export async function getTicketDashboard(db: Db, actor: Actor, q: { place: string; from: string; to: string }, opts: { live?: boolean } = {}): Promise<TicketDashboard> {
  const place = await placeInScope(db, actor, q.place);
  const [from, to] = periodOf(q.from, q.to);
  const unit = bucketFor(from, to);
  const useRollups = !opts.live && ROLLUP_LEVELS.has(place.level);
  const communities = COMMUNITY_RANKING_LEVELS.includes(place.level);
  const [figures, overdue, overdueTotal, categories] = await Promise.all([
    useRollups ? rollupFigures(db, place.code, q, unit, communities) : liveFigures(db, actor, place.code, q, from, to, unit, communities),
    repo.findOverdue(db, place.code, OVERDUE_LIMIT),
    repo.countOverdue(db, place.code),
    repo.categoryNames(db),
  ]);
  const { spots, perCategory } = figures;
  const spotPlaces = new Map((await repo.placesByCode(db, spots.map((s) => s.code))).map((p) => [p.code, p]));
  const names = new Map(categories.map((c) => [c.code, c.name]));
  const now = Date.now();
  return {
    place: { code: place.code, name: place.name, level: place.level },
    from: q.from,
    to: q.to,
    bucket: unit,
    totals: figures.totals,
    categories: [...perCategory.entries()].map(([code, count]) => ({ code, name: names.get(code) ?? code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    volume: figures.volume,
    funnel: figures.funnel,
    trend: figures.trend,
    hotspots: spots.map((s) => {
      const p = spotPlaces.get(s.code);
      return { code: s.code, name: p?.name ?? s.code, count: s.n, open: s.open, lat: p?.lat ?? null, lng: p?.lng ?? null };
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
    byPlace: figures.byPlace,
    byTeam: figures.byTeam,
    byCommunity: figures.byCommunity,
  };
}

const finishTrend = (points: Iterable<TrendPoint>) =>
  [...points]
    .sort((a, b) => a.bucket.localeCompare(b.bucket))
    .map((p) => ({ ...p, closeRate: ratio(p.closed, p.due), onTimeRate: ratio(p.closedOnTime, p.due), satisfactionRate: ratio(p.satisfied, p.rated) }));

function trendPoints() {
  const map = new Map<string, TrendPoint>();
  const point = (bucket: string) => {
    let p = map.get(bucket);
    if (!p) map.set(bucket, (p = { bucket, due: 0, closed: 0, closedOnTime: 0, closeRate: null, onTimeRate: null, rated: 0, satisfied: 0, satisfactionRate: null }));
    return p;
  };
  return { map, point };
}

/** The live path: one scan of the tickets and the national metrics query (a compound, or for comparison). */
async function liveFigures(
  db: Db,
  actor: Actor,
  code: string,
  q: { place: string; from: string; to: string },
  from: Date,
  to: Date,
  unit: repo.BucketUnit,
  communities: boolean,
): Promise<TicketFigures> {
  const [metrics, scan] = await Promise.all([getTicketMetrics(db, actor, q, { communities }), repo.scanTickets(db, code, from, to, unit)]);
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
  const { map: trendMap, point } = trendPoints();
  for (const r of scan) {
    if (r.g === 27 && r.db !== null) Object.assign(point(r.db), { due: r.due, closed: r.due_closed, closedOnTime: r.due_on_time });
    if (r.g === 29 && r.clb !== null) Object.assign(point(r.clb), { rated: r.rated, satisfied: r.satisfied });
  }
  const spots = scan
    .filter((r) => r.g === 30 && r.compound !== null)
    .sort((a, b) => b.n - a.n || a.compound!.localeCompare(b.compound!))
    .slice(0, HOTSPOTS)
    .map((r) => ({ code: r.compound!, n: r.n, open: r.open }));
  return {
    totals: metrics.totals,
    byPlace: metrics.byPlace,
    byTeam: metrics.byTeam,
    byCommunity: (metrics.byCommunity ?? []).map((r) => ({ ...r, metrics: withoutP90(r.metrics) })),
    perCategory,
    volume: volumeRows.map((r) => ({ bucket: r.cb!, category: r.cat!, count: r.n })).sort((a, b) => a.bucket.localeCompare(b.bucket) || a.category.localeCompare(b.category)),
    funnel: FUNNEL_STAGES.map((stage) => ({ stage, count: funnel[stage] })),
    trend: finishTrend(trendMap.values()),
    spots,
  };
}

/** percentile_cont(0.9) over values given as (value, count), as PostgreSQL computes it. */
export function p90Of(bins: Array<{ bin: number; n: number }>): number | null {
  const sorted = bins.filter((b) => b.n > 0).sort((a, b) => a.bin - b.bin);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (!total) return null;
  const pos = 0.9 * (total - 1);
  const lo = Math.floor(pos);
  const at = (rank: number) => {
    let seen = 0;
    for (const b of sorted) {
      seen += b.n;
      if (rank < seen) return b.bin;
    }
    return sorted[sorted.length - 1].bin;
  };
  const a = at(lo);
  return lo + 1 < total ? a + (pos - lo) * (at(lo + 1) - a) : a;
}

/**
 * The community ranking carries no 90th percentile of hours to close, on either path: the rollups would
 * read it from their histogram by community and hour, for a county-year about six times the rows of the
 * townships' (the heaviest read of the dashboard already), and the ranking does not rank by it.
 */
const withoutP90 = (m: Metrics): Metrics => ({ ...m, p90HoursToClose: null });

/**
 * The rollup path (rollups.repository): the same figures from the pre-aggregated counts plus the
 * deltas not yet folded. Exact, but for the 90th percentile of hours to close, which is taken over
 * whole hours (the rollups keep a histogram by the hour): it may read up to an hour below the scan's.
 */
async function rollupFigures(db: Db, code: string, q: { from: string; to: string }, unit: repo.BucketUnit, withCommunities: boolean): Promise<TicketFigures> {
  const end = new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  const [buckets, own, children, teams, communities, hist, spots] = await Promise.all([
    rollups.readBuckets(db, code, q.from, end, unit),
    rollups.readMetrics(db, code, q.from, end, 'own'),
    rollups.readMetrics(db, code, q.from, end, 'child'),
    rollups.readMetrics(db, code, q.from, end, 'team'),
    withCommunities ? rollups.readMetrics(db, code, q.from, end, 'community') : [],
    rollups.readHistograms(db, code, q.from, end),
    rollups.readHotspots(db, code, q.from, end, HOTSPOTS),
  ]);
  const binsOf = new Map<string, Array<{ bin: number; n: number }>>();
  for (const h of hist) {
    const k = `${h.by}|${h.key}`;
    if (!binsOf.has(k)) binsOf.set(k, []);
    binsOf.get(k)!.push(h);
  }
  // A city's own figures are the sum of its counties' rows, and so is its histogram.
  const ownBins = code.length < 6 ? hist.filter((h) => h.by === 'child') : (binsOf.get('own|') ?? []);
  const metricsOf = (r: rollups.MetricRow | undefined, bins: Array<{ bin: number; n: number }>) =>
    toMetrics({
      received: r?.received ?? 0,
      registered: r?.registered ?? 0,
      due: r?.due ?? 0,
      closed: r?.closed ?? 0,
      closed_on_time: r?.closed_on_time ?? 0,
      reworked: r?.reworked ?? 0,
      extended: r?.extended ?? 0,
      accepted: r?.accepted ?? 0,
      rated: r?.rated ?? 0,
      satisfied: r?.satisfied ?? 0,
      mean_hours: r && r.closed_n ? r.hours / r.closed_n : null,
      p90_hours: p90Of(bins),
    });
  // Listed as the scan lists them: anything counted at all in the period.
  const touching = (rs: rollups.MetricRow[], by: 'child' | 'team' | 'community') =>
    rs.filter((r) => r.touching > 0).map((r) => ({ key: r.key, metrics: metricsOf(r, binsOf.get(`${by}|${r.key}`) ?? []) }));
  const [places, teamRows, communityRows] = [touching(children, 'child'), touching(teams, 'team'), touching(communities, 'community')];
  const [placeNames, teamNames] = await Promise.all([repo.placesByCode(db, [...places, ...communityRows].map((r) => r.key)), rollups.teamNames(db, teamRows.map((r) => r.key))]);
  const pn = new Map(placeNames.map((p) => [p.code, p.name]));

  const funnel = { received: 0, registered: 0, dispatched: 0, accepted: 0, reported: 0, closed: 0, rated: 0 };
  const perCategory = new Map<string, number>();
  const volume = new Map<string, number>();
  const { map: trendMap, point } = trendPoints();
  for (const r of buckets) {
    if (r.kind === 'c') {
      if (!r.n) continue;
      funnel.received += r.n;
      funnel.registered += r.c1;
      funnel.dispatched += r.c2;
      funnel.accepted += r.c3;
      funnel.reported += r.c4;
      funnel.closed += r.c5;
      funnel.rated += r.c6;
      perCategory.set(r.cat, (perCategory.get(r.cat) ?? 0) + r.n);
      volume.set(`${r.bucket}|${r.cat}`, (volume.get(`${r.bucket}|${r.cat}`) ?? 0) + r.n);
    } else if (r.kind === 'd' && r.c3) {
      const p = point(r.bucket);
      p.due += r.c3;
      p.closed += r.closed_b;
      p.closedOnTime += r.on_time_b;
    } else if (r.kind === 'x' && r.n) {
      const p = point(r.bucket);
      p.rated += r.c3;
      p.satisfied += r.c4;
    }
  }
  return {
    totals: metricsOf(own[0], ownBins),
    byPlace: rankMetrics(places, pn),
    byTeam: rankMetrics(teamRows, new Map(teamNames.map((t) => [t.id, t.name]))),
    byCommunity: rankMetrics(communityRows, pn),
    perCategory,
    volume: [...volume.entries()]
      .filter(([, count]) => count)
      .map(([k, count]) => ({ bucket: k.slice(0, 10), category: k.slice(11), count }))
      .sort((a, b) => a.bucket.localeCompare(b.bucket) || a.category.localeCompare(b.category)),
    funnel: FUNNEL_STAGES.map((stage) => ({ stage, count: funnel[stage] })),
    trend: finishTrend(trendMap.values()),
    spots: spots.map((s) => ({ code: s.compound, n: s.n, open: s.open })),
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
