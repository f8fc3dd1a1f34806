/** A vote's result: passed or not, turnout (and area for owners), the rule, and a bar chart of the options. */
import { useMemo } from 'react';
import { Alert, Flex, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../i18n';
import { areaText, type Vote } from './governance.api';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export function VoteOutcome({ vote }: { vote: Vote }) {
  const { t } = useI18n();
  const r = vote.result;
  if (!r) return null;
  const names = r.elected.map((k) => vote.options.find((o) => o.key === k)?.label ?? k).join('、');
  const ok = vote.kind === 'election' ? r.elected.length > 0 : r.passed === true;
  const text = !r.quorum.met ? t('vote.quorumFailed') : vote.kind === 'election' ? (names ? t('vote.elected', { names }) : t('vote.noneElected')) : r.passed ? t('vote.passed') : t('vote.failed');
  return (
    <Tag color={ok ? 'green' : 'red'} data-testid="vote-outcome">
      {text}
    </Tag>
  );
}

export function VoteResult({ vote, height = 200 }: { vote: Vote; height?: number }) {
  const { t } = useI18n();
  const r = vote.result;
  const option = useMemo(
    () =>
      r && {
        grid: { left: 60, right: 20, top: 10, bottom: 24 },
        tooltip: {},
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: r.options.map((o) => o.label) },
        series: [{ type: 'bar', data: r.options.map((o) => o.votes), itemStyle: { color: '#c8102e' }, label: { show: true, position: 'right' } }],
      },
    [r],
  );
  if (!r || !option) return null;
  const owners = r.method === 'owners';
  return (
    <Flex vertical gap={8} data-testid="vote-result">
      <Flex gap={8} wrap align="center">
        <VoteOutcome vote={vote} />
        <Typography.Text>{t('vote.turnout', { p: r.participation.voters, e: r.electorate.voters })}</Typography.Text>
        {owners && <Typography.Text>{t('vote.area', { p: areaText(r.participation.areaCenti), e: areaText(r.electorate.areaCenti) })}</Typography.Text>}
      </Flex>
      {owners && <Alert type="info" showIcon title={t('vote.rule278') + t(r.threshold === 'three_quarters' ? 'vote.ruleThreeQuarters' : 'vote.ruleHalf')} />}
      <ReactEChartsCore echarts={echarts} option={option} style={{ height }} />
    </Flex>
  );
}
