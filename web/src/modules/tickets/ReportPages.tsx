/** 我要反映 (resident, phone), 巡查上报 (grid worker), 电话登记 (staff): the one form, three channels. */
import { Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../../i18n';
import { useMe } from '../identity/session';
import { useMyHousehold } from '../registry/registry.api';
import { TicketForm } from './TicketForm';

export function ReportPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const household = useMyHousehold();
  const grant = me.grants.find((g) => g.role === 'resident');
  const home = household.data ? { code: household.data.code, address: household.data.address } : grant ? { code: grant.scopeCode, address: grant.scopeName } : undefined;
  return (
    <div className="page h5-page" data-testid="report-page">
      <Typography.Title level={3} className="h5-title">
        {t('tickets.report.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('tickets.report.intro')}</Typography.Paragraph>
      <Card size="small">
        <TicketForm channel="resident" home={home} onCreated={(id) => navigate(`/tickets/${id}`)} />
      </Card>
    </div>
  );
}

export function PatrolPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page narrow-page" data-testid="patrol-page">
      <Typography.Title level={3}>{t('tickets.patrol.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('tickets.patrol.intro')}</Typography.Paragraph>
      <Card size="small">
        <TicketForm channel="patrol" placeLevels={['building', 'unit', 'household']} onCreated={(id) => navigate(`/tickets/${id}`)} />
      </Card>
    </div>
  );
}

export function PhoneEntryPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="page narrow-page" data-testid="phone-page">
      <Typography.Title level={3}>{t('tickets.phone.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('tickets.phone.intro')}</Typography.Paragraph>
      <Card size="small">
        <TicketForm channel="phone" onCreated={(id) => navigate(`/tickets/${id}`)} />
      </Card>
    </div>
  );
}
