/** 居民自治 (staff, desktop): votes and elections, proposals, meetings, the convention and the owners' roll of a community or compound. */
import { Card, Flex, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { ConventionTab } from './ConventionTab';
import { GOV_MANAGE_ROLES } from './governance.api';
import { MeetingsTab } from './MeetingsTab';
import { OwnersTab } from './OwnersTab';
import { ProposalsTab } from './ProposalsTab';
import { VotesTab } from './VotesTab';

const LEVELS = ['community', 'compound'] as const;

export function GovernancePage() {
  const { t } = useI18n();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const [params, setParams] = useSearchParams();
  if (chosen.error) return <ErrorView error={chosen.error} />;
  if (chosen.loading) return <PageSpin />;
  const place = chosen.fits ? chosen.place!.code : null;
  const canManage = hasAnyRole(me, GOV_MANAGE_ROLES);
  const tab = params.get('tab') ?? 'votes';
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.governance')}
        </Typography.Title>
        <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="compound" testId="gov-place" />
      </Flex>
      {!place ? (
        <Card>{t('gov.pickCommunity')}</Card>
      ) : (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(k) => setParams({ place, tab: k })}
            items={[
              { key: 'votes', label: t('gov.tabs.votes'), children: <VotesTab place={place} canManage={canManage} /> },
              { key: 'proposals', label: t('gov.tabs.proposals'), children: <ProposalsTab community={place.slice(0, 12)} canManage={canManage} /> },
              { key: 'meetings', label: t('gov.tabs.meetings'), children: <MeetingsTab place={place} canManage={canManage} /> },
              { key: 'convention', label: t('gov.tabs.convention'), children: <ConventionTab community={place.slice(0, 12)} canManage={canManage} /> },
              { key: 'owners', label: t('gov.tabs.owners'), children: <OwnersTab compound={place.length === 15 ? place : null} canManage={canManage} /> },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
