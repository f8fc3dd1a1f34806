/** 办理过程: every event as a Timeline item — what happened, who (role, name), when (Beijing time), the note, its photos. */
import { Image, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../format';
import { isMessageKey } from '../../i18n/translate';
import { useI18n, type MessageKey } from '../../i18n';
import type { Photo, TicketEvent, TicketTier } from './tickets.api';
import { RATINGS, TIERS } from './vocab';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const COLOUR: Partial<Record<TicketEvent['type'], string>> = {
  register: 'blue',
  dispatch: 'blue',
  accept: 'cyan',
  report_back: 'purple',
  verify_pass: 'green',
  rate: 'green',
  escalate: 'orange',
  supervise: 'magenta',
  verify_fail: 'red',
  return: 'red',
  cancel: 'gray',
  shelve: 'gray',
  merge: 'gray',
};

const isTier = (v: unknown): v is TicketTier => typeof v === 'string' && (TIERS as readonly string[]).includes(v);

/** The role an event was taken in, in words: a tier team, a role, the reporter or the system. */
export function actorRoleLabel(role: string | null, t: T): string | null {
  if (!role) return null;
  if (isTier(role)) return t(`tickets.tier.${role}`);
  const key = `role.${role}`;
  if (isMessageKey(key)) return t(key);
  const own = `tickets.actor.${role}`;
  return isMessageKey(own) ? t(own) : role;
}

/** What the event did, with where it went (升级至 楼栋互助队) or the rating. */
export function eventLabel(e: Pick<TicketEvent, 'type' | 'data'>, t: T): string {
  const base = t(`tickets.event.${e.type}`);
  const tier = e.data.tier;
  if (e.type === 'escalate' && e.data.automatic === true && isTier(tier)) return t('tickets.event.autoEscalateTo', { tier: t(`tickets.tier.${tier}`) });
  if ((e.type === 'dispatch' || e.type === 'escalate' || e.type === 'return') && isTier(tier)) return `${base} → ${t(`tickets.tier.${tier}`)}`;
  if (e.type === 'rate' && typeof e.data.rating === 'string' && (RATINGS as readonly string[]).includes(e.data.rating)) {
    return `${base}：${t(`tickets.rating.${e.data.rating as (typeof RATINGS)[number]}`)}`;
  }
  return base;
}

function EventExtra({ e }: { e: TicketEvent }) {
  const { t } = useI18n();
  if (e.type === 'request_extension' && typeof e.data.until === 'string') return <div>{t('tickets.timeline.until', { at: formatDateTime(e.data.until) })}</div>;
  if (e.type === 'shelve' && typeof e.data.reviewOn === 'string') return <div>{t('tickets.timeline.reviewOn', { day: e.data.reviewOn })}</div>;
  return null;
}

export function TicketTimeline({ events, photos = [] }: { events: TicketEvent[]; photos?: Photo[] }) {
  const { t } = useI18n();
  return (
    <Timeline
      data-testid="ticket-timeline"
      className="ticket-timeline"
      items={events.map((e) => {
        const role = actorRoleLabel(e.actorRole, t);
        const own = photos.filter((p) => p.eventSeq === e.seq);
        return {
          key: e.seq,
          color: COLOUR[e.type] ?? 'gray',
          content: (
            <div className="timeline-entry" data-testid={`event-${e.type}`}>
              <Typography.Text strong>{eventLabel(e, t)}</Typography.Text>
              {!e.public && (
                <Tag className="timeline-internal" variant="filled">
                  {t('tickets.timeline.internal')}
                </Tag>
              )}
              <div className="timeline-meta">
                {role && <Tag variant="filled">{role}</Tag>}
                {e.actorName && e.actorRole !== 'system' && e.actorName !== role && <span>{e.actorName}</span>}
                <span className="timeline-time">{formatDateTime(e.at)}</span>
              </div>
              {e.note && <div className="timeline-note">{e.note}</div>}
              <EventExtra e={e} />
              {own.length > 0 && (
                <Image.PreviewGroup>
                  <div className="timeline-photos">
                    {own.map((p) => (
                      <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={56} height={56} alt="" />
                    ))}
                  </div>
                </Image.PreviewGroup>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
