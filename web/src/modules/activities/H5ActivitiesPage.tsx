/** 身边的活动 (H5): this month's theme and the activities of my community (my compound's first), with sign-up and cancel. */
import { App, Button, Card, Empty, Flex, Popconfirm, Tag, Typography } from 'antd';
import { CalendarOutlined, EnvironmentOutlined, RightOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { useCancelSignup, useNearActivities, useSignUp, type Activity } from './activities.api';

export function H5ActivitiesPage() {
  const { t } = useI18n();
  const list = useNearActivities();
  let body;
  if (list.error) body = <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.data) body = <PageSpin />;
  else if (!list.data.length) body = <Empty className="h5-empty" description={t('activities.empty')} />;
  else
    body = (
      <Flex vertical gap={12} data-testid="near-activities">
        {list.data.map((a) => (
          <ActivityCard key={a.id} a={a} />
        ))}
      </Flex>
    );
  const theme = list.data?.find((a) => a.theme)?.theme;
  return (
    <div className="page h5-page" data-testid="h5-activities-page">
      <Typography.Title level={3} className="h5-title">
        {t('activities.title')}
      </Typography.Title>
      {theme && (
        <Typography.Paragraph type="secondary" data-testid="month-theme">
          {t('activities.monthTheme', { theme })}
        </Typography.Paragraph>
      )}
      <Link to="/h5/teams" data-testid="teams-entry">
        <Card size="small" style={{ marginBottom: 12 }}>
          <Flex justify="space-between" align="center">
            <span>
              <TeamOutlined /> {t('teams.h5.entry')}
            </span>
            <RightOutlined />
          </Flex>
        </Card>
      </Link>
      {body}
    </div>
  );
}

function ActivityCard({ a }: { a: Activity }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const signUp = useSignUp();
  const cancel = useCancelSignup();
  const mine = a.mySignup;
  const full = a.confirmed >= a.capacity;
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      void message.success(ok);
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  let state = null;
  if (mine?.checkedOutAt) state = <Tag color="green">{t('activities.checkedOut')}</Tag>;
  else if (mine?.checkedInAt) state = <Tag color="green">{t('activities.checkedIn')}</Tag>;
  else if (mine?.status === 'confirmed') state = <Tag color="red">{t('activities.signedUp')}</Tag>;
  else if (mine?.status === 'waitlisted') state = <Tag color="orange">{t('activities.onWaitlist')}</Tag>;
  return (
    <Card size="small" data-testid="activity-card" data-id={a.id}>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {a.title}
        </Typography.Text>
        {state}
      </Flex>
      {a.theme && <Tag style={{ marginTop: 4 }}>{a.theme}</Tag>}
      <Flex vertical gap={2} style={{ marginTop: 8, color: 'rgba(0,0,0,0.65)' }}>
        <span>
          <CalendarOutlined /> {formatDateTime(a.startsAt).slice(0, 16)} – {formatDateTime(a.endsAt).slice(11, 16)}
        </span>
        <span>
          <EnvironmentOutlined /> {a.address || a.placeName}
        </span>
        <span>
          <UserOutlined /> {t('activities.leader')}：{a.leaderName} · {t('activities.capacity', { confirmed: a.confirmed, capacity: a.capacity })}
          {a.waitlisted > 0 && <> · {t('activities.waitlisted', { n: a.waitlisted })}</>}
        </span>
      </Flex>
      <Flex justify="end" style={{ marginTop: 8 }}>
        {!mine && (
          <Button
            type="primary"
            loading={signUp.isPending}
            data-testid="sign-up"
            onClick={() =>
              void signUp.mutateAsync(a.id).then(
                (s) => message.success(s.status === 'waitlisted' ? t('activities.signUp.waitlisted') : t('activities.signUp.done')),
                (e) => message.error(errorText(e, t, lang)),
              )
            }
          >
            {full ? t('activities.full') : t('activities.signUp')}
          </Button>
        )}
        {mine && !mine.checkedInAt && (
          <Popconfirm title={t('activities.cancelConfirm')} onConfirm={() => run(cancel.mutateAsync(mine.id), t('activities.cancel.done'))}>
            <Button data-testid="cancel-signup">{t('activities.cancel')}</Button>
          </Popconfirm>
        )}
      </Flex>
    </Card>
  );
}
