/** Use cases of ticket metrics: the national set per place and per team over a period, rankings, xlsx. */
import ExcelJS from 'exceljs';
import type { Db } from '../../platform/db.js';
import { makePolicy, type Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { CODE_LENGTH, PLACE_LEVELS } from '../../../../contracts/roles.js';
import type { Metrics, MetricsReport } from '../../../../contracts/ticket-metrics.js';
import { findPlace } from '../places/places.service.js';
import * as repo from './ticket-metrics.repository.js';
import { parseShanghaiDay } from './ticket-clock.js';

export const metricsPolicy = makePolicy({
  'metrics.read': ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'],
});

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : null);
const hours = (h: number | null) => (h === null ? null : Math.round(h * 10) / 10);

export function toMetrics(r: repo.MetricsRaw): Metrics {
  return {
    received: r.received,
    registered: r.registered,
    due: r.due,
    closed: r.closed,
    closedOnTime: r.closed_on_time,
    closeRate: ratio(r.closed, r.due),
    onTimeRate: ratio(r.closed_on_time, r.due),
    reworkRate: ratio(r.reworked, r.closed),
    extensionRate: ratio(r.extended, r.registered),
    responseRate: ratio(r.accepted, r.registered),
    satisfactionRate: ratio(r.satisfied, r.rated),
    rated: r.rated,
    meanHoursToClose: hours(r.mean_hours),
    p90HoursToClose: hours(r.p90_hours),
  };
}

/** Rankings: on-time rate, then close rate, then satisfaction, then volume (nulls last). */
export function compareRank(a: Metrics, b: Metrics): number {
  for (const k of ['onTimeRate', 'closeRate', 'satisfactionRate'] as const) {
    const x = a[k] ?? -1;
    const y = b[k] ?? -1;
    if (x !== y) return y - x;
  }
  return b.received - a.received;
}

/** The Shanghai days [from, to] as instants [start of from, start of the day after to). */
export function periodOf(from: string, to: string): [Date, Date] {
  const start = parseShanghaiDay(from);
  const last = parseShanghaiDay(to);
  if (!start) throw errors.field('from', 'not a date');
  if (!last) throw errors.field('to', 'not a date');
  const end = new Date(last.getTime() + 86_400_000);
  if (end <= start) throw errors.field('to', 'must not be before from');
  if (end.getTime() - start.getTime() > 366 * 3 * 86_400_000) throw errors.field('to', 'at most three years at a time');
  return [start, end];
}

type Ranking = MetricsReport['byPlace'];

/** Metrics by place code or team id as a ranking: named (the key where no name is known), best first (compareRank). */
export function rankMetrics(rows: Array<{ key: string; metrics: Metrics }>, names: Map<string, string>): Ranking {
  return rows.map((r) => ({ code: r.key, name: names.get(r.key) ?? r.key, metrics: r.metrics })).sort((a, b) => compareRank(a.metrics, b.metrics));
}

/**
 * The metrics of a place and of the places and teams under it, over the Shanghai days from..to; with
 * `communities`, also of every community under it (tickets placed at a community or below: a ticket
 * placed on a township or county itself is in no community).
 */
export async function getTicketMetrics(db: Db, actor: Actor, q: { place: string; from: string; to: string }, opts: { communities?: boolean } = {}): Promise<MetricsReport & { byCommunity?: Ranking }> {
  const place = await findPlace(db, q.place);
  if (!place) throw errors.notFound(`place ${q.place}`);
  metricsPolicy.authorize(actor, 'metrics.read', { placeCode: place.code });
  const [from, to] = periodOf(q.from, q.to);
  const level = PLACE_LEVELS.indexOf(place.level as (typeof PLACE_LEVELS)[number]);
  const childLen = CODE_LENGTH[PLACE_LEVELS[Math.min(level + 1, PLACE_LEVELS.length - 1)]];
  const grouped = await repo.aggregate(db, place.code, from, to, childLen, opts.communities);
  const empty = { received: 0, registered: 0, due: 0, closed: 0, closed_on_time: 0, reworked: 0, extended: 0, accepted: 0, rated: 0, satisfied: 0, mean_hours: null, p90_hours: null };
  const total = grouped.find((r) => r.by === 'total') ?? empty;
  const of = (by: repo.GroupedRaw['by']) => grouped.filter((r) => r.by === by && r.key).map((r) => ({ key: r.key!, metrics: toMetrics(r) }));
  const [places, teams, communities] = [of('child'), of('team'), of('community').filter((r) => r.key.length === CODE_LENGTH.community)];
  const [placeNames, teamNames] = await Promise.all([repo.placeNames(db, [...places, ...communities].map((r) => r.key)), repo.teamNames(db, teams.map((r) => r.key))]);
  const pn = new Map(placeNames.map((p) => [p.code, p.name]));
  const report: MetricsReport = { place: { code: place.code, name: place.name }, from: q.from, to: q.to, totals: toMetrics(total), byPlace: rankMetrics(places, pn), byTeam: rankMetrics(teams, new Map(teamNames.map((t) => [t.id, t.name]))) };
  return opts.communities ? { ...report, byCommunity: rankMetrics(communities, pn) } : report;
}

const COLUMNS: Array<[keyof Metrics, string, 'int' | 'rate' | 'hours']> = [
  ['received', '受理', 'int'],
  ['registered', '立案', 'int'],
  ['due', '应结案', 'int'],
  ['closed', '结案', 'int'],
  ['closedOnTime', '按期结案', 'int'],
  ['closeRate', '结案率', 'rate'],
  ['onTimeRate', '按期结案率', 'rate'],
  ['reworkRate', '返工率', 'rate'],
  ['extensionRate', '延期率', 'rate'],
  ['responseRate', '响应率', 'rate'],
  ['satisfactionRate', '满意率', 'rate'],
  ['meanHoursToClose', '平均办结时长(小时)', 'hours'],
  ['p90HoursToClose', '90%办结时长(小时)', 'hours'],
];

/** A ranking sheet of the metrics workbook; `omit` leaves out columns its rows do not carry. */
export interface RankingSheet {
  name: string;
  rows: Ranking;
  omit?: Array<keyof Metrics>;
}

/** The report as an xlsx workbook: 汇总, then the rankings (by default 地区排名 and 队伍排名). */
export async function exportTicketMetrics(
  report: MetricsReport,
  rankings: RankingSheet[] = [
    { name: '地区排名', rows: report.byPlace },
    { name: '队伍排名', rows: report.byTeam },
  ],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = (name: string, rows: Array<{ rank?: number; name: string; metrics: Metrics }>, omit: Array<keyof Metrics> = []) => {
    const columns = COLUMNS.filter(([k]) => !omit.includes(k));
    const ws = wb.addWorksheet(name);
    ws.addRow(['排名', '名称', ...columns.map(([, label]) => label)]).font = { bold: true };
    for (const r of rows) ws.addRow([r.rank ?? '', r.name, ...columns.map(([k]) => r.metrics[k])]);
    columns.forEach(([, , kind], i) => {
      if (kind === 'rate') ws.getColumn(i + 3).numFmt = '0.0%';
    });
    ws.getColumn(2).width = 24;
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  sheet(`汇总 ${report.from}至${report.to}`.slice(0, 31), [{ name: report.place.name, metrics: report.totals }]);
  for (const r of rankings) sheet(r.name, r.rows.map((x, i) => ({ rank: i + 1, ...x })), r.omit);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
