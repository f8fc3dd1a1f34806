/** How far the three tiers are formed under a place: teams / places and teams without a leader, per tier. */
import { Card, Col, Flex, Progress, Row, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { TIER_KINDS, TIER_LEVEL, type Team } from './teams.api';
import { tierTeamsByPlace } from './TierBoard';
import type { TierPlace } from './tierPlaces';

export interface TierCount {
  places: number;
  teams: number;
  noLeader: number;
}

/** Counts per tier over the places (a team on a place outside the list is not counted). */
export function countTiers(places: TierPlace[], teams: readonly Team[]): Record<(typeof TIER_KINDS)[number], TierCount> {
  const byPlace = tierTeamsByPlace(teams);
  const counts = Object.fromEntries(TIER_KINDS.map((k) => [k, { places: 0, teams: 0, noLeader: 0 }])) as Record<(typeof TIER_KINDS)[number], TierCount>;
  const walk = (p: TierPlace) => {
    const kind = TIER_KINDS.find((k) => TIER_LEVEL[k] === p.level)!;
    const c = counts[kind];
    c.places++;
    const team = byPlace.get(p.code);
    if (team) {
      c.teams++;
      if (!team.leaderName) c.noLeader++;
    }
    p.children.forEach(walk);
  };
  places.forEach(walk);
  return counts;
}

export function TierSummary({ places, teams }: { places: TierPlace[]; teams: readonly Team[] }) {
  const { t } = useI18n();
  const counts = countTiers(places, teams);
  // A unit head sees her unit only: tiers with no place here are left out.
  const shown = TIER_KINDS.filter((k) => counts[k].places > 0);
  return (
    <Row gutter={[16, 16]} data-testid="tier-summary">
      {shown.map((kind) => {
        const c = counts[kind];
        const percent = c.places ? Math.round((c.teams / c.places) * 100) : 0;
        return (
          <Col key={kind} xs={24} md={24 / shown.length}>
            <Card size="small" data-testid={`tier-count-${kind}`}>
              <Flex align="center" gap={16}>
                <Progress type="circle" size={64} percent={percent} status={percent === 100 ? 'success' : 'normal'} />
                <Flex vertical>
                  <Typography.Text type="secondary">{t(`teams.kind.${kind}`)}</Typography.Text>
                  <Typography.Text strong className="tier-count" data-testid="tier-count">
                    {t('teams.formedOf', { teams: c.teams, places: c.places })}
                  </Typography.Text>
                  <Typography.Text type={c.noLeader ? 'warning' : 'secondary'}>{t('teams.noLeaderCount', { n: c.noLeader })}</Typography.Text>
                </Flex>
              </Flex>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
