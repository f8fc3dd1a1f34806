/** 督办看板: the viewer's node (or a place below it) over a period — tickets, organisation and people, the map. Every chart exports PNG and xlsx. */
import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import type { Role } from '../../../../contracts/roles';
import { COMMUNITY_RANKING_LEVELS, type OrgDashboard, type TicketDashboard } from '../../../../contracts/supervision';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { ChartCard, PALETTE, type ChartOption } from './charts';
import { MapView } from './MapView';

export const DASHBOARD_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
const LEVELS = ['city', 'county', 'township', 'community', 'compound'] as const;
const pct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);
const pct1 = (r: number | null) => (r == null ? null : Math.round(r * 1000) / 10);
/** A chart's value in percent (from pct1), as its tooltip shows it. */
const percentLabel = (v: unknown) => (v == null ? '—' : `${v}%`);

type RankRow = TicketDashboard['byPlace'][number] & { rank: number };
type Overdue = TicketDashboard['overdue'][number];
/** The three rates, in the same order and colours on every chart and table. */
const RATES = ['closeRate', 'onTimeRate', 'satisfactionRate'] as const;
const RATE_COLORS = ['#c8161d', '#fa8c16', '#52c41a'];
/** Rows a ranking chart shows at once; a slider scrolls through the rest. */
const RANK_WINDOW = 10;

/** A ranking as bars of the three rates it is ranked by (on-time first, then close, then satisfaction), best on top. */
function rankingOption(rows: RankRow[], t: (k: MessageKey) => string): ChartOption {
  return {
    color: RATE_COLORS,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: percentLabel },
    legend: { top: 0 },
    grid: { left: 150, right: rows.length > RANK_WINDOW ? 40 : 16, top: 30, bottom: 24 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => `${r.rank}. ${r.name}`), axisLabel: { width: 140, overflow: 'truncate' } },
    dataZoom:
      rows.length > RANK_WINDOW
        ? [
            { type: 'slider', yAxisIndex: 0, right: 8, width: 16, startValue: 0, endValue: RANK_WINDOW - 1, zoomLock: true, brushSelect: false, showDetail: false, showDataShadow: false },
            { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true },
          ]
        : [],
    series: RATES.map((k) => ({ name: t(`dash.kpi.${k}`), type: 'bar', barMaxWidth: 8, barGap: '20%', data: rows.map((r) => pct1(r.metrics[k])) })),
  };
}

/** A ranking (places below, communities, teams): its rates as a chart (PNG), every row in a table, the metrics workbook (xlsx). */
function RankingCard({ id, title, ranking, xlsxHref, fileName }: { id: string; title: string; ranking: TicketDashboard['byPlace']; xlsxHref: string; fileName: string }) {
  const { t } = useI18n();
  // The rank is the ranking's order, whatever page or column order the table shows.
  const rows = useMemo(() => ranking.map((r, i) => ({ ...r, rank: i + 1 })), [ranking]);
  const option = useMemo(() => rankingOption(rows, t), [rows, t]);
  const by = (f: (m: RankRow['metrics']) => number | null) => (a: RankRow, b: RankRow) => (f(a.metrics) ?? -1) - (f(b.metrics) ?? -1);
  const columns = [
    { title: t('dash.col.rank'), dataIndex: 'rank', width: 60, sorter: (a: RankRow, b: RankRow) => a.rank - b.rank },
    { title: t('dash.col.name'), dataIndex: 'name' },
    { title: t('dash.kpi.received'), key: 'received', sorter: by((m) => m.received), render: (_: unknown, r: RankRow) => r.metrics.received },
    { title: t('dash.kpi.due'), key: 'due', sorter: by((m) => m.due), render: (_: unknown, r: RankRow) => r.metrics.due },
    ...RATES.map((k) => ({ title: t(`dash.kpi.${k}`), key: k, sorter: by((m) => m[k]), render: (_: unknown, r: RankRow) => pct(r.metrics[k]) })),
  ];
  return (
    <ChartCard id={id} title={title} option={option} height={54 + 26 * Math.min(rows.length, RANK_WINDOW)} empty={!rows.length} xlsxHref={xlsxHref} fileName={fileName}>
      <Table<RankRow> rowKey="code" size="small" pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} dataSource={rows} columns={columns} />
    </ChartCard>
  );
}

function ticketOptions(d: TicketDashboard, t: (k: MessageKey) => string) {
  const buckets = [...new Set(d.volume.map((v) => v.bucket))].sort();
  const cell = new Map(d.volume.map((v) => [`${v.bucket}|${v.category}`, v.count]));
  const volume: ChartOption = {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'category', data: buckets },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: buckets.length > 40 ? [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4 }] : [],
    series: d.categories.map((c) => ({ name: c.name, type: 'bar', stack: 'all', barMaxWidth: 48, data: buckets.map((b) => cell.get(`${b}|${c.code}`) ?? 0) })),
  };
  const funnel: ChartOption = {
    color: PALETTE,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        minSize: '20%',
        label: { position: 'inside', formatter: '{b}  {c}' },
        data: d.funnel.map((f) => ({ name: t(`dash.stage.${f.stage}` as MessageKey), value: f.count })),
      },
    ],
  };
  const trend: ChartOption = {
    color: RATE_COLORS,
    tooltip: { trigger: 'axis', valueFormatter: percentLabel },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: d.trend.map((p) => p.bucket) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: RATES.map((k) => ({
      name: t(`dash.kpi.${k}`),
      type: 'line',
      connectNulls: true,
      smooth: true,
      data: d.trend.map((p) => pct1(p[k])),
    })),
  };
  const spots = [...d.hotspots].reverse();
  const hotspots: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 120, right: 24, top: 30, bottom: 20 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: spots.map((h) => h.name), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [
      { name: t('dash.col.count'), type: 'bar', barMaxWidth: 18, itemStyle: { color: '#c8161d' }, data: spots.map((h) => h.count) },
      { name: t('dash.col.open'), type: 'bar', barMaxWidth: 18, itemStyle: { color: '#faad14' }, data: spots.map((h) => h.open) },
    ],
  };
  return { volume, funnel, trend, hotspots };
}

function orgOptions(d: OrgDashboard, t: (k: MessageKey) => string) {
  const rows = d.coverage ? (d.coverage.children.length ? d.coverage.children : [d.coverage.total]) : [];
  const coverage: ChartOption = {
    color: ['#c8161d', '#fa8c16', '#1677ff'],
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: (
      [
        ['compoundShare', 'dash.coverage.compound'],
        ['buildingShare', 'dash.coverage.building'],
        ['unitShare', 'dash.coverage.unit'],
      ] as const
    ).map(([k, label]) => ({ name: t(label), type: 'bar', data: rows.map((r) => pct1(r[k])) })),
  };
  const pie = (data: Array<{ name: string; value: number }>): ChartOption => ({
    color: PALETTE,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [{ type: 'pie', radius: ['35%', '70%'], center: ['40%', '50%'], data }],
  });
  return {
    coverage,
    population: pie(d.population.byTag.map((x) => ({ name: x.tag, value: x.count }))),
    members: pie(d.members.byStatus.map((x) => ({ name: x.status, value: x.count }))),
  };
}

function TicketsTab({ d, qs, base }: { d: TicketDashboard; qs: string; base: string }) {
  const { t } = useI18n();
  const o = useMemo(() => ticketOptions(d, t), [d, t]);
  const x = (chart: string) => `/api/v1/supervision/tickets/export?${qs}&chart=${chart}`;
  const ranking = (id: 'places' | 'communities' | 'teams', title: MessageKey, rows: TicketDashboard['byPlace']) => (
    <RankingCard id={id} title={t(title)} ranking={rows} xlsxHref={x(id)} fileName={`${base}-${id}`} />
  );
  return (
    <Flex vertical gap={16}>
      <Card size="small" data-testid="dash-kpis">
        <Flex wrap gap={32}>
          <Statistic title={t('dash.kpi.received')} value={d.totals.received} />
          <Statistic title={t('dash.kpi.due')} value={d.totals.due} />
          <Statistic title={t('dash.kpi.closeRate')} value={pct(d.totals.closeRate)} />
          <Statistic title={t('dash.kpi.onTimeRate')} value={pct(d.totals.onTimeRate)} />
          <Statistic title={t('dash.kpi.satisfactionRate')} value={pct(d.totals.satisfactionRate)} />
          <Statistic title={t('dash.kpi.overdue')} value={d.overdueTotal} styles={{ content: d.overdueTotal ? { color: '#cf1322' } : undefined }} />
        </Flex>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ChartCard id="volume" title={t('dash.volume')} option={o.volume} empty={!d.volume.length} xlsxHref={x('volume')} fileName={`${base}-volume`} />
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard id="funnel" title={t('dash.funnel')} option={o.funnel} empty={!d.funnel[0].count} xlsxHref={x('funnel')} fileName={`${base}-funnel`} />
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard id="trend" title={t('dash.trend')} option={o.trend} empty={!d.trend.length} xlsxHref={x('trend')} fileName={`${base}-trend`} />
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard id="hotspots" title={t('dash.hotspots')} option={o.hotspots} empty={!d.hotspots.length} xlsxHref={x('hotspots')} fileName={`${base}-hotspots`} />
        </Col>
        <Col xs={24} xl={12}>
          {ranking('places', 'dash.places', d.byPlace)}
        </Col>
        <Col xs={24} xl={12}>
          {ranking('teams', 'dash.teams', d.byTeam)}
        </Col>
        {/* The city's and a county's communities, all of them (a township's are its places above). */}
        {COMMUNITY_RANKING_LEVELS.includes(d.place.level) && <Col span={24}>{ranking('communities', 'dash.communities', d.byCommunity)}</Col>}
      </Row>
      <ChartCard id="overdue" title={t('dash.overdue')} xlsxHref={x('overdue')} fileName={`${base}-overdue`}>
        {d.overdueTotal > d.overdue.length && <Typography.Paragraph type="secondary">{t('dash.overdueMore', { n: d.overdueTotal, shown: d.overdue.length })}</Typography.Paragraph>}
        <Table<Overdue>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={d.overdue}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('dash.col.number'), dataIndex: 'number', render: (n: string, r) => <Link to={`/tickets/${r.id}`}>{n}</Link> },
            { title: t('dash.col.title'), dataIndex: 'title', render: (s: string, r) => <>{s} {r.supervised && <Tag color="red">{t('dash.supervised')}</Tag>}</> },
            { title: t('dash.col.category'), dataIndex: 'categoryName' },
            { title: t('dash.col.place'), dataIndex: 'placeName' },
            { title: t('dash.col.holder'), dataIndex: 'holder' },
            { title: t('dash.col.deadline'), dataIndex: 'deadlineAt', render: (s: string) => formatDateTime(s) },
            { title: t('dash.col.overdueHours'), dataIndex: 'overdueHours', render: (h: number) => <Typography.Text type="danger">{h}</Typography.Text> },
          ]}
        />
      </ChartCard>
    </Flex>
  );
}

function OrgTab({ place, base }: { place: string; base: string }) {
  const { t } = useI18n();
  const org = useQuery({ queryKey: ['dash-org', place], queryFn: () => api<OrgDashboard>(`/supervision/org?place=${place}`) });
  const o = useMemo(() => (org.data ? orgOptions(org.data, t) : null), [org.data, t]);
  if (org.error) return <ErrorView error={org.error} onRetry={() => void org.refetch()} />;
  if (!org.data || !o) return <PageSpin />;
  const d = org.data;
  const x = (chart: string) => `/api/v1/supervision/org/export?place=${place}&chart=${chart}`;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <ChartCard id="coverage" title={t('dash.coverage')} option={o.coverage} empty={!d.coverage} xlsxHref={x('coverage')} fileName={`${base}-coverage`} />
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard id="grids" title={t('dash.grids')} xlsxHref={x('grids')} fileName={`${base}-grids`}>
          <Flex wrap gap={32} style={{ padding: 16 }}>
            <Statistic title={t('dash.grid.total')} value={d.grids.total} />
            <Statistic title={t('dash.grid.withWorker')} value={d.grids.withWorker} />
            <Statistic title={t('dash.grid.buildings')} value={d.grids.buildings} />
            <Statistic title={t('dash.grid.inGrid')} value={d.grids.buildingsInGrid} suffix={d.grids.buildings ? `(${pct(d.grids.buildingsInGrid / d.grids.buildings)})` : undefined} />
            <Statistic title={t('dash.pop.residents')} value={d.population.residents} />
            <Statistic title={t('dash.pop.households')} value={d.population.households} />
            <Statistic title={t('dash.members.total')} value={d.members.total} />
            <Statistic title={t('dash.members.elsewhere')} value={d.members.keptElsewhere} />
          </Flex>
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard id="population" title={t('dash.population')} option={o.population} empty={!d.population.byTag.length} xlsxHref={x('population')} fileName={`${base}-population`} />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard id="members" title={t('dash.members')} option={o.members} empty={!d.members.total} xlsxHref={x('members')} fileName={`${base}-members`} />
      </Col>
    </Row>
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const chosen = useChosenPlace(LEVELS);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const [tab, setTab] = useState('tickets');
  const place = chosen.fits ? chosen.place : null;
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const qs = place ? `place=${place.code}&from=${from}&to=${to}` : '';
  const dash = useQuery({ queryKey: ['dash-tickets', qs], queryFn: () => api<TicketDashboard>(`/supervision/tickets?${qs}`), enabled: !!place });
  const base = place ? `${place.name}-${from}-${to}` : 'dashboard';

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Empty description={t('dash.pickPlace')} />;
  else
    body = (
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'tickets',
            label: t('dash.tabTickets'),
            children: dash.error ? <ErrorView error={dash.error} onRetry={() => void dash.refetch()} /> : dash.data ? <TicketsTab d={dash.data} qs={qs} base={base} /> : <PageSpin />,
          },
          { key: 'org', label: t('dash.tabOrg'), children: <OrgTab place={place.code} base={place.name} /> },
          { key: 'map', label: t('dash.tabMap'), children: <Card size="small" title={t('dash.map')}><MapView place={place.code} /></Card> },
        ]}
      />
    );

  return (
    <div className="page" data-testid="dashboard-page">
      <Flex align="center" justify="space-between" gap={16} wrap className="page-head">
        <Typography.Title level={3}>
          {t('dash.title')}
          {place && <Typography.Text type="secondary" style={{ fontSize: 16, marginLeft: 12 }} data-testid="dash-place">{place.name}</Typography.Text>}
        </Typography.Title>
        <Flex gap={8} wrap>
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} data-testid="dash-range" />
          <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="compound" placeholder={t('dash.place')} testId="dash-place-select" />
          <Button icon={<DownloadOutlined />} href={place ? `/api/v1/supervision/tickets/export?${qs}` : undefined} disabled={!place} data-testid="dash-export-all">
            {t('dash.exportAll')}
          </Button>
          <Link to="/big-screen">
            <Button icon={<FundProjectionScreenOutlined />}>{t('nav.bigScreen')}</Button>
          </Link>
        </Flex>
      </Flex>
      {body}
    </div>
  );
}
