/** 积分管理 (desktop): a community's rules, the board as a chart, the shop and its redemptions, the ledger with reversals. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Modal, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core'; // not '/lib/core': see web-stack findings
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import {
  POINTS_MANAGE_ROLES,
  useCreateItem,
  useHandOver,
  useItems,
  useLeaderboard,
  useLedger,
  useRedemptions,
  useReverse,
  useRules,
  useSetRules,
  useUpdateItem,
  type LedgerEntry,
  type PointsItem,
  type Redemption,
} from './points.api';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);
const LEVELS = ['community'] as const;

export function PointsPage() {
  const { t } = useI18n();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const community = chosen.fits ? chosen.place!.code : null;
  const canManage = hasAnyRole(me, POINTS_MANAGE_ROLES);
  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!community) body = <Card><Empty description={t('activities.pickCommunity')} /></Card>;
  else
    body = (
      <Flex vertical gap={16}>
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <BoardCard community={community} />
          </Col>
          <Col xs={24} lg={10}>
            <RulesCard community={community} canManage={canManage} />
          </Col>
        </Row>
        <ShopCard community={community} canManage={canManage} />
        <LedgerCard community={community} canManage={canManage} />
      </Flex>
    );
  return (
    <div className="page" data-testid="points-page">
      <Flex align="center" justify="space-between" gap={12} wrap className="page-head">
        <Typography.Title level={3}>{t('points.page.title')}</Typography.Title>
        <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="community" />
      </Flex>
      {body}
    </div>
  );
}

function BoardCard({ community }: { community: string }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<'year' | 'month' | 'all'>('year');
  const board = useLeaderboard(community, period);
  const top = (board.data ?? []).slice(0, 15);
  const option = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 90, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: top.map((r) => r.name) },
      series: [{ type: 'bar', data: top.map((r) => r.earned), itemStyle: { color: '#c8161d' }, label: { show: true, position: 'right' } }],
    }),
    [top],
  );
  return (
    <Card
      size="small"
      title={t('points.board')}
      extra={
        <Segmented
          size="small"
          value={period}
          onChange={(v) => setPeriod(v as typeof period)}
          options={[
            { value: 'month', label: t('points.period.month') },
            { value: 'year', label: t('points.period.year') },
            { value: 'all', label: t('points.period.all') },
          ]}
        />
      }
      data-testid="points-board"
    >
      {board.error ? <ErrorView error={board.error} /> : !board.data ? <PageSpin /> : top.length ? <ReactEChartsCore echarts={echarts} option={option} style={{ height: Math.max(160, top.length * 26 + 40) }} notMerge /> : <Empty />}
    </Card>
  );
}

function RulesCard({ community, canManage }: { community: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const rules = useRules(community);
  const save = useSetRules();
  if (rules.error) return <ErrorView error={rules.error} />;
  if (!rules.data) return <PageSpin />;
  const r = rules.data;
  return (
    <Card size="small" title={`${t('points.rules')}${r.isDefault ? t('points.rules.default') : ''}`}>
      <Form
        key={`${community}-${r.perHour}-${r.perParticipation}-${r.perTicketClosed}`}
        layout="horizontal"
        labelCol={{ span: 14 }}
        disabled={!canManage}
        initialValues={r}
        onFinish={(v) =>
          save.mutateAsync({ community, perHour: v.perHour, perParticipation: v.perParticipation, perTicketClosed: v.perTicketClosed }).then(
            () => message.success(t('activities.saved')),
            (e) => message.error(errorText(e, t, lang)),
          )
        }
      >
        <Form.Item name="perHour" label={t('points.rules.perHour')}>
          <InputNumber min={0} max={1000} />
        </Form.Item>
        <Form.Item name="perParticipation" label={t('points.rules.perParticipation')}>
          <InputNumber min={0} max={1000} />
        </Form.Item>
        <Form.Item name="perTicketClosed" label={t('points.rules.perTicketClosed')}>
          <InputNumber min={0} max={1000} />
        </Form.Item>
        {canManage && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('points.rules.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

function ShopCard({ community, canManage }: { community: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const items = useItems(community);
  const redemptions = useRedemptions(community);
  const create = useCreateItem();
  const update = useUpdateItem();
  const handOver = useHandOver();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; cost: number; stock: number; description?: string }>();
  const fail = (e: unknown) => message.error(errorText(e, t, lang));
  const itemColumns = [
    { title: t('points.item.name'), dataIndex: 'name' },
    { title: t('points.item.cost'), dataIndex: 'cost' },
    {
      title: t('points.item.stock'),
      render: (_: unknown, i: PointsItem) =>
        canManage ? <InputNumber size="small" min={0} defaultValue={i.stock} key={i.stock} onBlur={(e) => Number(e.target.value) !== i.stock && void update.mutateAsync({ id: i.id, stock: Number(e.target.value) }).catch(fail)} /> : i.stock,
    },
    { title: '', render: (_: unknown, i: PointsItem) => (i.active ? null : <Tag>{t('points.item.off')}</Tag>) },
  ];
  const redColumns = [
    { title: t('points.col.time'), render: (_: unknown, r: Redemption) => formatDateTime(r.createdAt).slice(0, 16) },
    { title: t('points.col.name'), dataIndex: 'name' },
    { title: t('points.item.name'), render: (_: unknown, r: Redemption) => `${r.itemName} × ${r.quantity}` },
    { title: t('points.item.cost'), dataIndex: 'points' },
    {
      title: '',
      render: (_: unknown, r: Redemption) =>
        r.status === 'handed_over' ? (
          <Tag color="green">{t('points.handedOver')}</Tag>
        ) : canManage ? (
          <Button size="small" onClick={() => void handOver.mutateAsync(r.id).catch(fail)}>
            {t('points.handOver')}
          </Button>
        ) : (
          <Tag>{t('points.redeemed')}</Tag>
        ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('points.shop')}
      extra={
        canManage && (
          <Button size="small" type="primary" onClick={() => setAdding(true)}>
            {t('points.item.add')}
          </Button>
        )
      }
    >
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          {items.error ? <ErrorView error={items.error} /> : <Table rowKey="id" size="small" loading={!items.data} dataSource={items.data ?? []} columns={itemColumns} pagination={false} />}
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Text strong>{t('points.redemptions')}</Typography.Text>
          {redemptions.error ? <ErrorView error={redemptions.error} /> : <Table rowKey="id" size="small" loading={!redemptions.data} dataSource={redemptions.data ?? []} columns={redColumns} pagination={{ pageSize: 8 }} />}
        </Col>
      </Row>
      {adding && (
        <Modal open title={t('points.item.add')} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ cost: 50, stock: 10 }}
            onFinish={(v) =>
              create.mutateAsync({ communityCode: community, name: v.name, cost: v.cost, stock: v.stock, ...(v.description ? { description: v.description } : {}) }).then(() => {
                setAdding(false);
                form.resetFields();
              }, fail)
            }
          >
            <Form.Item name="name" label={t('points.item.name')} rules={[{ required: true, message: t('points.item.name') }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Space>
              <Form.Item name="cost" label={t('points.item.cost')}>
                <InputNumber min={1} />
              </Form.Item>
              <Form.Item name="stock" label={t('points.item.stock')}>
                <InputNumber min={0} />
              </Form.Item>
            </Space>
          </Form>
        </Modal>
      )}
    </Card>
  );
}

function LedgerCard({ community, canManage }: { community: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const ledger = useLedger(community);
  const reverse = useReverse();
  const [reversing, setReversing] = useState<LedgerEntry | null>(null);
  const [note, setNote] = useState('');
  const columns = [
    { title: t('points.col.time'), render: (_: unknown, e: LedgerEntry) => formatDateTime(e.createdAt).slice(0, 16) },
    { title: t('points.col.name'), dataIndex: 'name' },
    { title: t('points.col.delta'), render: (_: unknown, e: LedgerEntry) => <Typography.Text style={{ color: e.delta > 0 ? '#389e0d' : '#cf1322' }}>{e.delta > 0 ? `+${e.delta}` : e.delta}</Typography.Text> },
    { title: t('points.col.reason'), render: (_: unknown, e: LedgerEntry) => t(`points.reason.${e.reason}` as MessageKey) },
    { title: t('points.col.note'), dataIndex: 'note' },
    {
      title: '',
      render: (_: unknown, e: LedgerEntry) =>
        e.reversedBy ? (
          <Tag>{t('points.reversed')}</Tag>
        ) : canManage && e.reason !== 'reversal' && e.reason !== 'redemption' ? (
          <Button size="small" type="link" danger onClick={() => setReversing(e)}>
            {t('points.reverse')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Card size="small" title={t('points.ledgerAll')}>
      {ledger.error ? <ErrorView error={ledger.error} /> : <Table rowKey="id" size="small" loading={!ledger.data} dataSource={ledger.data ?? []} columns={columns} pagination={{ pageSize: 15 }} />}
      {reversing && (
        <Modal
          open
          title={`${t('points.reverse')} · ${reversing.name} ${reversing.delta > 0 ? '+' : ''}${reversing.delta}`}
          onCancel={() => setReversing(null)}
          okButtonProps={{ disabled: !note.trim(), danger: true }}
          confirmLoading={reverse.isPending}
          onOk={() =>
            reverse.mutateAsync({ id: reversing.id, note: note.trim() }).then(
              () => {
                void message.success(t('points.reverse.done'));
                setReversing(null);
                setNote('');
              },
              (e) => message.error(errorText(e, t, lang)),
            )
          }
        >
          <Input.TextArea rows={2} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('points.reverse.note')} />
        </Modal>
      )}
    </Card>
  );
}
