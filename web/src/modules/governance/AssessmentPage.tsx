/** 考核评价 (staff): a community's indicators per target kind and year, satisfaction surveys, and the ranking with its chart. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { showFormError } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { ASSESSMENT_MANAGE_ROLES, useAssessmentAction, useIndicators, useRanking, useSurveys, type TargetKind } from './assessment.api';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);
const LEVELS = ['community'] as const;
const KINDS: TargetKind[] = ['team', 'grid_worker', 'branch'];
const SOURCES = ['ticket_close_rate', 'ticket_on_time_rate', 'ticket_satisfaction_rate', 'meetings_held', 'volunteer_hours', 'survey_score'] as const;

export function AssessmentPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const community = chosen.fits ? chosen.place!.code : null;
  const [year, setYear] = useState(new Date().getFullYear());
  const [kind, setKind] = useState<TargetKind>('team');
  const indicators = useIndicators(community, year);
  const ranking = useRanking(community, year, kind);
  const surveys = useSurveys(community, year, !!community);
  const act = useAssessmentAction();
  const [adding, setAdding] = useState<'indicator' | 'survey' | null>(null);
  const [form] = Form.useForm();
  const canManage = hasAnyRole(me, ASSESSMENT_MANAGE_ROLES);
  const rows = ranking.data?.rows ?? [];
  const option = useMemo(
    () => ({
      grid: { left: 160, right: 30, top: 10, bottom: 24 },
      tooltip: {},
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name) },
      series: [{ type: 'bar', data: rows.map((r) => r.total), itemStyle: { color: '#c8102e' }, label: { show: true, position: 'right' } }],
    }),
    [rows],
  );
  if (chosen.error) return <ErrorView error={chosen.error} />;
  if (chosen.loading) return <PageSpin />;

  const submit = async () => {
    const raw = await form.validateFields();
    try {
      if (adding === 'indicator') await act.mutateAsync({ kind: 'indicator', body: { communityCode: community!, year, targetKind: kind, name: raw.name, source: raw.source, weight: raw.weight, goal: raw.goal } });
      else await act.mutateAsync({ kind: 'survey', body: { communityCode: community!, year, targetKind: kind, targetId: raw.targetId, title: raw.title } });
      setAdding(null);
      form.resetFields();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['name', 'source', 'weight', 'goal', 'targetId', 'title'] });
      if (rest) message.error(rest);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.assessment')}
        </Typography.Title>
        <Space wrap>
          <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="community" />
          <Select value={year} onChange={setYear} options={[0, 1, 2].map((d) => ({ value: new Date().getFullYear() - d, label: String(new Date().getFullYear() - d) }))} />
          <Segmented<TargetKind> value={kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: t(`assessment.target.${k}` as MessageKey) }))} />
        </Space>
      </Flex>
      {!community ? (
        <Card>{t('gov.pickCommunity')}</Card>
      ) : (
        <>
          <Card
            title={t('assessment.indicators')}
            extra={canManage && <Button icon={<PlusOutlined />} onClick={() => setAdding('indicator')}>{t('assessment.addIndicator')}</Button>}
          >
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={(indicators.data ?? []).filter((i) => i.targetKind === kind)}
              columns={[
                { title: t('assessment.name'), dataIndex: 'name' },
                { title: t('assessment.source'), dataIndex: 'source', render: (s: string) => t(`assessment.source.${s}` as MessageKey) },
                { title: t('assessment.weight'), dataIndex: 'weight' },
                { title: t('assessment.goal'), dataIndex: 'goal' },
              ]}
            />
          </Card>
          <Card title={t('assessment.ranking', { year })}>
            {rows.length > 0 && <ReactEChartsCore echarts={echarts} option={option} style={{ height: Math.max(160, rows.length * 26) }} />}
            <Table
              size="small"
              rowKey="targetId"
              loading={ranking.isLoading}
              dataSource={rows}
              pagination={{ pageSize: 20 }}
              data-testid="ranking-table"
              columns={[
                { title: '#', dataIndex: 'rank', width: 50 },
                { title: t(`assessment.target.${kind}` as MessageKey), dataIndex: 'name' },
                ...(ranking.data?.indicators ?? []).map((ind, i) => ({
                  title: ind.name,
                  render: (_: unknown, r: (typeof rows)[number]) => {
                    const v = r.values[i];
                    if (v.value === null) return '—';
                    const shown = ind.source.startsWith('ticket_') ? `${(v.value * 100).toFixed(1)}%` : ind.source === 'volunteer_hours' ? t('assessment.hours', { n: Math.round(v.value * 10) / 10 }) : v.value;
                    return `${shown} · ${v.points}`;
                  },
                })),
                { title: t('assessment.total'), dataIndex: 'total' },
              ]}
            />
          </Card>
          <Card title={t('assessment.surveys')} extra={canManage && <Button icon={<PlusOutlined />} onClick={() => setAdding('survey')}>{t('assessment.addSurvey')}</Button>}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={(surveys.data ?? []).filter((s) => s.targetKind === kind)}
              columns={[
                { title: t('vote.title'), dataIndex: 'title' },
                { title: t(`assessment.target.${kind}` as MessageKey), dataIndex: 'targetName' },
                { title: t('assessment.responses'), dataIndex: 'responses' },
                { title: t('assessment.average'), dataIndex: 'average', render: (a: number | null) => a ?? '—' },
              ]}
            />
          </Card>
        </>
      )}
      <Modal open={!!adding} title={adding === 'survey' ? t('assessment.addSurvey') : t('assessment.addIndicator')} onCancel={() => setAdding(null)} onOk={() => void submit()} confirmLoading={act.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ source: 'ticket_on_time_rate', weight: 20, goal: 1 }}>
          {adding === 'indicator' ? (
            <>
              <Form.Item name="name" label={t('assessment.name')} rules={[{ required: true, min: 2 }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="source" label={t('assessment.source')}>
                <Select options={SOURCES.map((s) => ({ value: s, label: t(`assessment.source.${s}`) }))} />
              </Form.Item>
              <Space>
                <Form.Item name="weight" label={t('assessment.weight')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={100} />
                </Form.Item>
                <Form.Item name="goal" label={t('assessment.goal')} rules={[{ required: true }]}>
                  <InputNumber min={0.01} max={10000} />
                </Form.Item>
              </Space>
            </>
          ) : (
            <>
              <Form.Item name="targetId" label={t(`assessment.target.${kind}` as MessageKey)} rules={[{ required: true }]}>
                <Select options={rows.map((r) => ({ value: r.targetId, label: r.name }))} />
              </Form.Item>
              <Form.Item name="title" label={t('vote.title')} rules={[{ required: true, min: 2 }]}>
                <Input maxLength={60} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Flex>
  );
}
