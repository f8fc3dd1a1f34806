/** 考核指标 (community staff and above): the national set for a place and period, a chart of the places below, rankings, xlsx. */
import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Statistic, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import ReactEChartsCore from 'echarts-for-react/esm/core'; // not '/lib/core': see web-stack findings
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Metrics, MetricsReport } from '../../../../contracts/ticket-metrics';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const LEVELS = ['city', 'county', 'township', 'community', 'compound'] as const;
const RATES = ['closeRate', 'onTimeRate', 'satisfactionRate'] as const;
const COLOURS = ['#c8161d', '#fa8c16', '#52c41a'];
const pct = (r: number | null) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);

type Row = MetricsReport['byPlace'][number];

export function MetricsPage() {
  const { t } = useI18n();
  const chosen = useChosenPlace(LEVELS);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const place = chosen.fits ? chosen.place : null;
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const qs = place ? `place=${place.code}&from=${from}&to=${to}` : '';
  const report = useQuery({ queryKey: ['ticket-metrics', qs], queryFn: () => api<MetricsReport>(`/ticket-metrics?${qs}`), enabled: !!place });

  const option = useMemo(() => {
    const rows = (report.data?.byPlace ?? []).slice(0, 15);
    return {
      tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 60 },
      xAxis: { type: 'category' as const, data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value' as const, max: 100, axisLabel: { formatter: '{value}%' } },
      series: RATES.map((k, i) => ({
        name: t(`metrics.${k}`),
        type: 'bar' as const,
        itemStyle: { color: COLOURS[i] },
        data: rows.map((r) => (r.metrics[k] == null ? 0 : Math.round(r.metrics[k]! * 1000) / 10)),
      })),
    };
  }, [report.data, t]);

  const columns = [
    { title: t('metrics.rank'), key: 'rank', width: 60, render: (_: unknown, __: Row, i: number) => i + 1 },
    { title: t('metrics.name'), dataIndex: 'name' },
    { title: t('metrics.received'), key: 'received', render: (_: unknown, r: Row) => r.metrics.received },
    { title: t('metrics.due'), key: 'due', render: (_: unknown, r: Row) => r.metrics.due },
    ...RATES.map((k) => ({ title: t(`metrics.${k}`), key: k, render: (_: unknown, r: Row) => pct(r.metrics[k]) })),
    { title: t('metrics.meanHours'), key: 'mean', render: (_: unknown, r: Row) => r.metrics.meanHoursToClose ?? '—' },
  ];

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Empty description={t('tickets.dispatch.pickPlace')} />;
  else if (report.error) body = <ErrorView error={report.error} onRetry={() => void report.refetch()} />;
  else if (!report.data) body = <PageSpin />;
  else {
    const m: Metrics = report.data.totals;
    const counts = ['received', 'registered', 'due', 'closed', 'closedOnTime'] as const;
    const rates = ['closeRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'responseRate', 'satisfactionRate'] as const;
    body = (
      <Flex vertical gap={16}>
        <Card size="small" data-testid="metrics-totals">
          <Flex wrap gap={24}>
            {counts.map((k) => (
              <Statistic key={k} title={t(`metrics.${k}`)} value={m[k]} />
            ))}
            {rates.map((k) => (
              <Statistic key={k} title={t(`metrics.${k}`)} value={pct(m[k])} />
            ))}
            <Statistic title={t('metrics.meanHours')} value={m.meanHoursToClose ?? '—'} />
            <Statistic title={t('metrics.p90Hours')} value={m.p90HoursToClose ?? '—'} />
          </Flex>
        </Card>
        <Card size="small" title={t('metrics.chartTitle')}>
          {report.data.byPlace.length ? <ReactEChartsCore echarts={echarts} option={option} style={{ height: 320 }} notMerge /> : <Empty description={t('metrics.noRows')} />}
        </Card>
        <Card size="small">
          <Tabs
            items={[
              { key: 'place', label: t('metrics.byPlace'), children: <Table<Row> rowKey="code" size="small" pagination={false} dataSource={report.data.byPlace} columns={columns} /> },
              { key: 'team', label: t('metrics.byTeam'), children: <Table<Row> rowKey="code" size="small" pagination={false} dataSource={report.data.byTeam} columns={columns} /> },
            ]}
          />
        </Card>
      </Flex>
    );
  }

  return (
    <div className="page" data-testid="metrics-page">
      <Flex align="center" justify="space-between" gap={16} wrap className="page-head">
        <Typography.Title level={3}>{t('metrics.title')}</Typography.Title>
        <Flex gap={8} wrap>
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="compound" placeholder={t('tickets.filter.place')} />
          <Button icon={<DownloadOutlined />} href={place ? `/api/v1/ticket-metrics/export?${qs}` : undefined} disabled={!place}>
            {t('metrics.export')}
          </Button>
        </Flex>
      </Flex>
      {body}
    </div>
  );
}
