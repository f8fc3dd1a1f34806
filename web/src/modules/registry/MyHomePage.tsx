/** 我的家 (H5): my address and the members of my household, one card each. */
import { Card, Empty, Flex, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { MemberCards } from './MemberCards';
import { orderMembers } from './members';
import { useMyHousehold } from './registry.api';

export function MyHomePage() {
  const { t } = useI18n();
  const household = useMyHousehold();
  if (household.error instanceof ApiError && household.error.status === 404) {
    return <Empty description={t('h5.noHousehold')} className="h5-empty" />;
  }
  if (household.error) return <ErrorView error={household.error} onRetry={() => void household.refetch()} />;
  if (!household.data) return <PageSpin />;
  const { address, residents } = household.data;
  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Typography.Title level={4} className="h5-title">
          <HomeOutlined /> {t('h5.myHome')}
        </Typography.Title>
        <Typography.Paragraph className="h5-address" data-testid="household-address">
          {address}
        </Typography.Paragraph>
      </Card>
      <Typography.Text type="secondary">{t('household.members', { n: residents.length })}</Typography.Text>
      {residents.length === 0 ? <Empty description={t('household.noMembers')} /> : <MemberCards residents={orderMembers(residents)} />}
    </Flex>
  );
}
