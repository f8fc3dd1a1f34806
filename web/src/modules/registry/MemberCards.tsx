/** Household members as one card each: the phone version of the members table. */
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { Resident } from '../../../../contracts/registry';
import { useI18n } from '../../i18n';
import { Masked } from './Masked';

export function MemberCards({ residents }: { residents: Resident[] }) {
  const { t } = useI18n();
  return (
    <div data-testid="household-residents" className="member-cards">
      {residents.map((r) => (
        <Card
          key={r.id}
          size="small"
          title={
            <Flex align="center" gap={8}>
              <span>{r.name}</span>
              <Tag color="blue">{r.relation}</Tag>
            </Flex>
          }
          extra={<Typography.Text type="secondary">{r.gender}</Typography.Text>}
        >
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'id', label: t('household.idNumber'), children: <Masked value={r.idNumber} /> },
              { key: 'mobile', label: t('household.mobile'), children: <Masked value={r.mobile} /> },
              { key: 'status', label: t('household.residenceStatus'), children: r.residenceStatus },
              { key: 'political', label: t('household.politicalStatus'), children: r.politicalStatus },
              ...(r.tags.length
                ? [{ key: 'tags', label: t('household.tags'), children: r.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) }]
                : []),
            ]}
          />
        </Card>
      ))}
    </div>
  );
}
