/** ECharts for the supervision pages, and the card every chart sits in: PNG of the chart, xlsx of its data. */
import { useRef, type ReactNode } from 'react';
import { Button, Card, Empty, Flex, Tooltip } from 'antd';
import { DownloadOutlined, PictureOutlined } from '@ant-design/icons';
import ReactEChartsCore from 'echarts-for-react/esm/core'; // not '/lib/core': see web-stack findings
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../i18n';

echarts.use([BarChart, LineChart, FunnelChart, PieChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, DataZoomComponent, CanvasRenderer]);

export { echarts, ReactEChartsCore };
export type ChartOption = echarts.EChartsCoreOption;

export const PALETTE = ['#c8161d', '#fa8c16', '#1677ff', '#52c41a', '#722ed1', '#13c2c2', '#eb2f96', '#faad14', '#2f54eb', '#a0d911', '#8c8c8c', '#5b8c00'];

/** Saves a data URL or a URL as a file through a temporary link. */
export function saveAs(href: string, filename: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A chart in a card with its PNG and xlsx buttons; `children` (tables, maps) below the chart or instead of it. */
export function ChartCard({
  id,
  title,
  option,
  height = 300,
  xlsxHref,
  fileName,
  empty,
  children,
  extra,
}: {
  id: string;
  title: string;
  option?: ChartOption;
  height?: number;
  xlsxHref?: string;
  fileName: string;
  empty?: boolean;
  children?: ReactNode;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const ref = useRef<ReactEChartsCore>(null);
  const png = () => {
    const chart = ref.current?.getEchartsInstance();
    if (chart) saveAs(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), `${fileName}.png`);
  };
  return (
    <Card
      size="small"
      title={title}
      data-testid={`chart-${id}`}
      extra={
        <Flex gap={4}>
          {extra}
          {option && !empty && (
            <Tooltip title={t('dash.png')}>
              <Button size="small" icon={<PictureOutlined />} onClick={png} data-testid={`png-${id}`}>
                PNG
              </Button>
            </Tooltip>
          )}
          {xlsxHref && (
            <Button size="small" icon={<DownloadOutlined />} href={xlsxHref} data-testid={`xlsx-${id}`}>
              xlsx
            </Button>
          )}
        </Flex>
      }
    >
      {empty ? (
        <Empty description={t('dash.noData')} />
      ) : (
        <>
          {option && <ReactEChartsCore ref={ref} echarts={echarts} option={option} style={{ height }} notMerge />}
          {children}
        </>
      )}
    </Card>
  );
}
