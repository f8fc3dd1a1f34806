/** Picks a party member of a place by name (from the roster), optionally only those kept elsewhere. */
import { Select } from 'antd';
import { useI18n } from '../../i18n';
import { useAllPartyMembers, type MemberKept, type PartyMember } from './partyMembers.api';

export function MemberSelect({
  place,
  kept,
  value,
  onChange,
}: {
  place: string;
  kept?: MemberKept;
  value?: string;
  onChange?: (residentId: string, member: PartyMember | undefined) => void;
}) {
  const { t } = useI18n();
  const all = useAllPartyMembers(place, kept);
  const members = all.data?.members ?? [];
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      loading={all.isLoading}
      value={value}
      placeholder={t('members.pickMember')}
      notFoundContent={t('members.none')}
      onChange={(id: string) => onChange?.(id, members.find((m) => m.residentId === id))}
      options={members.map((m) => ({
        value: m.residentId,
        label: `${m.name}（${t(`members.status.${m.status}`)}${m.membershipOrg ? '，' + m.membershipOrg : ''}）`,
      }))}
    />
  );
}
