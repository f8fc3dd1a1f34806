/** 审计日志: the latest entries of GET /audit (city admins and supervisors). */
import { Card, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AuditEntrySchema } from '../../../../contracts/identity';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { isMessageKey } from '../../i18n/translate';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';

type AuditEntry = Static<typeof AuditEntrySchema>;

export function AuditPage() {
  const { t } = useI18n();
  const audit = useQuery({ queryKey: ['audit'], queryFn: () => api<AuditEntry[]>('/audit?limit=100') });
  if (audit.error) return <ErrorView error={audit.error} onRetry={() => void audit.refetch()} />;
  return (
    <div className="page">
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      <Card>
        <div data-testid="audit-table">
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            loading={audit.isLoading}
            dataSource={audit.data ?? []}
            scroll={{ x: 'max-content' }}
            pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
            columns={[
              { title: t('audit.at'), dataIndex: 'at', render: (at: string) => <span className="code">{formatDateTime(at)}</span> },
              {
                title: t('audit.actor'),
                dataIndex: 'actorName',
                render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
              },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                render: (action: string) => {
                  const key = `audit.action.${action}`;
                  return (
                    <>
                      {isMessageKey(key) ? t(key) : action}{' '}
                      <Typography.Text type="secondary" className="code">
                        {action}
                      </Typography.Text>
                    </>
                  );
                },
              },
              {
                title: t('audit.target'),
                key: 'target',
                render: (_, e) =>
                  e.targetKind ? (
                    <Typography.Text className="code">
                      {e.targetKind}:{e.targetId}
                    </Typography.Text>
                  ) : (
                    t('common.none')
                  ),
              },
              { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? t('common.none') },
            ]}
          />
        </div>
      </Card>
    </div>
  );
}
