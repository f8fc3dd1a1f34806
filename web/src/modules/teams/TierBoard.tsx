/** The three tiers as a tree: 小区共治团 → 楼栋互助队 → 单元自治组, with places lacking a team or a leader marked. */
import { useMemo, useState } from 'react';
import { Button, Empty, Flex, Segmented, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { CrownOutlined, TeamOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { levelColour } from '../places/levels';
import type { Team } from './teams.api';
import type { TierPlace } from './tierPlaces';

type Filter = 'all' | 'noTeam' | 'noLeader';
const KIND_OF = { compound: 'compound_team', building: 'building_team', unit: 'unit_team' } as const;

interface Node extends TreeDataNode {
  key: string;
  place: TierPlace;
  team: Team | undefined;
  children: Node[];
}

/** Tier teams by place code. */
export function tierTeamsByPlace(teams: readonly Team[]): Map<string, Team> {
  const map = new Map<string, Team>();
  for (const t of teams) if (t.kind === 'unit_team' || t.kind === 'building_team' || t.kind === 'compound_team') map.set(t.placeCode, t);
  return map;
}

export function TierBoard({ places, teams, onOpen }: { places: TierPlace[]; teams: readonly Team[]; onOpen: (team: Team) => void }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const byPlace = useMemo(() => tierTeamsByPlace(teams), [teams]);

  const nodes = useMemo(() => {
    const keep = (team: Team | undefined) => filter === 'all' || (filter === 'noTeam' ? !team : !!team && !team.leaderName);
    const build = (p: TierPlace): Node | null => {
      const team = byPlace.get(p.code);
      const children = p.children.map(build).filter((n): n is Node => n != null);
      if (!keep(team) && !children.length) return null;
      return { key: p.code, place: p, team, children, isLeaf: children.length === 0 };
    };
    return places.map(build).filter((n): n is Node => n != null);
  }, [places, byPlace, filter]);

  return (
    <div data-testid="tier-board">
      <Flex justify="space-between" align="center" wrap gap={8} className="tier-toolbar">
        <Flex gap={12} wrap className="tier-legend">
          <Tag color={levelColour('compound')}>{t('teams.kind.compound_team')}</Tag>→<Tag color={levelColour('building')}>{t('teams.kind.building_team')}</Tag>→
          <Tag color={levelColour('unit')}>{t('teams.kind.unit_team')}</Tag>
        </Flex>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('teams.filter.all') },
            { value: 'noTeam', label: t('teams.filter.noTeam') },
            { value: 'noLeader', label: t('teams.filter.noLeader') },
          ]}
        />
      </Flex>
      {nodes.length === 0 ? (
        <Empty description={filter === 'all' ? t('teams.noPlaces') : t('teams.filter.none')} />
      ) : (
        <Tree<Node>
          className="tier-tree"
          // Opened fully; a new filter opens the new tree fully again.
          key={filter}
          defaultExpandAll
          treeData={nodes}
          selectable={false}
          blockNode
          titleRender={(n) => <TierRow place={n.place} team={n.team} onOpen={onOpen} />}
        />
      )}
    </div>
  );
}

function TierRow({ place, team, onOpen }: { place: TierPlace; team: Team | undefined; onOpen: (team: Team) => void }) {
  const { t } = useI18n();
  const kind = KIND_OF[place.level];
  return (
    <Flex align="center" gap={8} wrap className="tier-row" data-testid="tier-row" data-place={place.code}>
      <Tag color={levelColour(place.level)} className="tier-level">
        {t(`level.${place.level}`)}
      </Tag>
      <Typography.Text strong className="tier-place">
        {place.name}
      </Typography.Text>
      {team ? (
        <>
          <Button type="link" size="small" icon={<TeamOutlined />} onClick={() => onOpen(team)} data-testid="tier-team">
            {team.name}
          </Button>
          {team.leaderName ? (
            <Tag icon={<CrownOutlined />} color="gold" data-testid="tier-leader">
              {t('teams.leaderIs', { name: team.leaderName })}
            </Tag>
          ) : (
            <Tag color="warning" data-testid="tier-no-leader">
              {t('teams.noLeader')}
            </Tag>
          )}
          <Typography.Text type="secondary">{t('teams.memberCount', { n: team.memberCount })}</Typography.Text>
        </>
      ) : (
        <Tag color="error" data-testid="tier-no-team">
          {t('teams.noTeam', { kind: t(`teams.kind.${kind}`) })}
        </Tag>
      )}
    </Flex>
  );
}
