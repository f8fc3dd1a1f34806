/** A team's page in a drawer: who leads it, its members, and (for those who may) appoint, add, remove, rename. */
import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Flex, Popconfirm, Table, Tag } from 'antd';
import { CrownOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../format';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { isMessageKey } from '../../i18n/translate';
import { ErrorView } from '../../shell/ErrorView';
import { NameModal } from '../places/NameModal';
import { AddMemberModal } from './AddMemberModal';
import { useAddMember, useRemoveMember, useRenameTeam, useTeam, type Team, type TeamMember } from './teams.api';

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
  const add = useAddMember(team.id);
  const rename = useRenameTeam(team.id);
  const [open, setOpen] = useState<null | 'leader' | 'member' | 'rename'>(null);
  const current = detail.data?.team ?? team;
  const members = detail.data?.members ?? [];

  const run = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      void message.success(done);
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

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
        ]}
      />
      {(canStaff || canManage) && (
        <Flex gap={8} wrap>
          {canStaff && (
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
            {
              title: t('teams.role'),
              dataIndex: 'role',
              render: (role: TeamMember['role']) =>
                role === 'leader' ? (
                  <Tag icon={<CrownOutlined />} color="gold">
                    {t('teams.role.leader')}
                  </Tag>
                ) : (
                  t('teams.role.member')
                ),
            },
            { title: t('teams.source'), dataIndex: 'source', render: (s: string) => <SourceTag source={s} /> },
            { title: t('teams.joinedAt'), dataIndex: 'joinedAt', render: (at: string) => <span className="code">{formatDateTime(at)}</span> },
            ...(canStaff
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, m: TeamMember) => (
                      <Flex gap={4}>
                        {m.role !== 'leader' && (
                          <Button
                            size="small"
                            type="link"
                            onClick={() =>
                              void run(
                                add.mutateAsync({ ...(m.residentId ? { residentId: m.residentId } : { userId: m.userId! }), role: 'leader' }),
                                t('teams.leaderAppointed', { name: m.name }),
                              )
                            }
                          >
                            {t('teams.makeLeader')}
                          </Button>
                        )}
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
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </div>
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
