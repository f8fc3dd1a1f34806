/** The dashboards' data as xlsx: one sheet per chart, or the one chart asked for. */
import ExcelJS from 'exceljs';
import { COMMUNITY_RANKING_LEVELS, type OrgDashboard, type TicketDashboard } from '../../../../contracts/supervision.js';
import { exportTicketMetrics, type RankingSheet } from '../tickets/ticket-metrics.service.js';

export const TICKET_CHARTS = ['volume', 'funnel', 'trend', 'hotspots', 'overdue', 'places', 'communities', 'teams'] as const;
export const ORG_CHARTS = ['coverage', 'grids', 'population', 'members'] as const;
export type TicketChart = (typeof TICKET_CHARTS)[number];
export type OrgChart = (typeof ORG_CHARTS)[number];

const STAGE_LABEL: Record<string, string> = { received: '受理', registered: '立案', dispatched: '派遣', accepted: '处置', reported: '反馈', closed: '结案', rated: '评价' };
const BUCKET_LABEL = { day: '日', week: '周(起始日)', month: '月' } as const;

type Sheet = { name: string; head: string[]; rows: unknown[][]; rates?: number[] };

function workbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    ws.addRow(s.head).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    for (const i of s.rates ?? []) ws.getColumn(i + 1).numFmt = '0.0%';
    ws.columns.forEach((c) => (c.width = 14));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return wb.xlsx.writeBuffer().then((b) => Buffer.from(b));
}

type RankingChart = 'places' | 'communities' | 'teams';
const isRanking = (chart: TicketChart): chart is RankingChart => chart === 'places' || chart === 'communities' || chart === 'teams';

/** The rankings' sheets: below, the communities (the city's and a county's, with no 90th percentile of hours), the teams. */
function rankingSheets(d: TicketDashboard): Record<RankingChart, RankingSheet> {
  return {
    places: { name: '下级排名', rows: d.byPlace },
    communities: { name: '社区排名', rows: d.byCommunity, omit: ['p90HoursToClose'] },
    teams: { name: '队伍排名', rows: d.byTeam },
  };
}

function ticketSheets(d: TicketDashboard): Record<Exclude<TicketChart, RankingChart>, Sheet> {
  const names = new Map(d.categories.map((c) => [c.code, c.name]));
  const buckets = [...new Set(d.volume.map((v) => v.bucket))].sort();
  const cats = d.categories.map((c) => c.code);
  const cell = new Map(d.volume.map((v) => [`${v.bucket}|${v.category}`, v.count]));
  return {
    volume: { name: '诉求量(按类别)', head: [BUCKET_LABEL[d.bucket], ...cats.map((c) => names.get(c) ?? c), '合计'], rows: buckets.map((b) => { const xs = cats.map((c) => cell.get(`${b}|${c}`) ?? 0); return [b, ...xs, xs.reduce((a, x) => a + x, 0)]; }) },
    funnel: { name: '办理漏斗', head: ['环节', '件数'], rows: d.funnel.map((f) => [STAGE_LABEL[f.stage] ?? f.stage, f.count]) },
    trend: {
      name: '结案率趋势',
      head: [BUCKET_LABEL[d.bucket], '应结案', '结案', '按期结案', '结案率', '按期结案率', '评价', '满意', '满意率'],
      rows: d.trend.map((p) => [p.bucket, p.due, p.closed, p.closedOnTime, p.closeRate, p.onTimeRate, p.rated, p.satisfied, p.satisfactionRate]),
      rates: [4, 5, 8],
    },
    hotspots: { name: '热点小区', head: ['小区编码', '小区', '受理', '未办结'], rows: d.hotspots.map((h) => [h.code, h.name, h.count, h.open]) },
    overdue: {
      name: '超期工单',
      head: ['编号', '标题', '类别', '地点', '承办', '截止时间', '超期(小时)', '已督办'],
      rows: d.overdue.map((o) => [o.number, o.title, o.categoryName, o.placeName, o.holder, new Date(o.deadlineAt), o.overdueHours, o.supervised ? '是' : '否']),
    },
  };
}

/** The ticket dashboard as xlsx; `chart` picks one sheet (a ranking comes as the metrics workbook: 汇总 and the ranking with every metric). */
export async function exportTicketDashboard(d: TicketDashboard, chart?: TicketChart): Promise<Buffer> {
  const rankings = rankingSheets(d);
  if (chart && isRanking(chart)) return exportTicketMetrics(d, [rankings[chart]]);
  const sheets = ticketSheets(d);
  if (chart) return workbook([sheets[chart]]);
  const rank = ({ name, rows }: RankingSheet): Sheet => ({
    name,
    head: ['排名', '名称', '受理', '应结案', '结案', '按期结案', '结案率', '按期结案率', '满意率'],
    rows: rows.map((r, i) => [i + 1, r.name, r.metrics.received, r.metrics.due, r.metrics.closed, r.metrics.closedOnTime, r.metrics.closeRate, r.metrics.onTimeRate, r.metrics.satisfactionRate]),
    rates: [6, 7, 8],
  });
  const ranked = [rankings.places, ...(COMMUNITY_RANKING_LEVELS.includes(d.place.level) ? [rankings.communities] : []), rankings.teams];
  return workbook([...Object.values(sheets), ...ranked.map(rank)]);
}

/** The organisation dashboard as xlsx, or one of its charts. */
export async function exportOrgDashboard(d: OrgDashboard, chart?: OrgChart): Promise<Buffer> {
  const c = d.coverage;
  const sheets: Record<OrgChart, Sheet> = {
    coverage: {
      name: '党组织覆盖',
      head: ['编码', '名称', '小区', '已建支部', '支部覆盖率', '楼栋', '已建党小组', '党小组覆盖率', '单元', '中心户', '中心户覆盖率', '党员', '未编入组织'],
      rows: c ? [c.total, ...c.children].map((r) => [r.code, r.name, r.compounds, r.compoundsWithBranch, r.compoundShare, r.buildings, r.buildingsWithGroup, r.buildingShare, r.units, r.unitsWithCentreHousehold, r.unitShare, r.members, r.membersInNoOrg]) : [],
      rates: [4, 7, 10],
    },
    grids: { name: '网格', head: ['网格', '有网格员', '楼栋', '已划入网格'], rows: [[d.grids.total, d.grids.withWorker, d.grids.buildings, d.grids.buildingsInGrid]] },
    population: { name: '人口(按标签)', head: ['标签', '人数'], rows: [['居民合计', d.population.residents], ['户数', d.population.households], ...d.population.byTag.map((t) => [t.tag, t.count]), ...d.population.byResidence.map((r) => [`居住状态:${r.status}`, r.count])] },
    members: { name: '党员(按状态)', head: ['状态', '人数'], rows: [...d.members.byStatus.map((m) => [m.status, m.count]), ['合计', d.members.total], ['组织关系在外', d.members.keptElsewhere]] },
  };
  return workbook(chart ? [sheets[chart]] : Object.values(sheets));
}
