/** 志愿活动 (desktop): the theme calendar, the activities under a place or those I lead, publishing, and each activity's roll. */
import { useState } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { ACTIVITY_MANAGE_ROLES, ACTIVITY_READ_ROLES, useActivities, type Activity } from './activities.api';
import { ActivityDrawer } from './ActivityDrawer';
import { NewActivityModal } from './NewActivityModal';
import { ThemeCalendar } from './ThemeCalendar';

const LEVELS = ['community', 'compound', 'building'] as const;

export function ActivitiesPage() {
  const { t } = useI18n();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const canManage = hasAnyRole(me, ACTIVITY_MANAGE_ROLES);
  const canRead = hasAnyRole(me, ACTIVITY_READ_ROLES);
  const [view, setView] = useState<'place' | 'led'>(canManage ? 'place' : 'led');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().add(3, 'month').endOf('month')]);
  const place = chosen.fits ? chosen.place : null;
  const list = useActivities(view === 'place' ? (place?.code ?? null) : null, range[0].toISOString(), range[1].toISOString(), view === 'led');
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const open = list.data?.find((a) => a.id === openId) ?? null;

  const columns = [
    {
      title: t('activities.col.title'),
      render: (_: unknown, a: Activity) => (
        <a onClick={() => setOpenId(a.id)} data-testid="activity-link">
          {a.title}
        </a>
      ),
    },
    { title: t('activities.theme'), render: (_: unknown, a: Activity) => (a.theme ? <Tag>{a.theme}</Tag> : null) },
    { title: t('activities.col.time'), render: (_: unknown, a: Activity) => `${formatDateTime(a.startsAt).slice(0, 16)} – ${formatDateTime(a.endsAt).slice(11, 16)}` },
    { title: t('activities.col.place'), render: (_: unknown, a: Activity) => a.address || a.placeName },
    { title: t('activities.col.leader'), dataIndex: 'leaderName' },
    {
      title: t('activities.col.signups'),
      render: (_: unknown, a: Activity) => (
        <>
          {a.confirmed}/{a.capacity}
          {a.waitlisted > 0 && <Tag color="orange" style={{ marginLeft: 6 }}>{t('activities.waitlisted', { n: a.waitlisted })}</Tag>}
        </>
      ),
    },
    { title: t('activities.field.recurrence'), render: (_: unknown, a: Activity) => t(`activities.recurrence.${a.recurrence as 'none' | 'weekly' | 'monthly'}`) },
  ];

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (view === 'place' && !place) body = <Card><Empty description={t('activities.pickPlace')} /></Card>;
  else if (list.error) body = <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  else
    body = (
      <Flex vertical gap={16}>
        {view === 'place' && place && <ThemeCalendar community={place.code.slice(0, 12)} canEdit={canManage} />}
        <Card size="small">
          <Table rowKey="id" size="small" loading={!list.data} dataSource={list.data ?? []} columns={columns} data-testid="activities-table" pagination={{ pageSize: 20 }} />
        </Card>
      </Flex>
    );

  return (
    <div className="page" data-testid="activities-page">
      <Flex align="center" justify="space-between" gap={12} wrap className="page-head">
        <Typography.Title level={3}>{t('activities.page.title')}</Typography.Title>
        <Flex gap={8} wrap align="center">
          {canRead && (
            <Segmented
              value={view}
              onChange={(v) => setView(v as 'place' | 'led')}
              options={[
                { value: 'place', label: t('activities.byPlace') },
                { value: 'led', label: t('activities.led') },
              ]}
            />
          )}
          {view === 'place' && <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="building" />}
          <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
          {canManage && place && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-activity">
              {t('activities.new')}
            </Button>
          )}
        </Flex>
      </Flex>
      {body}
      {open && <ActivityDrawer activity={open} onClose={() => setOpenId(null)} />}
      {creating && place && <NewActivityModal place={{ code: place.code, name: place.name, level: place.level }} onClose={() => setCreating(false)} />}
    </div>
  );
}
