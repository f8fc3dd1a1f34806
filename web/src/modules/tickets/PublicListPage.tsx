/**
 * 线上问题办理清单 (/public, no sign-in): filters (place, category, status, dates, words), the list, each
 * ticket's public timeline in a drawer (?n=<number>), live over /public/stream.
 */
import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Input, Select, Typography } from 'antd';
import { LeftOutlined, LoginOutlined, RightOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { PageSpin } from '../../shell/PageSpin';
import { useSession } from '../identity/session';
import { PlaceSelect, type PickedPlace } from '../places/PlaceSelect';
import { useLiveInvalidation } from './live';
import { PUBLIC_KEY, usePublicList, type PublicFilters } from './public.api';
import { PublicStatus, PublicTicketDrawer } from './PublicTicketDrawer';
import { useCategories } from './tickets.api';
import './tickets.css';

const STATUS = ['open', 'closed', 'shelved'] as const;
const LIVE = [PUBLIC_KEY];

/** Categories: the full list for a signed-in visitor, else those seen on the pages so far (the list is public, the category list is not). */
function useCategoryOptions(signedIn: boolean, seen: Map<string, string>) {
  const all = useCategories(signedIn);
  return signedIn && all.data ? all.data.map((c) => ({ value: c.code, label: c.name })) : [...seen].map(([value, label]) => ({ value, label }));
}

export function PublicListPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const [dates, setDates] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [place, setPlace] = useState<PickedPlace | null>(null);
  const [seen] = useState(() => new Map<string, string>());
  const filters: PublicFilters = {
    place: params.get('place') ?? undefined,
    category: params.get('category') ?? undefined,
    status: (STATUS as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as PublicFilters['status']) : undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    q: params.get('q') ?? undefined,
    page: Number(params.get('page')) > 0 ? Number(params.get('page')) : 1,
  };
  const list = usePublicList(filters);
  useLiveInvalidation('/public/stream', LIVE);
  for (const item of list.data?.items ?? []) seen.set(item.category, item.categoryName);
  const categoryOptions = useCategoryOptions(!!me, seen);
  const open = params.get('n');

  const set = useMemo(
    () => (changes: Record<string, string | undefined>) => {
      setParams((old) => {
        const next = new URLSearchParams(old);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (!('page' in changes) && !('n' in changes)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );

  let body;
  if (list.error) body = <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.data) body = <PageSpin />;
  else if (!list.data.items.length) body = <Empty description={t('public.empty')} className="h5-empty" />;
  else
    body = (
      <div className="public-list" data-testid="public-list">
        {list.data.items.map((x) => (
          <Card key={x.number} size="small" hoverable className="public-card" onClick={() => set({ n: x.number })} data-testid="public-card" data-number={x.number}>
            <Flex justify="space-between" gap={8} align="start">
              <Typography.Text strong className="public-card-title">
                {x.title}
              </Typography.Text>
              <PublicStatus label={x.status} />
            </Flex>
            {x.description !== x.title && (
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} className="public-card-text">
                {x.description}
              </Typography.Paragraph>
            )}
            <div className="ticket-card-meta">
              <span className="code">{x.number}</span>
              <span>{x.categoryName}</span>
              <span>{x.place}</span>
              <span>{formatDateTime(x.createdAt).slice(0, 16)}</span>
            </div>
          </Card>
        ))}
      </div>
    );

  return (
    <div className="public-page">
      <header className="public-bar">
        <span className="brand-mark">邻</span>
        <div className="public-bar-title">
          <Typography.Text strong>{t('public.title')}</Typography.Text>
          <Typography.Text type="secondary" className="public-bar-sub">
            {t('app.name')} · {t('public.subtitle')}
          </Typography.Text>
        </div>
        <LanguageSwitch size="small" />
        <Link to={me ? '/' : '/login'}>
          <Button size="small" icon={<LoginOutlined />}>
            {me ? t('public.back') : t('auth.title')}
          </Button>
        </Link>
      </header>
      <main className="public-main">
        <Card size="small" className="public-filters">
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              placeholder={t('public.search')}
              defaultValue={filters.q}
              onSearch={(q) => set({ q: q.trim() || undefined })}
              className="public-search"
              data-testid="public-search"
            />
            <Select allowClear placeholder={t('tickets.filter.status')} value={filters.status} onChange={(v) => set({ status: v })} options={STATUS.map((s) => ({ value: s, label: t(`public.status.${s}`) }))} className="public-select" />
            <Select allowClear placeholder={t('tickets.filter.category')} value={filters.category} onChange={(v) => set({ category: v })} options={categoryOptions} className="public-select" />
            {me ? (
              <PlaceSelect
                value={place}
                onChange={(p) => {
                  setPlace(p);
                  set({ place: p.code });
                }}
                selectable={['city', 'county', 'township', 'community', 'compound']}
                deepest="compound"
                placeholder={t('tickets.filter.place')}
                width={200}
              />
            ) : (
              <Input
                allowClear
                inputMode="numeric"
                placeholder={t('public.placeCode')}
                defaultValue={filters.place}
                onPressEnter={(e) => set({ place: /^\d{4,15}$/.test(e.currentTarget.value) ? e.currentTarget.value : undefined })}
                onChange={(e) => !e.target.value && set({ place: undefined })}
                className="public-select"
              />
            )}
            <DatePicker.RangePicker
              value={dates}
              onChange={(v) => {
                setDates(v);
                set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') });
              }}
              className="public-dates"
            />
            {(filters.place || filters.category || filters.status || filters.from || filters.q) && (
              <Button
                type="link"
                onClick={() => {
                  setDates(null);
                  setPlace(null);
                  setParams({});
                }}
              >
                {t('public.clear')}
              </Button>
            )}
          </Flex>
        </Card>
        {body}
        {list.data && (filters.page > 1 || list.data.hasMore) && (
          <Flex justify="center" gap={12} className="public-pager">
            <Button icon={<LeftOutlined />} disabled={filters.page <= 1} onClick={() => set({ page: String(filters.page - 1) })}>
              {t('public.prev')}
            </Button>
            <Typography.Text type="secondary">{t('public.page', { n: filters.page })}</Typography.Text>
            <Button disabled={!list.data.hasMore} onClick={() => set({ page: String(filters.page + 1) })}>
              {t('public.next')} <RightOutlined />
            </Button>
          </Flex>
        )}
      </main>
      <PublicTicketDrawer number={open} onClose={() => set({ n: undefined })} />
    </div>
  );
}
