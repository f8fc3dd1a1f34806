/** A team's page in a drawer: who leads it, its members, and (for those who may) appoint, add, remove, rename. */
import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Flex, Input, Popconfirm, Select, Switch, Table, Tabs, Tag } from 'antd';
import { CrownOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../format';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { isMessageKey } from '../../i18n/translate';
import { ErrorView } from '../../shell/ErrorView';
import { NameModal } from '../places/NameModal';
import { AddMemberModal } from './AddMemberModal';
import { ApplicationsTable } from './Applications';
import { useMe } from '../identity/session';
import { TEAM_ROLES, TEAM_STAFF_ROLES, useRemoveMember, useRenameTeam, useSetRecruiting, useSetRole, useTeam, useTeamApplications, type Team, type TeamMember, type TeamRole } from './teams.api';

export function TeamDrawer({ team, canStaff, canManage, onClose }: { team: Team | null; canStaff: boolean; canManage: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Drawer open={!!team} onClose={onClose} size={640} title={team?.name} destroyOnHidden data-testid="team-drawer">
      {team && <TeamBody team={team} canStaff={canStaff} canManage={canManage} />}
      {!team && t('common.loading')}
    </Drawer>
  );
}

function TeamBody({ team, canStaff, canManage }: { team: Team; canStaff: boolean; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const detail = useTeam(team.id);
  const remove = useRemoveMember(team.id);
  const setRole = useSetRole(team.id);
  const rename = useRenameTeam(team.id);
  const [open, setOpen] = useState<null | 'leader' | 'member' | 'rename'>(null);
  const current = detail.data?.team ?? team;
  const members = detail.data?.members ?? [];
  // Staff whose grant reaches the team's place appoint leaders; a team's own leader (from elsewhere) staffs it otherwise (the API decides).
  const me = useMe();
  const appoints = me.grants.some((g) => TEAM_STAFF_ROLES.includes(g.role) && current.placeCode.startsWith(g.scopeCode));

  const run = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      void message.success(done);
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  const membersTable = (
    <div data-testid="team-members">
    <Table<TeamMember>
      rowKey="memberKey"
      size="small"
      loading={detail.isLoading}
      dataSource={members}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('teams.noMembers') }}
      columns={[
        { title: t('household.name'), dataIndex: 'name' },
        { title: t('teams.role'), dataIndex: 'role', render: (role: TeamRole) => <RoleTag role={role} /> },
        { title: t('teams.source'), dataIndex: 'source', render: (s: string) => <SourceTag source={s} /> },
        { title: t('teams.joinedAt'), dataIndex: 'joinedAt', render: (at: string) => <span className="code">{formatDateTime(at)}</span> },
        ...(canStaff
          ? [
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, m: TeamMember) => (
                  <Flex gap={4}>
                    <Select<TeamRole>
                      size="small"
                      value={m.role}
                      style={{ width: 96 }}
                      disabled={!appoints && m.role === 'leader'}
                      data-testid={`role-${m.name}`}
                      options={TEAM_ROLES.filter((r) => appoints || r !== 'leader' || m.role === 'leader').map((r) => ({ value: r, label: t(`teams.role.${r}`) }))}
                      onChange={(role) =>
                        void run(
                          setRole.mutateAsync({ memberKey: m.memberKey, role }),
                          role === 'leader' ? t('teams.leaderAppointed', { name: m.name }) : t('teams.roleChanged', { name: m.name, role: t(`teams.role.${role}`) }),
                        )
                      }
                    />
                    {(appoints || m.role !== 'leader') && (
                    <Popconfirm
                      title={t('teams.removeConfirm', { name: m.name })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => run(remove.mutateAsync(m.memberKey), t('teams.memberRemoved', { name: m.name }))}
                    >
                      <Button size="small" type="link" danger>
                        {t('teams.remove')}
                      </Button>
                    </Popconfirm>
                    )}
                  </Flex>
                ),
              },
            ]
          : []),
      ]}
    />
    </div>
  );

  if (detail.error) return <ErrorView error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'kind', label: t('teams.kind'), children: <Tag>{t(`teams.kind.${current.kind}`)}</Tag> },
          { key: 'place', label: t('teams.place'), children: current.placeName },
          { key: 'leader', label: t('teams.leader'), children: current.leaderName ?? <Tag color="warning">{t('teams.noLeader')}</Tag> },
          { key: 'count', label: t('teams.members'), children: current.memberCount },
          ...(current.theme ? [{ key: 'theme', label: t('teams.theme'), children: current.theme }] : []),
          {
            key: 'recruit',
            label: t('teams.recruit'),
            children: current.recruiting ? <Tag color="green">{t('teams.recruiting')}</Tag> : <Tag>{t('teams.notRecruiting')}</Tag>,
          },
          ...(current.recruitNote ? [{ key: 'note', label: t('teams.recruitNote'), children: current.recruitNote }] : []),
        ]}
      />
      {canStaff && <RecruitingControl team={current} />}
      {(canStaff || canManage) && (
        <Flex gap={8} wrap>
          {canStaff && appoints && (
            <Button type="primary" icon={<CrownOutlined />} onClick={() => setOpen('leader')} data-testid="appoint-leader">
              {t('teams.appointLeader')}
            </Button>
          )}
          {canStaff && (
            <Button icon={<UserAddOutlined />} onClick={() => setOpen('member')}>
              {t('teams.addMember')}
            </Button>
          )}
          {canManage && (
            <Button icon={<EditOutlined />} onClick={() => setOpen('rename')}>
              {t('teams.rename')}
            </Button>
          )}
        </Flex>
      )}
      <Tabs
        items={[
          { key: 'members', label: t('teams.tab.members'), children: membersTable },
          ...(canStaff ? [{ key: 'applications', label: `${t('teams.tab.applications')}${current.pendingApplications ? ` (${current.pendingApplications})` : ''}`, children: <TeamApplications teamId={team.id} /> }] : []),
        ]}
      />
      {(open === 'leader' || open === 'member') && <AddMemberModal team={current} role={open} onClose={() => setOpen(null)} />}
      {open === 'rename' && (
        <NameModal
          title={t('teams.renameTitle')}
          label={t('teams.name')}
          initial={current.name}
          maxLength={60}
          onSubmit={(name) => rename.mutateAsync(name)}
          onClose={() => setOpen(null)}
        />
      )}
    </Flex>
  );
}

function SourceTag({ source }: { source: string }) {
  const { t } = useI18n();
  const key = `teams.source.${source}`;
  const colour = source === 'party_member' ? 'red' : source === 'grid_worker' ? 'blue' : source === 'volunteer' ? 'green' : undefined;
  return <Tag color={colour}>{isMessageKey(key) ? t(key) : source}</Tag>;
}

function RoleTag({ role }: { role: TeamRole }) {
  const { t } = useI18n();
  if (role === 'leader')
    return (
      <Tag icon={<CrownOutlined />} color="gold">
        {t('teams.role.leader')}
      </Tag>
    );
  if (role === 'deputy') return <Tag color="orange">{t('teams.role.deputy')}</Tag>;
  return <span>{t('teams.role.member')}</span>;
}

/** 公开招募: open (with a note residents read) or close. */
function RecruitingControl({ team }: { team: Team }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const set = useSetRecruiting(team.id);
  const [note, setNote] = useState(team.recruitNote ?? '');
  const toggle = async (open: boolean) => {
    try {
      await set.mutateAsync({ open, ...(open && note.trim() ? { note: note.trim() } : {}) });
      void message.success(open ? t('teams.recruitOpened') : t('teams.recruitClosed'));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <Flex gap={8} align="center">
      <Switch checked={team.recruiting} loading={set.isPending} onChange={(v) => void toggle(v)} checkedChildren={t('teams.recruiting')} unCheckedChildren={t('teams.notRecruiting')} data-testid="recruiting-switch" />
      <Input
        size="small"
        value={note}
        maxLength={200}
        disabled={team.recruiting}
        placeholder={t('teams.recruitNotePlaceholder')}
        onChange={(e) => setNote(e.target.value)}
        aria-label={t('teams.recruitNote')}
      />
    </Flex>
  );
}

function TeamApplications({ teamId }: { teamId: string }) {
  const list = useTeamApplications(teamId);
  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  return <ApplicationsTable items={list.data ?? []} loading={list.isLoading} testId="team-applications" />;
}
