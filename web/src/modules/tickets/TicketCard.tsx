/** One ticket in a list: title, tags (status, deadline countdown or 超期), number, category, time; optional quick actions. */
import { Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../format';
import { TicketActions } from './TicketActions';
import { TicketTags, TierTag, UrgencyTag } from './TicketTags';
import { useCategories, type TicketAction, type TicketSummary } from './tickets.api';
import { OPEN_STATUSES } from './vocab';

export function TicketCard({ ticket, actions = [], showTier = false }: { ticket: TicketSummary; actions?: readonly TicketAction[]; showTier?: boolean }) {
  const navigate = useNavigate();
  const categories = useCategories();
  const category = categories.data?.find((c) => c.code === ticket.categoryCode)?.name ?? ticket.categoryCode;
  const open = () => navigate(`/tickets/${ticket.id}`);
  return (
    <Card
      size="small"
      hoverable
      className={ticket.overdue ? 'ticket-card ticket-card-overdue' : 'ticket-card'}
      onClick={open}
      data-testid="ticket-card"
      data-number={ticket.number}
    >
      <div className="ticket-card-head">
        <Typography.Text strong className="ticket-card-title">
          {ticket.title}
        </Typography.Text>
      </div>
      <div className="ticket-card-tags">
        <TicketTags ticket={ticket} />
        {ticket.urgency !== 'general' && <UrgencyTag urgency={ticket.urgency} />}
        {showTier && OPEN_STATUSES.includes(ticket.status) && <TierTag tier={ticket.tier} />}
      </div>
      <div className="ticket-card-meta">
        <span className="code">{ticket.number}</span>
        <span>{category}</span>
        <span>{formatDateTime(ticket.createdAt).slice(0, 16)}</span>
      </div>
      {actions.length > 0 && (
        <div className="ticket-card-actions">
          <TicketActions ticket={ticket} actions={actions} size="small" />
        </div>
      )}
    </Card>
  );
}
