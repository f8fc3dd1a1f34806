/**
 * 工单调度 (dispatchers and supervisors, desktop): the tickets under a place in tabs — 待派遣 (dispatch,
 * 注销, 合并), 超期, 督办, 挂账, 全部 — filtered by category and status.
 */
import { useState } from 'react';
import { Card, Empty, Flex, Select, Table, Tabs, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import type { TicketsQuery } from '../../../../contracts/tickets';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { TicketActions } from './TicketActions';
import { DeadlineTag, StatusTag, TierTag } from './TicketTags';
import { useCategories, useTicketList, type TicketStatus, type TicketSummary } from './tickets.api';
import { OPEN_STATUSES, STATUSES } from './vocab';

const LEVELS = ['city', 'county', 'township', 'community', 'compound'] as const;
const TABS = ['registered', 'overdue', 'supervised', 'shelved', 'all'] as const;
type Tab = (typeof TABS)[number];
const PAGE_SIZE = 20;

function queryOf(tab: Tab, status: TicketStatus | undefined): Partial<TicketsQuery> {
  switch (tab) {
    case 'registered':
      return { status: 'registered' };
    case 'overdue':
      return { overdue: true, status };
    case 'supervised':
      return { supervised: true, status };
    case 'shelved':
      return { status: 'shelved' };
    default:
      return { status };
  }
}

export function DispatchPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const chosen = useChosenPlace(LEVELS);
  const [params, setParams] = useSearchParams();
  const categories = useCategories();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'registered';
  const [category, setCategory] = useState<string | undefined>();
  const [status, setStatus] = useState<TicketStatus | undefined>();
  const [page, setPage] = useState(1);
  const place = chosen.fits ? chosen.place : null;
  const query: TicketsQuery = { scope: 'place', place: place?.code, category, ...queryOf(tab, status), page, pageSize: PAGE_SIZE };
  const list = useTicketList(query, !!place);
  const categoryName = (code: string) => categories.data?.find((c) => c.code === code)?.name ?? code;

  // Tab and place both live in the address (a link can open 超期 of one township).
  const setParam = (name: 'tab' | 'place', value: string) => {
    const p = new URLSearchParams(params);
    p.set(name, value);
    setParams(p);
    setPage(1);
  };
  const setTab = (next: string) => setParam('tab', next);

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Empty description={t('tickets.dispatch.pickPlace')} />;
  else if (list.error) body = <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  else
    body = (
      <Table<TicketSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        data-testid="dispatch-table"
        rowClassName={(r) => (r.overdue ? 'clickable-row row-overdue' : 'clickable-row')}
        onRow={(r) => ({ onClick: () => navigate(`/tickets/${r.id}`) })}
        locale={{ emptyText: t(`tickets.dispatch.empty.${tab}`) }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { n }) }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('tickets.detail.number'),
            key: 'number',
            width: 150,
            render: (_, r) => (
              <>
                <div className="code">{r.number}</div>
                <div className="cell-sub">{formatDateTime(r.createdAt).slice(0, 16)}</div>
              </>
            ),
          },
          { title: t('tickets.col.title'), dataIndex: 'title', ellipsis: true },
          { title: t('tickets.detail.category'), dataIndex: 'categoryCode', width: 96, render: categoryName },
          {
            title: t('tickets.col.status'),
            key: 'status',
            width: 180,
            render: (_, r) => (
              <Flex gap={4} wrap>
                <StatusTag status={r.status} />
                {OPEN_STATUSES.includes(r.status) && <TierTag tier={r.tier} />}
                {r.supervised && <span className="tag-supervised">{t('tickets.supervised')}</span>}
              </Flex>
            ),
          },
          { title: t('tickets.col.deadline'), key: 'deadline', width: 140, render: (_, r) => <DeadlineTag ticket={r} /> },
          ...(tab === 'registered' || tab === 'shelved' || tab === 'all'
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 200,
                  render: (_: unknown, r: TicketSummary) =>
                    r.status === 'registered' ? (
                      <TicketActions ticket={r} actions={['dispatch', 'merge', 'cancel']} size="small" />
                    ) : r.status === 'shelved' ? (
                      <TicketActions ticket={r} actions={['unshelve']} size="small" />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    );

  return (
    <div className="page" data-testid="dispatch-page">
      <Flex align="center" justify="space-between" gap={16} wrap className="page-head">
        <Typography.Title level={3}>{t('tickets.dispatch.title')}</Typography.Title>
        <Flex gap={8} wrap>
          <Select
            allowClear
            placeholder={t('tickets.filter.category')}
            style={{ width: 150 }}
            value={category}
            onChange={(v) => {
              setCategory(v);
              setPage(1);
            }}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
          />
          {(tab === 'all' || tab === 'overdue' || tab === 'supervised') && (
            <Select
              allowClear
              placeholder={t('tickets.filter.status')}
              style={{ width: 130 }}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              options={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
            />
          )}
          <PlaceSelect testId="dispatch-place" value={chosen.picked} onChange={(p) => setParam('place', p.code)} selectable={LEVELS} deepest="compound" placeholder={t('tickets.filter.place')} />
        </Flex>
      </Flex>
      <Card size="small">
        <Tabs activeKey={tab} onChange={setTab} items={TABS.map((k) => ({ key: k, label: t(`tickets.dispatch.tab.${k}`) }))} />
        {body}
      </Card>
    </div>
  );
}
