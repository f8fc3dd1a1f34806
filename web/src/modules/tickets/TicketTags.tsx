/** Small tags of a ticket: status, urgency, tier, and the deadline as a live countdown or 超期. */
import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import type { TicketStatus, TicketSummary, TicketTier, Urgency } from './tickets.api';
import { OPEN_STATUSES, STATUS_COLOUR, URGENCY_COLOUR } from './vocab';
import './tickets.css';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "2天3小时", "45分钟": the larger two units of a span. */
export function formatSpan(ms: number, t: T): string {
  const minutes = Math.max(1, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? t('tickets.span.dh', { d: days, h: hours }) : t('tickets.span.d', { d: days });
  if (hours > 0) return mins ? t('tickets.span.hm', { h: hours, m: mins }) : t('tickets.span.h', { h: hours });
  return t('tickets.span.m', { m: mins });
}

/** The current time, refreshed every `everyMs`. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOUR[status]} data-testid="status-tag">
      {t(`tickets.status.${status}`)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useI18n();
  return <Tag color={URGENCY_COLOUR[urgency]}>{t(`tickets.urgency.${urgency}`)}</Tag>;
}

export function TierTag({ tier }: { tier: TicketTier }) {
  const { t } = useI18n();
  return <Tag color="geekblue">{t(`tickets.tier.${tier}`)}</Tag>;
}

/**
 * The deadline that matters now: the tier's while a team holds it (dispatched, in progress), else the
 * overall one while open; red 超期 once past.
 */
export function DeadlineTag({ ticket }: { ticket: Pick<TicketSummary, 'status' | 'deadlineAt' | 'tierDeadlineAt' | 'overdue'> }) {
  const { t } = useI18n();
  const now = useNow();
  if (!OPEN_STATUSES.includes(ticket.status)) return null;
  const atTier = ticket.status === 'dispatched' || ticket.status === 'in_progress';
  const due = (atTier && ticket.tierDeadlineAt) || ticket.deadlineAt;
  if (!due) return null;
  const left = new Date(due).getTime() - now;
  const late = left <= 0 || ticket.overdue;
  const label = late ? t('tickets.deadline.overdue', { span: formatSpan(left, t) }) : t('tickets.deadline.left', { span: formatSpan(left, t) });
  return (
    <Tooltip title={t(atTier ? 'tickets.deadline.tierAt' : 'tickets.deadline.at', { at: formatDateTime(due) })}>
      <Tag color={late ? 'red' : left < 3_600_000 ? 'orange' : 'default'} icon={late ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />} data-testid={late ? 'overdue-tag' : 'deadline-tag'}>
        {label}
      </Tag>
    </Tooltip>
  );
}

/** Status, then the marks that need attention: overdue, 督办, extension pending. */
export function TicketTags({ ticket }: { ticket: TicketSummary }) {
  const { t } = useI18n();
  return (
    <span className="ticket-tags">
      <StatusTag status={ticket.status} />
      <DeadlineTag ticket={ticket} />
      {ticket.supervised && <Tag color="magenta">{t('tickets.supervised')}</Tag>}
      {ticket.extensionPending && <Tag color="gold">{t('tickets.extensionPending')}</Tag>}
    </span>
  );
}
