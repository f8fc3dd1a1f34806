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

/** The metrics of a place and of the places and teams under it, over the Shanghai days from..to. */
export async function getTicketMetrics(db: Db, actor: Actor, q: { place: string; from: string; to: string }): Promise<MetricsReport> {
  const place = await findPlace(db, q.place);
  if (!place) throw errors.notFound(`place ${q.place}`);
  metricsPolicy.authorize(actor, 'metrics.read', { placeCode: place.code });
  const [from, to] = periodOf(q.from, q.to);
  const level = PLACE_LEVELS.indexOf(place.level as (typeof PLACE_LEVELS)[number]);
  const childLen = CODE_LENGTH[PLACE_LEVELS[Math.min(level + 1, PLACE_LEVELS.length - 1)]];
  const grouped = await repo.aggregate(db, place.code, from, to, childLen);
  const empty = { received: 0, registered: 0, due: 0, closed: 0, closed_on_time: 0, reworked: 0, extended: 0, accepted: 0, rated: 0, satisfied: 0, mean_hours: null, p90_hours: null };
  const total = grouped.find((r) => r.g === 3) ?? empty;
  const byPlaceRaw = grouped.filter((r) => r.g === 1 && r.child).map((r) => ({ ...r, key: r.child! }));
  const byTeamRaw = grouped.filter((r) => r.g === 2 && r.team).map((r) => ({ ...r, key: r.team! }));
  const [placeNames, teamNames] = await Promise.all([
    repo.placeNames(
      db,
      byPlaceRaw.map((r) => r.key),
    ),
    repo.teamNames(
      db,
      byTeamRaw.map((r) => r.key),
    ),
  ]);
  const pn = new Map(placeNames.map((p) => [p.code, p.name]));
  const tn = new Map(teamNames.map((p) => [p.id, p.name]));
  const byPlace = byPlaceRaw
    .map((r) => ({ code: r.key, name: pn.get(r.key) ?? r.key, metrics: toMetrics(r) }))
    .sort((a, b) => compareRank(a.metrics, b.metrics));
  const byTeam = byTeamRaw
    .map((r) => ({ code: r.key, name: tn.get(r.key) ?? r.key, metrics: toMetrics(r) }))
    .sort((a, b) => compareRank(a.metrics, b.metrics));
  return { place: { code: place.code, name: place.name }, from: q.from, to: q.to, totals: toMetrics(total), byPlace, byTeam };
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

/** The report as an xlsx workbook: 汇总, 地区排名, 队伍排名. */
export async function exportTicketMetrics(report: MetricsReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = (name: string, rows: Array<{ rank?: number; name: string; metrics: Metrics }>) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(['排名', '名称', ...COLUMNS.map(([, label]) => label)]).font = { bold: true };
    for (const r of rows) ws.addRow([r.rank ?? '', r.name, ...COLUMNS.map(([k]) => r.metrics[k])]);
    COLUMNS.forEach(([, , kind], i) => {
      if (kind === 'rate') ws.getColumn(i + 3).numFmt = '0.0%';
    });
    ws.getColumn(2).width = 24;
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  sheet(`汇总 ${report.from}至${report.to}`.slice(0, 31), [{ name: report.place.name, metrics: report.totals }]);
  sheet('地区排名', report.byPlace.map((r, i) => ({ rank: i + 1, ...r })));
  sheet('队伍排名', report.byTeam.map((r, i) => ({ rank: i + 1, ...r })));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
