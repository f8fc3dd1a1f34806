/** 党员管理: roster, 在职党员报到, 组织关系转接 and 新就业群体 for the chosen place (read-only for supervisors). */
import { Card, Empty, Flex, Tabs, Typography } from 'antd';
import type { Place } from '../../../../contracts/places';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { CheckinsTab } from './CheckinsTab';
import { GigWorkersTab } from './GigWorkersTab';
import { MemberRoster } from './MemberRoster';
import { GIG_REGISTER_ROLES, MEMBER_MANAGE_ROLES, MEMBER_READ_ROLES, reaches } from './partyMembers.api';
import { TransfersTab } from './TransfersTab';

// The roster of the whole city is not offered: the API filters members by county.
const LEVELS = ['county', 'township', 'community', 'compound', 'building'] as const;

/** The community a place is in (null above communities). */
const communityOf = (p: Place) => (p.code.length >= 12 ? p.code.slice(0, 12) : null);

export function PartyMembersPage() {
  const { t } = useI18n();
  const chosen = useChosenPlace(LEVELS);
  const place = chosen.fits ? chosen.place : null;

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Card><Empty description={t('members.pickPlaceHint')} /></Card>;
  else body = <MemberTabs place={place} />;

  return (
    <div className="page">
      <Flex align="center" justify="space-between" gap={16} wrap className="page-head">
        <Typography.Title level={3}>{t('members.title')}</Typography.Title>
        <PlaceSelect
          testId="members-place"
          value={chosen.picked}
          onChange={chosen.choose}
          selectable={LEVELS}
          deepest="building"
          placeholder={t('members.pickPlace')}
        />
      </Flex>
      {body}
    </div>
  );
}

function MemberTabs({ place }: { place: Place }) {
  const { t } = useI18n();
  const me = useMe();
  const community = communityOf(place);
  // Lists by community need a grant over the whole community (a branch secretary's reaches her compound only).
  const readsCommunity = community != null && reaches(me, MEMBER_READ_ROLES, community);
  const manages = reaches(me, MEMBER_MANAGE_ROLES, place.code);
  const needCommunity = (
    <Empty description={community ? t('members.needCommunityScope') : t('members.needCommunity')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
  );

  return (
    <Card>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'roster', label: t('members.tab.roster'), children: <MemberRoster place={place.code} canManage={manages} /> },
          {
            key: 'checkins',
            label: t('members.tab.checkins'),
            children: <CheckinsTab community={readsCommunity ? community! : undefined} place={place.code} canManage={manages} />,
          },
          {
            key: 'transfers',
            label: t('members.tab.transfers'),
            children: readsCommunity ? <TransfersTab community={community!} canManage={reaches(me, MEMBER_MANAGE_ROLES, community!)} /> : needCommunity,
          },
          {
            key: 'gig',
            label: t('members.tab.gig'),
            children: readsCommunity ? <GigWorkersTab community={community!} canRegister={reaches(me, GIG_REGISTER_ROLES, community!)} /> : needCommunity,
          },
        ]}
      />
    </Card>
  );
}
