/** A paged list of ticket cards for one query (my tickets, my queue): empty, loading and error states included. */
import { useState } from 'react';
import { Empty, Pagination } from 'antd';
import type { TicketsQuery } from '../../../../contracts/tickets';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { TicketCard } from './TicketCard';
import { useTicketList, type TicketAction, type TicketSummary } from './tickets.api';

const PAGE_SIZE = 20;

export function TicketCardList({
  query,
  actionsFor,
  empty,
  showTier,
  testId = 'ticket-list',
}: {
  query: Omit<TicketsQuery, 'page' | 'pageSize'>;
  actionsFor?: (t: TicketSummary) => readonly TicketAction[];
  empty: MessageKey;
  showTier?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useTicketList({ ...query, page, pageSize: PAGE_SIZE });
  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <PageSpin />;
  const { items, total } = list.data;
  if (!items.length) return <Empty description={t(empty)} className="h5-empty" data-testid={`${testId}-empty`} />;
  return (
    <>
      <div className="ticket-cards" data-testid={testId}>
        {items.map((x) => (
          <TicketCard key={x.id} ticket={x} actions={actionsFor?.(x)} showTier={showTier} />
        ))}
      </div>
      {total > PAGE_SIZE && <Pagination simple current={page} pageSize={PAGE_SIZE} total={total} onChange={setPage} className="ticket-pager" />}
    </>
  );
}
