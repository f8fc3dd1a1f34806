/** Two small pies: full vs probationary members, and membership kept here vs elsewhere. */
import { useMemo } from 'react';
import { Card, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core'; // not '/lib/core': see web-stack findings
import * as echarts from 'echarts/core';
import { PieChart } from 'echarts/charts';
import { LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../i18n';
import type { PartyMember } from './partyMembers.api';

echarts.use([PieChart, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export function MemberStatsChart({ members, truncated, loading }: { members: PartyMember[]; truncated: boolean; loading: boolean }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const full = members.filter((m) => m.status === 'full').length;
    const here = members.filter((m) => m.membershipKept === 'community').length;
    const pie = (name: string, centre: string, data: { name: string; value: number; itemStyle: { color: string } }[]) => ({
      type: 'pie' as const,
      name,
      radius: ['38%', '62%'],
      center: [centre, '52%'],
      label: { formatter: '{b}\n{c}', fontSize: 12 },
      data,
    });
    return {
      tooltip: { trigger: 'item' as const, formatter: '{a}<br/>{b}：{c}（{d}%）' },
      title: [
        { text: t('members.chart.status'), left: '25%', top: 0, textAlign: 'center' as const, textStyle: { fontSize: 13, fontWeight: 'normal' as const } },
        { text: t('members.chart.kept'), left: '75%', top: 0, textAlign: 'center' as const, textStyle: { fontSize: 13, fontWeight: 'normal' as const } },
      ],
      series: [
        pie(t('members.chart.status'), '25%', [
          { name: t('members.status.full'), value: full, itemStyle: { color: '#c8161d' } },
          { name: t('members.status.probationary'), value: members.length - full, itemStyle: { color: '#fa8c16' } },
        ]),
        pie(t('members.chart.kept'), '75%', [
          { name: t('members.kept.community'), value: here, itemStyle: { color: '#1677ff' } },
          { name: t('members.kept.elsewhere'), value: members.length - here, itemStyle: { color: '#8c8c8c' } },
        ]),
      ],
    };
  }, [members, t]);

  return (
    <Card size="small" loading={loading} data-testid="member-stats" className="member-stats">
      <Typography.Text type="secondary">
        {truncated ? t('members.chart.truncated', { n: members.length }) : t('members.chart.total', { n: members.length })}
      </Typography.Text>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 200 }} notMerge />
    </Card>
  );
}
