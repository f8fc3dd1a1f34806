/** 工单详情: the ticket, its photos, its deadline, the buttons the API allows me, 关注, and the timeline. */
import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Flex, Rate, Row, Typography } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { PhotoGallery } from './PhotoGallery';
import { TicketActions } from './TicketActions';
import { DeadlineTag, StatusTag, TierTag, UrgencyTag } from './TicketTags';
import { TicketTimeline } from './TicketTimeline';
import { revealReporterPhone, useFollow, useTicket, type Ticket } from './tickets.api';
import { OPEN_STATUSES } from './vocab';

const RATING_STARS = { satisfied: 3, basically_satisfied: 2, dissatisfied: 1 } as const;

function ReporterPhone({ ticket }: { ticket: Ticket }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);
  if (!ticket.reporterPhone) return <>{t('common.none')}</>;
  const reveal = async () => {
    try {
      setFull((await revealReporterPhone(ticket.id)).phone);
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <Flex align="center" gap={4}>
      <span data-testid="reporter-phone" className="nowrap">{full ?? ticket.reporterPhone}</span>
      {!full && !ticket.reporterIsMe && (
        <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => void reveal()}>
          {t('tickets.detail.reveal')}
        </Button>
      )}
    </Flex>
  );
}

export function TicketDetailPage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const detail = useTicket(id);
  const follow = useFollow();

  if (detail.error) return <ErrorView error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <PageSpin />;
  const { ticket, timeline, allowedActions, following, photos = [] } = detail.data;
  const canFollow = !ticket.reporterIsMe && OPEN_STATUSES.includes(ticket.status);
  const reportPhotos = photos.filter((p) => p.eventSeq == null || p.eventSeq === 1);

  const toggleFollow = async () => {
    try {
      await follow.mutateAsync({ id: ticket.id, follow: !following });
      void message.success(t(following ? 'tickets.detail.unfollowed' : 'tickets.detail.followed'));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  return (
    <div className="page ticket-detail" data-testid="ticket-detail">
      <Flex align="center" gap={8} wrap className="page-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <Typography.Title level={3} className="ticket-title" data-testid="ticket-title">
          {ticket.title}
        </Typography.Title>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14} className="ticket-detail-main">
          <Card size="small">
            <Flex gap={6} wrap className="ticket-detail-tags">
              <StatusTag status={ticket.status} />
              <UrgencyTag urgency={ticket.urgency} />
              {OPEN_STATUSES.includes(ticket.status) && <TierTag tier={ticket.tier} />}
              <DeadlineTag ticket={ticket} />
            </Flex>
            <Typography.Paragraph className="ticket-description" data-testid="ticket-description">
              {ticket.description}
            </Typography.Paragraph>
            <PhotoGallery photos={reportPhotos} />
            <Descriptions size="small" column={{ xs: 1, md: 2, lg: 1, xl: 2 }} className="ticket-facts">
              <Descriptions.Item label={t('tickets.detail.number')}>
                <span className="code" data-testid="ticket-number">
                  {ticket.number}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.category')}>{ticket.categoryName}</Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.place')}>{ticket.placeName}</Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.channel')}>{t(`tickets.channel.${ticket.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.reporter')}>{ticket.reporterIsMe ? t('tickets.detail.me') : (ticket.reporterName ?? t('common.none'))}</Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.phone')}>
                <ReporterPhone ticket={ticket} />
              </Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.team')}>{ticket.teamName ?? ticket.department ?? t(`tickets.tier.${ticket.tier}`)}</Descriptions.Item>
              <Descriptions.Item label={t('tickets.detail.createdAt')}>{formatDateTime(ticket.createdAt)}</Descriptions.Item>
              {ticket.deadlineAt && <Descriptions.Item label={t('tickets.detail.deadlineAt')}>{formatDateTime(ticket.deadlineAt)}</Descriptions.Item>}
              {ticket.closedAt && <Descriptions.Item label={t('tickets.detail.closedAt')}>{formatDateTime(ticket.closedAt)}</Descriptions.Item>}
            </Descriptions>
            <Typography.Text type="secondary" className="ticket-counts">
              {t('tickets.detail.counts')}{t('tickets.detail.countsValue', { e: ticket.escalations, x: ticket.extensions, r: ticket.reworks, f: ticket.followers })}
            </Typography.Text>
            {ticket.rating && (
              <div className="ticket-rating" data-testid="ticket-rating">
                <Rate disabled count={3} value={RATING_STARS[ticket.rating]} />
                <Typography.Text strong>{t(`tickets.rating.${ticket.rating}`)}</Typography.Text>
                {ticket.ratingComment && <Typography.Text type="secondary">{ticket.ratingComment}</Typography.Text>}
              </div>
            )}
          </Card>
          {(allowedActions.length > 0 || canFollow || ticket.status !== 'closed') && (
            <Card size="small" title={t('tickets.detail.actions')}>
              <Flex vertical gap={12}>
                {allowedActions.length ? (
                  <TicketActions ticket={ticket} actions={allowedActions} block />
                ) : (
                  <Typography.Text type="secondary">{t('tickets.detail.noActions')}</Typography.Text>
                )}
                {canFollow && (
                  <Button icon={following ? <StarFilled /> : <StarOutlined />} loading={follow.isPending} onClick={() => void toggleFollow()} data-testid="follow">
                    {t(following ? 'tickets.detail.unfollow' : 'tickets.detail.follow')}
                  </Button>
                )}
              </Flex>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('tickets.detail.timeline')}>
            {/* The report's own photos are in the gallery above; the timeline shows those of later steps. */}
            <TicketTimeline events={timeline} photos={photos.filter((p) => p.eventSeq != null && p.eventSeq > 1)} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
