/**
 * The bell in both layouts: unread count, the latest messages in a popover (a tap opens the ticket and
 * marks it read), 全部已读. It also holds the page's live stream, so open lists refresh on events.
 */
import { useState } from 'react';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { INBOX_KEY, useInbox, useMarkRead, type Notification } from './inbox.api';
import { useLiveInvalidation } from './live';
import { TICKET_KEY, TICKETS_KEY } from './tickets.api';

const LIVE_KEYS = [TICKETS_KEY, TICKET_KEY, INBOX_KEY];

export function InboxBell({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const inbox = useInbox();
  const mark = useMarkRead();
  const [open, setOpen] = useState(false);
  useLiveInvalidation('/stream', LIVE_KEYS);
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  const openItem = (n: Notification) => {
    if (!n.readAt) mark.mutate(n.id);
    setOpen(false);
    if (n.ticketId) navigate(`/tickets/${n.ticketId}`);
  };

  const content = (
    <div className="inbox" data-testid="inbox">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        items.map((n) => (
          <button key={n.id} type="button" className={n.readAt ? 'inbox-item' : 'inbox-item inbox-unread'} onClick={() => openItem(n)}>
            <Typography.Text strong={!n.readAt} className="inbox-title">
              {n.title}
            </Typography.Text>
            <Typography.Text type="secondary" className="inbox-body">
              {n.body}
            </Typography.Text>
            <Typography.Text type="secondary" className="inbox-time">
              {formatDateTime(n.createdAt).slice(0, 16)}
            </Typography.Text>
          </button>
        ))
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      // On the phone the bell sits mid-bar: centred under it the list fits the screen.
      placement={size === 'small' ? 'bottom' : 'bottomRight'}
      title={
        <div className="inbox-head">
          <span>{t('inbox.title')}</span>
          {unread > 0 && (
            <Button type="link" size="small" onClick={() => mark.mutate('all')} loading={mark.isPending && mark.variables === 'all'}>
              {t('inbox.readAll')}
            </Button>
          )}
        </div>
      }
      content={content}
    >
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" size={size} icon={<BellOutlined />} aria-label={t('inbox.title')} data-testid="inbox-bell" />
      </Badge>
    </Popover>
  );
}
