/** 覆盖情况: the three coverage shares and members in no branch, with a bar chart per child place. */
import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core'; // not '…/lib/core': see web-stack findings
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CoverageCounts, CoverageReport } from '../../../../contracts/party';
import { useI18n } from '../../i18n';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const percent = (share: number | null) => (share == null ? null : Math.round(share * 1000) / 10);

/** One bar group per child place with something to cover, else one for the place itself. */
function chartRows(report: CoverageReport | undefined): CoverageCounts[] {
  if (!report) return [];
  const children = report.children.filter((c) => c.compounds + c.buildings + c.units > 0);
  return children.length ? children : [report.total];
}

export function CoverageReportCard({ report, loading }: { report: CoverageReport | undefined; loading: boolean }) {
  const { t } = useI18n();
  const total = report?.total;
  const rows = useMemo(() => chartRows(report), [report]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v == null ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('party.chartCompounds'), type: 'bar', data: rows.map((r) => percent(r.compoundShare)), itemStyle: { color: '#c8161d' } },
        { name: t('party.chartBuildings'), type: 'bar', data: rows.map((r) => percent(r.buildingShare)), itemStyle: { color: '#fa8c16' } },
        { name: t('party.chartUnits'), type: 'bar', data: rows.map((r) => percent(r.unitShare)), itemStyle: { color: '#fadb14' } },
      ],
    }),
    [rows, t],
  );
  const stat = (title: string, share: number | null | undefined, covered: number | undefined, all: number | undefined, testId: string) => (
    <Col xs={12} md={6}>
      <Statistic title={title} value={percent(share ?? null) ?? '—'} suffix={share == null ? undefined : '%'} loading={loading} />
      <Typography.Text type="secondary" data-testid={testId}>
        {covered != null && all != null ? t('party.coveredOf', { covered, total: all }) : ''}
      </Typography.Text>
    </Col>
  );
  return (
    <Card title={t('party.report')} className="block" data-testid="coverage-report">
      <Row gutter={[16, 16]}>
        {stat(t('party.compoundShare'), total?.compoundShare, total?.compoundsWithBranch, total?.compounds, 'report-compounds')}
        {stat(t('party.buildingShare'), total?.buildingShare, total?.buildingsWithGroup, total?.buildings, 'report-buildings')}
        {stat(t('party.unitShare'), total?.unitShare, total?.unitsWithCentreHousehold, total?.units, 'report-units')}
        <Col xs={12} md={6}>
          <Statistic title={t('party.membersInNoOrg')} value={total?.membersInNoOrg ?? '—'} loading={loading} styles={total?.membersInNoOrg ? { content: { color: '#c8161d' } } : undefined} />
          <Typography.Text type="secondary">{total ? t('party.membersOf', { n: total.members }) : ''}</Typography.Text>
        </Col>
      </Row>
      {rows.length > 0 && <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260, marginTop: 16 }} notMerge />}
    </Card>
  );
}
