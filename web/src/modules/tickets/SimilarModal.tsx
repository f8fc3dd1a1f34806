/** 已有相似诉求: before a new ticket goes in, open ones like it in the compound — "me too / follow" instead of a duplicate. */
import { App, Button, Modal, Typography } from 'antd';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { PublicStatus } from './PublicTicketDrawer';
import { useFollow, type SimilarTicket } from './tickets.api';

export function SimilarModal({
  similar,
  submitting,
  onFollowed,
  onSubmitAnyway,
  onCancel,
}: {
  similar: SimilarTicket[];
  submitting: boolean;
  onFollowed: (ticket: SimilarTicket) => void;
  onSubmitAnyway: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const follow = useFollow();

  const meToo = async (s: SimilarTicket) => {
    try {
      await follow.mutateAsync({ id: s.id, follow: true });
      void message.success(t('tickets.similar.followed', { number: s.number }));
      onFollowed(s);
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  return (
    <Modal
      open
      title={t('tickets.similar.title')}
      onCancel={onCancel}
      footer={[
        <Button key="cancel" onClick={onCancel}>
          {t('tickets.similar.edit')}
        </Button>,
        <Button key="new" type="primary" loading={submitting} onClick={onSubmitAnyway} data-testid="submit-anyway">
          {t('tickets.similar.submitAnyway')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('tickets.similar.help')}</Typography.Paragraph>
      <div className="similar-list" data-testid="similar-tickets">
        {similar.map((s) => (
          <div key={s.id} className="similar-item">
            <div className="similar-main">
              <Typography.Text strong>{s.title}</Typography.Text>
              <div>
                <PublicStatus label={s.status} />
                <span className="similar-meta">
                  {s.number} · {formatDateTime(s.createdAt)} · {t('tickets.similar.followers', { n: s.followers })}
                </span>
              </div>
            </div>
            <Button size="small" type="primary" ghost loading={follow.isPending && follow.variables?.id === s.id} onClick={() => void meToo(s)} data-testid="me-too">
              {t('tickets.similar.meToo')}
            </Button>
          </div>
        ))}
      </div>
    </Modal>
  );
}
