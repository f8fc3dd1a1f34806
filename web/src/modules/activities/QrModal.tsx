/** 签到码/签退码: the leader's screen shows the signed code, fetching a fresh one every 30 s (each lives 90 s). */
import { useMemo } from 'react';
import { Modal, Segmented, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { renderSVG } from 'uqr';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { fetchQr, type Activity } from './activities.api';

export function QrModal({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const qr = useQuery({ queryKey: ['activity-qr', activity.id, kind], queryFn: () => fetchQr(activity.id, kind), refetchInterval: 30_000, gcTime: 0 });
  const link = qr.data ? `${window.location.origin}${qr.data.url}` : '';
  const svg = useMemo(() => (link ? renderSVG(link, { border: 2 }) : ''), [link]);
  return (
    <Modal open title={`${activity.title} · ${kind === 'in' ? t('activities.qrIn') : t('activities.qrOut')}`} onCancel={onClose} footer={null} width={460}>
      <Segmented
        block
        value={kind}
        onChange={(v) => setKind(v as 'in' | 'out')}
        options={[
          { value: 'in', label: <span data-testid="qr-kind-in">{t('activities.qrIn')}</span> },
          { value: 'out', label: <span data-testid="qr-kind-out">{t('activities.qrOut')}</span> },
        ]}
      />
      {qr.error ? (
        <ErrorView error={qr.error} />
      ) : !qr.data ? (
        <PageSpin />
      ) : (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <div data-testid="qr-code" data-url={qr.data.url} style={{ width: 320, height: 320, margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: svg }} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('activities.qr.hint')}
          </Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}
