/** 我的诉求 (H5): what I reported or follow, newest first, with status tags; a tap opens the timeline. */
import { Button, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { TicketCardList } from './TicketCardList';

export function MyTicketsPage() {
  const { t } = useI18n();
  return (
    <div className="page h5-page" data-testid="my-tickets-page">
      <Flex align="center" justify="space-between" gap={8} className="page-head">
        <Typography.Title level={3} className="h5-title">
          {t('tickets.mine.title')}
        </Typography.Title>
        <Link to="/h5/report">
          <Button type="primary" icon={<PlusOutlined />}>
            {t('tickets.report.title')}
          </Button>
        </Link>
      </Flex>
      <TicketCardList query={{ scope: 'mine' }} empty="tickets.mine.empty" testId="my-tickets" />
    </div>
  );
}
