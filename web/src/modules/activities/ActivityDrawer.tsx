/** An activity's sign-ups for its leader: hand check-in/out, the QR codes, approving hours, the attendance sheet. */
import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Flex, InputNumber, Popconfirm, Space, Table, Tag } from 'antd';
import { DownloadOutlined, QrcodeOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { hoursOf, useCancelSignup, useDecideHours, useHandCheck, useSignups, type Activity, type Signup } from './activities.api';
import { QrModal } from './QrModal';

export function ActivityDrawer({ activity, onClose }: { activity: Activity; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const signups = useSignups(activity.id);
  const hand = useHandCheck();
  const decide = useDecideHours();
  const cancel = useCancelSignup();
  const [qr, setQr] = useState(false);
  const [minutes, setMinutes] = useState<Record<string, number>>({});
  const run = (p: Promise<unknown>) => p.then(() => message.success(t('activities.saved')), (e) => message.error(errorText(e, t, lang)));
  const columns = [
    { title: t('activities.col.name'), dataIndex: 'name' },
    { title: t('activities.col.status'), render: (_: unknown, s: Signup) => <Tag color={s.status === 'confirmed' ? 'red' : s.status === 'waitlisted' ? 'orange' : undefined}>{t(`activities.status.${s.status}` as MessageKey)}</Tag> },
    { title: t('activities.col.in'), render: (_: unknown, s: Signup) => (s.checkedInAt ? `${formatDateTime(s.checkedInAt).slice(5, 16)} ${t(s.checkInMethod === 'qr' ? 'activities.method.qr' : 'activities.method.hand')}` : '') },
    { title: t('activities.col.out'), render: (_: unknown, s: Signup) => (s.checkedOutAt ? `${formatDateTime(s.checkedOutAt).slice(5, 16)} ${t(s.checkOutMethod === 'qr' ? 'activities.method.qr' : 'activities.method.hand')}` : '') },
    { title: t('activities.col.hours'), render: (_: unknown, s: Signup) => (s.minutes === null ? '' : `${hoursOf(s.minutes)} h`) },
    { title: t('activities.col.hoursStatus'), render: (_: unknown, s: Signup) => t(`points.hoursStatus.${s.hoursStatus}` as MessageKey) },
    {
      title: t('activities.col.actions'),
      render: (_: unknown, s: Signup) => (
        <Space wrap data-testid={`signup-actions-${s.name}`}>
          {s.status === 'confirmed' && !s.checkedInAt && (
            <Button size="small" onClick={() => void run(hand.mutateAsync({ signupId: s.id, kind: 'in' }))}>
              {t('activities.handIn')}
            </Button>
          )}
          {s.checkedInAt && !s.checkedOutAt && (
            <Button size="small" onClick={() => void run(hand.mutateAsync({ signupId: s.id, kind: 'out' }))}>
              {t('activities.handOut')}
            </Button>
          )}
          {s.hoursStatus === 'pending' && (
            <>
              <InputNumber
                size="small"
                min={1}
                max={1440}
                style={{ width: 110 }}
                suffix={t('activities.minutes')}
                value={minutes[s.id] ?? (s.minutes || undefined)}
                placeholder={t('activities.approve.minutes')}
                data-testid="approve-minutes"
                onChange={(v) => setMinutes((m) => ({ ...m, [s.id]: Number(v) }))}
              />
              <Button size="small" type="primary" data-testid="approve-hours" onClick={() => void run(decide.mutateAsync({ signupId: s.id, decision: 'approve', ...(minutes[s.id] ? { minutes: minutes[s.id] } : {}) }))}>
                {t('activities.approve')}
              </Button>
              <Popconfirm title={t('activities.reject')} onConfirm={() => run(decide.mutateAsync({ signupId: s.id, decision: 'reject' }))}>
                <Button size="small" danger>
                  {t('activities.reject')}
                </Button>
              </Popconfirm>
            </>
          )}
          {s.status !== 'cancelled' && !s.checkedInAt && (
            <Popconfirm title={t('activities.cancelConfirm')} onConfirm={() => run(cancel.mutateAsync(s.id))}>
              <Button size="small" type="link">
                {t('activities.cancel')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Drawer open title={activity.title} width={980} onClose={onClose} data-testid="activity-drawer">
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('activities.col.time')}>
          {formatDateTime(activity.startsAt).slice(0, 16)} – {formatDateTime(activity.endsAt).slice(0, 16)}
        </Descriptions.Item>
        <Descriptions.Item label={t('activities.col.place')}>{activity.address || activity.placeName}</Descriptions.Item>
        <Descriptions.Item label={t('activities.theme')}>{activity.theme ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('activities.col.leader')}>{activity.leaderName}</Descriptions.Item>
        <Descriptions.Item label={t('activities.col.signups')}>
          {t('activities.capacity', { confirmed: activity.confirmed, capacity: activity.capacity })} {activity.waitlisted > 0 && t('activities.waitlisted', { n: activity.waitlisted })}
        </Descriptions.Item>
      </Descriptions>
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<QrcodeOutlined />} onClick={() => setQr(true)} data-testid="show-qr">
          {t('activities.qrIn')} / {t('activities.qrOut')}
        </Button>
        <a href={`/api/v1/activities/${activity.id}/attendance.xlsx`} download>
          <Button icon={<DownloadOutlined />}>{t('activities.export')}</Button>
        </a>
      </Flex>
      {signups.error ? <ErrorView error={signups.error} /> : <Table rowKey="id" size="small" loading={!signups.data} dataSource={signups.data ?? []} columns={columns} pagination={false} data-testid="signups-table" />}
      {qr && <QrModal activity={activity} onClose={() => setQr(false)} />}
    </Drawer>
  );
}
