/** 入队申请: a table of applications with 通过 / 不通过 (a reason the applicant receives), and the card of those awaiting me. */
import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../format';
import { errorText } from '../../forms';
import { useI18n } from '../../i18n';
import { useApplicationsToDecide, useDecide, type Application } from './teams.api';

const STATUS_COLOUR = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' } as const;

export function ApplicationsTable({ items, loading, showTeam, onOpenTeam, testId }: { items: readonly Application[]; loading?: boolean; showTeam?: boolean; onOpenTeam?: (teamId: string) => void; testId: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const decide = useDecide();
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const approve = async (a: Application) => {
    try {
      await decide.mutateAsync({ id: a.id, approve: true });
      void message.success(t('teams.approved', { name: a.name }));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <div data-testid={testId}>
      <Table<Application>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items as Application[]}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('teams.applications.none') }}
        columns={[
          ...(showTeam
            ? [
                {
                  title: t('teams.name'),
                  dataIndex: 'teamName',
                  render: (name: string, a: Application) => (onOpenTeam ? <Typography.Link onClick={() => onOpenTeam(a.teamId)}>{name}</Typography.Link> : name),
                },
              ]
            : []),
          { title: t('teams.applicant'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: t('teams.household'), dataIndex: 'householdName', render: (h: string | null) => h ?? t('common.none') },
          { title: t('teams.message'), dataIndex: 'message', render: (m: string) => m || t('common.none') },
          { title: t('teams.appliedAt'), dataIndex: 'createdAt', render: (at: string) => <span className="code">{formatDateTime(at).slice(0, 16)}</span> },
          {
            title: t('teams.status'),
            dataIndex: 'status',
            render: (s: Application['status'], a) => (
              <Flex vertical gap={2}>
                <Tag color={STATUS_COLOUR[s]}>{t(`teams.status.${s}`)}</Tag>
                {a.reason && <Typography.Text type="secondary">{a.reason}</Typography.Text>}
                {a.decidedByName && s !== 'withdrawn' && (
                  <Typography.Text type="secondary">
                    {t('teams.decidedBy')}：{a.decidedByName}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, a: Application) =>
              a.status === 'pending' && (
                <Flex gap={4}>
                  <Button size="small" type="primary" icon={<CheckOutlined />} loading={decide.isPending} onClick={() => void approve(a)} data-testid={`approve-${a.name}`}>
                    {t('teams.approve')}
                  </Button>
                  <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(a)} data-testid={`reject-${a.name}`}>
                    {t('teams.reject')}
                  </Button>
                </Flex>
              ),
          },
        ]}
      />
      {rejecting && <RejectModal application={rejecting} onClose={() => setRejecting(null)} />}
    </div>
  );
}

function RejectModal({ application, onClose }: { application: Application; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const decide = useDecide();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    const { reason } = await form.validateFields();
    try {
      await decide.mutateAsync({ id: application.id, approve: false, reason });
      void message.success(t('teams.rejected', { name: application.name }));
      onClose();
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <Modal open title={t('teams.rejectTitle', { name: application.name })} okText={t('teams.reject')} okButtonProps={{ danger: true, loading: decide.isPending }} cancelText={t('common.cancel')} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('teams.reason')} rules={[{ required: true, whitespace: true, message: t('teams.reasonRequired') }]} extra={t('teams.reasonRequired')}>
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The applications awaiting me (the teams I lead, and those in my scope), shown when there are some. */
export function ApplicationsToDecide({ onOpenTeam }: { onOpenTeam?: (teamId: string) => void }) {
  const { t } = useI18n();
  const list = useApplicationsToDecide();
  if (!list.data?.length) return null;
  return (
    <Card title={t('teams.applications.toDecide', { n: list.data.length })} className="block">
      <ApplicationsTable items={list.data} showTeam onOpenTeam={onOpenTeam} testId="applications-to-decide" />
    </Card>
  );
}
