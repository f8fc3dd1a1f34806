/** 新社工队 and themed volunteer teams under the place, with 新建队伍. */
import { useState } from 'react';
import { Button, Card, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { CrownOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { NewTeamModal, type TeamPlaceOption } from './NewTeamModal';
import type { Team } from './teams.api';

export function OtherTeams({
  teams,
  places,
  canManage,
  onOpen,
}: {
  teams: readonly Team[];
  places: TeamPlaceOption[];
  canManage: boolean;
  onOpen: (team: Team) => void;
}) {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const [kind, setKind] = useState<'all' | 'social_work' | 'themed' | 'recruiting'>('all');
  const all = teams.filter((x) => x.kind === 'social_work' || x.kind === 'themed');
  const others = all.filter((x) => (kind === 'all' ? true : kind === 'recruiting' ? x.recruiting : x.kind === kind));
  return (
    <Card
      title={t('teams.otherTitle', { n: all.length })}
      className="block"
      extra={
        <Flex gap={8}>
          <Segmented
            size="small"
            value={kind}
            onChange={(v) => setKind(v as typeof kind)}
            data-testid="other-teams-kind"
            options={[
              { value: 'all', label: t('teams.filter.all') },
              { value: 'social_work', label: t('teams.kind.social_work') },
              { value: 'themed', label: t('teams.kind.themed') },
              { value: 'recruiting', label: t('teams.recruiting') },
            ]}
          />
          {canManage && places.length > 0 && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('teams.newTeam')}
            </Button>
          )}
        </Flex>
      }
    >
      <div data-testid="other-teams">
        <Table<Team>
          rowKey="id"
          size="small"
          dataSource={others}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('teams.noOtherTeams') }}
          onRow={(team) => ({ onClick: () => onOpen(team), className: 'clickable-row' })}
          columns={[
            { title: t('teams.name'), dataIndex: 'name', render: (name: string) => <Typography.Link>{name}</Typography.Link> },
            {
              title: t('teams.kind'),
              dataIndex: 'kind',
              render: (kind: Team['kind'], team) => (
                <>
                  <Tag color={kind === 'social_work' ? 'volcano' : 'green'}>{t(`teams.kind.${kind}`)}</Tag>
                  {team.theme && <Tag>{team.theme}</Tag>}
                </>
              ),
            },
            { title: t('teams.place'), dataIndex: 'placeName' },
            {
              title: t('teams.leader'),
              dataIndex: 'leaderName',
              render: (name: string | null) =>
                name ? (
                  <span>
                    <CrownOutlined /> {name}
                  </span>
                ) : (
                  <Tag color="warning">{t('teams.noLeader')}</Tag>
                ),
            },
            { title: t('teams.members'), dataIndex: 'memberCount', align: 'right' },
            {
              title: t('teams.recruit'),
              dataIndex: 'recruiting',
              render: (recruiting: boolean, team) => (
                <>
                  {recruiting ? <Tag color="green">{t('teams.recruiting')}</Tag> : <Tag>{t('teams.notRecruiting')}</Tag>}
                  {team.pendingApplications > 0 && <Tag color="processing">{t('teams.pendingCount', { n: team.pendingApplications })}</Tag>}
                </>
              ),
            },
          ]}
        />
      </div>
      {creating && <NewTeamModal places={places} onClose={() => setCreating(false)} />}
    </Card>
  );
}
