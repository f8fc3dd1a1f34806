/** 三级队伍: the tier teams under a place (which places lack a team or a leader), 一键组建, and volunteer teams. */
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import type { TeamPlaceOption } from './NewTeamModal';
import { ApplicationsToDecide } from './Applications';
import { OtherTeams } from './OtherTeams';
import { TeamDrawer } from './TeamDrawer';
import { TEAM_MANAGE_ROLES, TEAM_STAFF_ROLES, useBootstrapTeams, useTeam, useTeams, type Bootstrapped } from './teams.api';
import { TierBoard } from './TierBoard';
import { useTierPlaces } from './tierPlaces';
import { TierSummary } from './TierSummary';

const LEVELS = ['community', 'compound', 'building', 'unit'] as const;

export function TeamsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const place = chosen.fits ? chosen.place : null;
  const teams = useTeams(place?.code ?? null);
  const tiers = useTierPlaces(place);
  const bootstrap = useBootstrapTeams();
  const [result, setResult] = useState<Bootstrapped | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const canManage = hasAnyRole(me, TEAM_MANAGE_ROLES);
  const canStaff = hasAnyRole(me, TEAM_STAFF_ROLES);
  // A team outside the chosen place (one I lead elsewhere, opened from the applications awaiting me) is fetched on its own.
  const listed = teams.data?.find((x) => x.id === openId);
  const fetched = useTeam(openId && !listed ? openId : null);
  const open = listed ?? fetched.data?.team ?? null;

  const runBootstrap = async () => {
    try {
      setResult(await bootstrap.mutateAsync(place!.code));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  const teamPlaces: TeamPlaceOption[] = [];
  if (place?.level === 'community') teamPlaces.push({ code: place.code, name: place.name, level: 'community' });
  for (const p of tiers.data ?? []) if (p.level === 'compound') teamPlaces.push({ code: p.code, name: p.name, level: 'compound' });

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Card><Empty description={t('teams.pickPlaceHint')} /></Card>;
  else if (teams.error || tiers.error) body = <ErrorView error={teams.error ?? tiers.error} onRetry={() => void Promise.all([teams.refetch(), tiers.refetch()])} />;
  else if (!teams.data || !tiers.data) body = <PageSpin />;
  else
    body = (
      <Flex vertical gap={16}>
        <TierSummary places={tiers.data} teams={teams.data} />
        {result && (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setResult(null) }}
            data-testid="bootstrap-result"
            title={t('teams.bootstrapped', {
              compound: result.created.compound_team,
              building: result.created.building_team,
              unit: result.created.unit_team,
              existing: result.existing,
            })}
          />
        )}
        <Card
          title={t('teams.tierTitle')}
          extra={
            canManage && (
              <Popconfirm
                title={t('teams.bootstrapConfirm', { place: place.name })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={runBootstrap}
              >
                <Button type="primary" icon={<ThunderboltOutlined />} loading={bootstrap.isPending} data-testid="bootstrap">
                  {t('teams.bootstrap')}
                </Button>
              </Popconfirm>
            )
          }
        >
          <TierBoard places={tiers.data} teams={teams.data} onOpen={(team) => setOpenId(team.id)} />
        </Card>
        <OtherTeams teams={teams.data} places={teamPlaces} canManage={canManage} onOpen={(team) => setOpenId(team.id)} />
      </Flex>
    );

  return (
    <div className="page">
      <Flex align="center" justify="space-between" gap={16} wrap className="page-head">
        <Typography.Title level={3}>{t('teams.title')}</Typography.Title>
        <PlaceSelect
          testId="teams-place"
          value={chosen.picked}
          onChange={chosen.choose}
          selectable={LEVELS}
          deepest="unit"
          placeholder={t('teams.pickPlace')}
        />
      </Flex>
      <ApplicationsToDecide onOpenTeam={setOpenId} />
      {body}
      <TeamDrawer team={open} canStaff={canStaff} canManage={canManage} onClose={() => setOpenId(null)} />
    </div>
  );
}
