/** 志愿队伍 (H5): teams recruiting where I live (apply with a word about myself), my teams with my role, my applications. */
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, Modal, Popconfirm, Segmented, Tag, Typography } from 'antd';
import { CrownOutlined, EnvironmentOutlined, TeamOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { idempotencyKey, useApply, useDecide, useMyTeams, useTeamApplications, useWithdraw, type Application, type OpenTeam } from './teams.api';

type Tab = 'open' | 'mine' | 'applications';
const STATUS_COLOUR = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' } as const;

export function H5TeamsPage() {
  const { t } = useI18n();
  const teams = useMyTeams();
  const [tab, setTab] = useState<Tab>('open');
  const [applying, setApplying] = useState<OpenTeam | null>(null);
  let body;
  if (teams.error) body = <ErrorView error={teams.error} onRetry={() => void teams.refetch()} />;
  else if (!teams.data) body = <PageSpin />;
  else if (tab === 'open')
    body = teams.data.open.length ? (
      <Flex vertical gap={12} data-testid="open-teams">
        {teams.data.open.map((team) => (
          <TeamCard key={team.id} team={team} onApply={() => setApplying(team)} />
        ))}
      </Flex>
    ) : (
      <Empty className="h5-empty" description={t('teams.h5.noOpen')} />
    );
  else if (tab === 'mine')
    body = teams.data.mine.length ? (
      <Flex vertical gap={12} data-testid="my-teams">
        {teams.data.mine.map((team) => (
          <TeamCard key={team.id} team={team} />
        ))}
      </Flex>
    ) : (
      <Empty className="h5-empty" description={t('teams.h5.noMine')} />
    );
  else
    body = teams.data.applications.length ? (
      <Flex vertical gap={12} data-testid="my-applications">
        {teams.data.applications.map((a) => (
          <ApplicationCard key={a.id} a={a} />
        ))}
      </Flex>
    ) : (
      <Empty className="h5-empty" description={t('teams.applications.none')} />
    );
  return (
    <div className="page h5-page" data-testid="h5-teams-page">
      <Typography.Title level={3} className="h5-title">
        {t('teams.h5.title')}
      </Typography.Title>
      <Segmented
        block
        style={{ marginBottom: 12 }}
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        data-testid="teams-tabs"
        options={[
          { value: 'open', label: `${t('teams.h5.open')}${teams.data ? ` ${teams.data.open.length}` : ''}` },
          { value: 'mine', label: `${t('teams.h5.mine')}${teams.data ? ` ${teams.data.mine.length}` : ''}` },
          { value: 'applications', label: t('teams.h5.myApplications') },
        ]}
      />
      {body}
      {applying && <ApplyModal team={applying} onClose={() => setApplying(null)} />}
    </div>
  );
}

function TeamCard({ team, onApply }: { team: OpenTeam; onApply?: () => void }) {
  const { t } = useI18n();
  const pending = team.myApplication?.status === 'pending';
  const rejected = team.myApplication?.status === 'rejected' ? team.myApplication : null;
  return (
    <Card size="small" data-testid={`team-card-${team.name}`}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Text strong>{team.name}</Typography.Text>
          {team.myRole && (
            <Tag color={team.myRole === 'leader' ? 'gold' : team.myRole === 'deputy' ? 'orange' : 'red'} data-testid="my-role">
              {t('teams.h5.myRole', { role: t(`teams.role.${team.myRole}`) })}
            </Tag>
          )}
        </Flex>
        <Flex gap={4} wrap>
          <Tag>{t(`teams.kind.${team.kind}`)}</Tag>
          {team.theme && <Tag color="green">{team.theme}</Tag>}
        </Flex>
        <Typography.Text type="secondary">
          <EnvironmentOutlined /> {team.placeName}
          {'  '}
          <TeamOutlined /> {t('teams.h5.members', { n: team.memberCount })}
          {team.leaderName && (
            <>
              {'  '}
              <CrownOutlined /> {t('teams.h5.leader', { name: team.leaderName })}
            </>
          )}
        </Typography.Text>
        {team.recruitNote && !team.myRole && <Typography.Paragraph style={{ margin: 0 }}>{team.recruitNote}</Typography.Paragraph>}
        {rejected && !pending && <Typography.Text type="danger">{t('teams.h5.rejectedReason', { reason: rejected.reason ?? '' })}</Typography.Text>}
        {team.myRole === 'leader' && <LeaderApplications team={team} />}
        {onApply &&
          (pending ? (
            <Tag color="processing" data-testid="apply-pending">
              {t('teams.h5.pending')}
            </Tag>
          ) : (
            <Button type="primary" block onClick={onApply} data-testid="apply">
              {t('teams.h5.apply')}
            </Button>
          ))}
      </Flex>
    </Card>
  );
}

function ApplyModal({ team, onClose }: { team: OpenTeam; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const apply = useApply();
  const [text, setText] = useState('');
  // One key for this form: a retried submit (double tap, a lost answer) makes no second application.
  const [key] = useState(idempotencyKey);
  const submit = async () => {
    try {
      await apply.mutateAsync({ teamId: team.id, message: text.trim() || undefined, key });
      void message.success(t('teams.h5.applied'));
      onClose();
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <Modal open title={t('teams.h5.applyTitle', { team: team.name })} okText={t('teams.h5.apply')} cancelText={t('common.cancel')} okButtonProps={{ loading: apply.isPending, ...{ 'data-testid': 'apply-submit' } }} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Input.TextArea rows={3} maxLength={300} showCount value={text} onChange={(e) => setText(e.target.value)} placeholder={t('teams.h5.messagePlaceholder')} data-testid="apply-message" />
    </Modal>
  );
}

function ApplicationCard({ a }: { a: Application }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const withdraw = useWithdraw();
  return (
    <Card size="small">
      <Flex justify="space-between" align="start" gap={8}>
        <Flex vertical gap={2}>
          <Typography.Text strong>{a.teamName}</Typography.Text>
          <Typography.Text type="secondary">{formatDateTime(a.createdAt).slice(0, 16)}</Typography.Text>
          {a.reason && <Typography.Text type="danger">{t('teams.h5.rejectedReason', { reason: a.reason })}</Typography.Text>}
        </Flex>
        <Flex vertical gap={4} align="end">
          <Tag color={STATUS_COLOUR[a.status]}>{t(`teams.status.${a.status}`)}</Tag>
          {a.status === 'pending' && (
            <Popconfirm
              title={t('teams.h5.withdrawConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={async () => {
                try {
                  await withdraw.mutateAsync(a.id);
                  void message.success(t('teams.h5.withdrawn'));
                } catch (e) {
                  void message.error(errorText(e, t, lang));
                }
              }}
            >
              <Button size="small">{t('teams.h5.withdraw')}</Button>
            </Popconfirm>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

/** A leader who is a resident decides her team's applications on her phone. */
function LeaderApplications({ team }: { team: OpenTeam }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useTeamApplications(team.id, 'pending');
  const decide = useDecide();
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const [reason, setReason] = useState('');
  const run = async (a: Application, approve: boolean) => {
    try {
      await decide.mutateAsync({ id: a.id, approve, ...(approve ? {} : { reason: reason.trim() }) });
      void message.success(approve ? t('teams.approved', { name: a.name }) : t('teams.rejected', { name: a.name }));
      setRejecting(null);
      setReason('');
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  if (!list.data?.length) return null;
  return (
    <Flex vertical gap={6} data-testid="leader-applications">
      <Typography.Text strong>{t('teams.applications.toDecide', { n: list.data.length })}</Typography.Text>
      {list.data.map((a) => (
        <Card key={a.id} size="small" type="inner">
          <Flex vertical gap={4}>
            <Typography.Text>
              {a.name} <Typography.Text type="secondary">{a.householdName}</Typography.Text>
            </Typography.Text>
            {a.message && <Typography.Text type="secondary">{a.message}</Typography.Text>}
            <Flex gap={8}>
              <Button size="small" type="primary" loading={decide.isPending} onClick={() => void run(a, true)}>
                {t('teams.approve')}
              </Button>
              <Button size="small" danger onClick={() => setRejecting(a)}>
                {t('teams.reject')}
              </Button>
            </Flex>
          </Flex>
        </Card>
      ))}
      {rejecting && (
        <Modal
          open
          title={t('teams.rejectTitle', { name: rejecting.name })}
          okText={t('teams.reject')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending }}
          onOk={() => void run(rejecting, false)}
          onCancel={() => setRejecting(null)}
          destroyOnHidden
        >
          <Input.TextArea rows={3} maxLength={200} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('teams.reasonRequired')} />
        </Modal>
      )}
    </Flex>
  );
}
