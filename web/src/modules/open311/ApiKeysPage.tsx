/** 开放接口密钥 (city admin): keys of the Open311 GeoReport v2 interface for other systems; issue (shown once) and revoke. */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ApiKeySchema, IssuedApiKey } from '../../../../contracts/open311';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';

type ApiKey = Static<typeof ApiKeySchema>;
export const API_KEY_ROLES: readonly Role[] = ['city_admin'];

export function ApiKeysPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [issued, setIssued] = useState<Static<typeof IssuedApiKey> | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api<ApiKey[]>('/api-keys') });
  const create = useMutation({
    mutationFn: (name: string) => api<Static<typeof IssuedApiKey>>('/api-keys', { method: 'POST', body: { name } }),
    onSuccess: (r) => {
      setIssued(r);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  const revoke = useMutation({
    mutationFn: (name: string) => api<ApiKey>(`/api-keys/${encodeURIComponent(name)}/revoke`, { method: 'POST' }),
    onSuccess: (k) => {
      message.success(t('apikeys.revoked', { name: k.name }));
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (e: Error) => message.error(e.message),
  });
  if (keys.error) return <ErrorView error={keys.error} onRetry={() => void keys.refetch()} />;
  const base = `${window.location.origin}/open311/v2`;
  return (
    <div className="page">
      <Typography.Title level={3}>{t('apikeys.title')}</Typography.Title>
      <Flex vertical gap={16}>
        <Alert type="info" showIcon message={t('apikeys.intro')} description={<Typography.Text copyable className="code">{`${base}/discovery.json`}</Typography.Text>} />
        <Card title={t('apikeys.issue')} size="small">
          <Form form={form} layout="inline" onFinish={(v) => create.mutate(v.name)}>
            <Form.Item name="name" label={t('apikeys.name')} rules={[{ required: true, message: t('apikeys.nameRequired') }]}>
              <Input placeholder={t('apikeys.namePlaceholder')} maxLength={60} style={{ width: 260 }} data-testid="apikey-name" />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={create.isPending} data-testid="apikey-create">
              {t('apikeys.create')}
            </Button>
          </Form>
        </Card>
        <Card size="small">
          <Table<ApiKey>
            rowKey="id"
            size="middle"
            loading={keys.isLoading}
            dataSource={keys.data ?? []}
            pagination={false}
            data-testid="apikey-table"
            columns={[
              { title: t('apikeys.name'), dataIndex: 'name' },
              { title: t('apikeys.prefix'), dataIndex: 'keyPrefix', render: (p: string) => <span className="code">{p}…</span> },
              { title: t('apikeys.createdAt'), dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
              { title: t('apikeys.lastUsedAt'), dataIndex: 'lastUsedAt', render: (d: string | null) => (d ? formatDateTime(d) : t('common.none')) },
              {
                title: t('apikeys.state'),
                key: 'state',
                render: (_, k) => (k.revokedAt ? <Tag>{t('apikeys.stateRevoked')} {formatDateTime(k.revokedAt)}</Tag> : <Tag color="green">{t('apikeys.stateLive')}</Tag>),
              },
              {
                title: '',
                key: 'act',
                render: (_, k) =>
                  k.revokedAt ? null : (
                    <Popconfirm title={t('apikeys.revokeConfirm', { name: k.name })} onConfirm={() => revoke.mutate(k.name)}>
                      <Button danger size="small">
                        {t('apikeys.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        </Card>
      </Flex>
      <Modal open={!!issued} title={t('apikeys.issuedTitle', { name: issued?.apiKey.name ?? '' })} onOk={() => setIssued(null)} onCancel={() => setIssued(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon message={t('apikeys.onlyOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable className="code" data-testid="apikey-issued">
          {issued?.key}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
