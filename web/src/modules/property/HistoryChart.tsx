/** A device's history, downsampled by the server: the average with its min–max band, and alarm readings per bucket. */
import { useMemo, useState } from 'react';
import { Empty, Segmented, Spin } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core'; // not '/lib/core': see web-stack findings
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { KIND_UNIT, useHistory, type Device, type Kind } from './property.api';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function HistoryChart({ device }: { device: Device }) {
  const { t } = useI18n();
  const [hours, setHours] = useState(24);
  const history = useHistory(device.id, hours);
  const unit = KIND_UNIT[device.kind as Kind];
  const option = useMemo(() => {
    const pts = history.data?.points ?? [];
    const label = (at: string) => dayjs(at).format(hours > 24 ? 'MM-DD HH:mm' : 'HH:mm');
    const x = pts.map((p) => label(p.at));
    if (unit === null)
      return {
        tooltip: { trigger: 'axis' as const },
        grid: { left: 40, right: 16, top: 30, bottom: 30 },
        legend: { top: 0 },
        xAxis: { type: 'category' as const, data: x },
        yAxis: { type: 'value' as const, minInterval: 1 },
        series: [{ type: 'bar' as const, name: t('property.chart.readings'), data: pts.map((p) => p.count), itemStyle: { color: '#1677ff' } }],
      };
    return {
      tooltip: { trigger: 'axis' as const },
      grid: { left: 48, right: 16, top: 30, bottom: 30 },
      legend: { top: 0 },
      xAxis: { type: 'category' as const, data: x, boundaryGap: false },
      yAxis: { type: 'value' as const, name: unit, scale: true },
      series: [
        { type: 'line' as const, name: t('property.chart.min'), data: pts.map((p) => p.min), lineStyle: { opacity: 0 }, stack: 'band', symbol: 'none' },
        { type: 'line' as const, name: t('property.chart.range'), data: pts.map((p) => (p.max === null || p.min === null ? null : p.max - p.min)), lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(22,119,255,0.15)' }, stack: 'band', symbol: 'none' },
        { type: 'line' as const, name: t('property.chart.avg'), data: pts.map((p) => (p.avg === null ? null : Math.round(p.avg * 10) / 10)), smooth: true, symbol: 'none', itemStyle: { color: '#1677ff' } },
      ],
    };
  }, [history.data, hours, unit, t]);
  return (
    <div data-testid="history-chart">
      <Segmented
        size="small"
        value={hours}
        onChange={(v) => setHours(Number(v))}
        options={[
          { value: 1, label: t('property.chart.1h') },
          { value: 24, label: t('property.chart.24h') },
          { value: 168, label: t('property.chart.7d') },
        ]}
      />
      {history.error ? (
        <ErrorView error={history.error} onRetry={() => void history.refetch()} />
      ) : history.isLoading ? (
        <Spin style={{ display: 'block', margin: 40 }} />
      ) : !history.data?.points.length ? (
        <Empty description={t('property.chart.empty')} />
      ) : (
        <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260 }} notMerge />
      )}
    </div>
  );
}
