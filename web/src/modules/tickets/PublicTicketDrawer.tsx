/** One ticket of the public list: its text (numbers masked by the API), place to the compound, and the public timeline. */
import { Descriptions, Drawer, Grid, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../format';
import { isMessageKey } from '../../i18n/translate';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { statusOfLabel, usePublicTicket } from './public.api';
import { STATUS_COLOUR } from './vocab';

/** The API's status label as a tag, in the UI's language. */
export function PublicStatus({ label }: { label: string }) {
  const { t } = useI18n();
  const status = statusOfLabel(label);
  return <Tag color={status ? STATUS_COLOUR[status] : 'default'}>{status ? t(`tickets.status.${status}`) : label}</Tag>;
}

export function PublicTicketDrawer({ number, onClose }: { number: string | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const detail = usePublicTicket(number);
  const data = detail.data;

  let body;
  if (detail.error) body = <ErrorView error={detail.error} onRetry={() => void detail.refetch()} />;
  else if (!data) body = <PageSpin />;
  else {
    const { ticket, timeline } = data;
    body = (
      <div data-testid="public-ticket">
        <Typography.Title level={4} className="public-ticket-title">
          {ticket.title}
        </Typography.Title>
        <div className="public-ticket-tags">
          <PublicStatus label={ticket.status} />
          <Tag>{ticket.categoryName}</Tag>
          {ticket.rating && isMessageKey(`tickets.rating.${ticket.rating}`) && <Tag color="green">{t(`tickets.rating.${ticket.rating}` as 'tickets.rating.satisfied')}</Tag>}
        </div>
        <Typography.Paragraph className="public-description" data-testid="public-description">
          {ticket.description}
        </Typography.Paragraph>
        <Descriptions size="small" column={1} className="public-facts">
          <Descriptions.Item label={t('tickets.detail.number')}>
            <span className="code">{ticket.number}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.detail.place')}>{ticket.place}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.detail.createdAt')}>{formatDateTime(ticket.createdAt)}</Descriptions.Item>
          {ticket.closedAt && <Descriptions.Item label={t('tickets.detail.closedAt')}>{formatDateTime(ticket.closedAt)}</Descriptions.Item>}
        </Descriptions>
        <Typography.Title level={5}>{t('tickets.detail.timeline')}</Typography.Title>
        <Timeline
          data-testid="public-timeline"
          className="ticket-timeline"
          items={timeline.map((e, i) => ({
            key: i,
            color: e.type === 'verify_pass' || e.type === 'rate' ? 'green' : e.type === 'escalate' ? 'orange' : 'blue',
            content: (
              <div className="timeline-entry" data-testid={`public-event-${e.type}`}>
                <Typography.Text strong>{lang === 'zh-CN' || !isMessageKey(`tickets.event.${e.type}`) ? e.label : t(`tickets.event.${e.type}` as 'tickets.event.register')}</Typography.Text>
                <div className="timeline-meta">
                  <Tag variant="filled">{e.by}</Tag>
                  <span className="timeline-time">{formatDateTime(e.at)}</span>
                </div>
                {e.note && <div className="timeline-note">{e.note}</div>}
              </div>
            ),
          }))}
        />
      </div>
    );
  }

  return (
    <Drawer open={!!number} onClose={onClose} size={screens.md ? 520 : '100%'} title={t('public.detailTitle')} destroyOnHidden>
      {body}
    </Drawer>
  );
}
