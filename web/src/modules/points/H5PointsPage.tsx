/** 我的积分 (H5): balance, service hours, the ledger, the points shop (积分超市) and my community's board. */
import { App, Button, Card, Empty, Flex, List, Popconfirm, Segmented, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { useMe } from '../identity/session';
import { hoursOf, useMyHours } from '../activities/activities.api';
import { useItems, useLeaderboard, useMyPoints, useRedeem } from './points.api';

type Tab = 'ledger' | 'hours' | 'shop' | 'board';

export function H5PointsPage() {
  const { t } = useI18n();
  const me = useMe();
  const points = useMyPoints();
  const hours = useMyHours();
  const [tab, setTab] = useState<Tab>('ledger');
  const grant = me.grants.find((g) => g.role === 'resident');
  const community = grant ? grant.scopeCode.slice(0, 12) : null;
  if (points.error) return <ErrorView error={points.error} onRetry={() => void points.refetch()} />;
  if (!points.data || !hours.data) return <PageSpin />;
  return (
    <div className="page h5-page" data-testid="h5-points-page">
      <Typography.Title level={3} className="h5-title">
        {t('points.title')}
      </Typography.Title>
      <Card size="small">
        <Flex justify="space-around">
          <Statistic title={t('points.balance')} value={points.data.balance} styles={{ content: { color: '#c8161d' } }} data-testid="points-balance" />
          <Statistic title={t('points.earned')} value={points.data.earned} />
          <Statistic title={t('points.hours')} value={hoursOf(hours.data.approvedMinutes)} data-testid="hours-approved" />
        </Flex>
        {hours.data.pendingMinutes > 0 && (
          <Typography.Text type="secondary">{t('points.hoursPending', { h: hoursOf(hours.data.pendingMinutes) })}</Typography.Text>
        )}
      </Card>
      <Segmented
        block
        style={{ margin: '12px 0' }}
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        options={[
          { value: 'ledger', label: t('points.ledger') },
          { value: 'hours', label: t('points.myHours') },
          { value: 'shop', label: t('points.shop') },
          { value: 'board', label: t('points.board') },
        ]}
      />
      {tab === 'ledger' &&
        (points.data.entries.length ? (
          <List
            data-testid="points-ledger"
            dataSource={points.data.entries}
            renderItem={(e) => (
              <List.Item extra={<Typography.Text strong style={{ color: e.delta > 0 ? '#389e0d' : '#cf1322' }}>{e.delta > 0 ? `+${e.delta}` : e.delta}</Typography.Text>}>
                <List.Item.Meta title={t(`points.reason.${e.reason}` as MessageKey)} description={`${e.note} · ${formatDateTime(e.createdAt).slice(0, 16)}`} />
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('points.empty')} />
        ))}
      {tab === 'hours' && (
        <List
          dataSource={hours.data.items}
          locale={{ emptyText: <Empty description={t('activities.empty')} /> }}
          renderItem={(h) => (
            <List.Item extra={<Tag>{t(`points.hoursStatus.${h.hoursStatus}` as MessageKey)}</Tag>}>
              <List.Item.Meta title={h.title} description={`${formatDateTime(h.startsAt).slice(0, 16)} · ${hoursOf(h.minutes)} h`} />
            </List.Item>
          )}
        />
      )}
      {tab === 'shop' && <Shop community={community} balance={points.data.balance} />}
      {tab === 'board' && <Board community={community} me={points.data.residentId} />}
    </div>
  );
}

function Shop({ community, balance }: { community: string | null; balance: number }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const items = useItems(community);
  const redeem = useRedeem();
  if (items.error) return <ErrorView error={items.error} />;
  if (!items.data) return <PageSpin />;
  return (
    <List
      data-testid="points-shop"
      dataSource={items.data}
      locale={{ emptyText: <Empty /> }}
      renderItem={(i) => (
        <List.Item
          extra={
            <Popconfirm
              title={t('points.redeemConfirm', { cost: i.cost, name: i.name })}
              onConfirm={() =>
                redeem.mutateAsync(i.id).then(
                  () => message.success(t('points.redeem.done')),
                  (e) => message.error(errorText(e, t, lang)),
                )
              }
            >
              <Button type="primary" size="small" disabled={i.stock < 1 || balance < i.cost}>
                {t('points.redeem')}
              </Button>
            </Popconfirm>
          }
        >
          <List.Item.Meta title={i.name} description={`${t('points.cost', { n: i.cost })} · ${t('points.stock', { n: i.stock })}`} />
        </List.Item>
      )}
    />
  );
}

function Board({ community, me }: { community: string | null; me: string }) {
  const board = useLeaderboard(community);
  if (board.error) return <ErrorView error={board.error} />;
  if (!board.data) return <PageSpin />;
  return (
    <List
      dataSource={board.data}
      locale={{ emptyText: <Empty /> }}
      renderItem={(r) => (
        <List.Item extra={<Typography.Text strong>{r.earned}</Typography.Text>}>
          <Typography.Text strong={r.residentId === me}>
            {r.rank}. {r.name}
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}
