/** 我的待办: what awaits me (as responder, dispatcher, verifier, approver) by deadline, overdue first in red, one-tap actions. */
import { Flex, Segmented, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { TicketCardList } from './TicketCardList';
import type { TicketStatus } from './tickets.api';
import { APPROVER_ROLES, PHONE_ROLES, quickActionsFor } from './vocab';

const FILTERS = ['all', 'dispatched', 'in_progress', 'reported', 'registered'] as const;
type Filter = (typeof FILTERS)[number];

export function QueuePage() {
  const { t } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const filter: Filter = (FILTERS as readonly string[]).includes(raw ?? '') ? (raw as Filter) : 'all';
  const approver = hasAnyRole(me, APPROVER_ROLES);
  // 待派遣 is for dispatchers (community and township staff) only.
  const filters = FILTERS.filter((f) => f !== 'registered' || hasAnyRole(me, PHONE_ROLES));
  return (
    <div className="page" data-testid="queue-page">
      <Flex align="center" justify="space-between" gap={12} wrap className="page-head">
        <Typography.Title level={3}>{filter === 'reported' ? t('tickets.queue.verifyTitle') : t('tickets.queue.title')}</Typography.Title>
        <div className="segmented-scroll">
          <Segmented<Filter>
            value={filter}
            onChange={(v) => setParams(v === 'all' ? {} : { status: v })}
            options={filters.map((f) => ({ value: f, label: t(`tickets.queue.filter.${f}`) }))}
            data-testid="queue-filter"
          />
        </div>
      </Flex>
      <TicketCardList
        key={filter}
        query={{ scope: 'queue', ...(filter === 'all' ? {} : { status: filter as TicketStatus }) }}
        actionsFor={(x) => quickActionsFor(x.status, x.extensionPending, approver)}
        empty="tickets.queue.empty"
        showTier
        testId="queue"
      />
    </div>
  );
}
