/** A household's residents: a table on desktop, cards on a phone. Numbers arrive masked from the API. */
import { Card, Grid, Table, Tag, Typography } from 'antd';
import type { Resident } from '../../../../contracts/registry';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { Masked } from './Masked';
import { MemberCards } from './MemberCards';
import { orderMembers } from './members';
import { useHousehold } from './registry.api';

export function HouseholdMembers({ code }: { code: string }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const household = useHousehold(code);
  if (household.error) return <ErrorView error={household.error} onRetry={() => void household.refetch()} />;
  const residents = orderMembers(household.data?.residents ?? []);
  return (
    <Card
      title={t('household.members', { n: residents.length })}
      extra={residents.some((r) => r.synthetic) && <Tag>{t('household.synthetic')}</Tag>}
    >
      {household.data && (
        <Typography.Paragraph type="secondary">
          {t('household.address')}: {household.data.address}
        </Typography.Paragraph>
      )}
      {screens.md === false ? (
        <MemberCards residents={residents} />
      ) : (
        <div data-testid="household-residents">
          <Table<Resident>
            rowKey="id"
            size="middle"
            loading={household.isLoading}
            dataSource={residents}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('household.noMembers') }}
            columns={[
              { title: t('household.name'), dataIndex: 'name' },
              { title: t('household.gender'), dataIndex: 'gender' },
              { title: t('household.relation'), dataIndex: 'relation' },
              { title: t('household.birthDate'), dataIndex: 'birthDate', render: (v: string | null) => v ?? t('common.none') },
              { title: t('household.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => <Masked value={v} /> },
              { title: t('household.mobile'), dataIndex: 'mobile', render: (v: string | null) => <Masked value={v} /> },
              { title: t('household.residenceStatus'), dataIndex: 'residenceStatus' },
              { title: t('household.politicalStatus'), dataIndex: 'politicalStatus' },
              {
                title: t('household.tags'),
                dataIndex: 'tags',
                render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
