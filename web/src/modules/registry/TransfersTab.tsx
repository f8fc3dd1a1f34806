/** 组织关系转接: members kept elsewhere (often retired) move their membership to the community. */
import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { ApiError } from '../../api';
import { formatDateTime } from '../../format';
import { errorText, showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { MemberSelect } from './MemberSelect';
import { useCompleteTransfer, useRequestTransfer, useTransfers, type Transfer, type TransferBody } from './partyMembers.api';

export function TransfersTab({ community, canManage }: { community: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useTransfers(community);
  const complete = useCompleteTransfer();
  const [adding, setAdding] = useState(false);

  const completeOne = async (x: Transfer) => {
    try {
      await complete.mutateAsync(x.id);
      void message.success(t('transfers.completed', { name: x.name }));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text type="secondary">{t('transfers.help')}</Typography.Text>
        {canManage && (
          <Button type="primary" icon={<SwapOutlined />} onClick={() => setAdding(true)}>
            {t('transfers.add')}
          </Button>
        )}
      </Flex>
      <div data-testid="transfers">
        <Table<Transfer>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          locale={{ emptyText: t('transfers.none') }}
          columns={[
            { title: t('household.name'), dataIndex: 'name' },
            { title: t('transfers.fromOrg'), dataIndex: 'fromOrg' },
            {
              title: t('transfers.status'),
              dataIndex: 'status',
              render: (s: Transfer['status']) => <Tag color={s === 'completed' ? 'green' : 'processing'}>{t(`transfers.status.${s}`)}</Tag>,
            },
            { title: t('transfers.requestedAt'), dataIndex: 'requestedAt', render: (at: string) => <span className="code">{formatDateTime(at)}</span> },
            {
              title: t('transfers.completedAt'),
              dataIndex: 'completedAt',
              render: (at: string | null) => (at ? <span className="code">{formatDateTime(at)}</span> : t('common.none')),
            },
            { title: t('transfers.note'), dataIndex: 'note', render: (n: string | null) => n ?? t('common.none') },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, x: Transfer) =>
                      x.status === 'pending' && (
                        <Popconfirm
                          title={t('transfers.completeConfirm', { name: x.name })}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => completeOne(x)}
                        >
                          <Button size="small" type="link">
                            {t('transfers.complete')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      {adding && <TransferModal community={community} onClose={() => setAdding(false)} />}
    </Flex>
  );
}

function TransferModal({ community, onClose }: { community: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransferBody>();
  const request = useRequestTransfer();

  const submit = async (v: TransferBody) => {
    try {
      const x = await request.mutateAsync({ residentId: v.residentId, fromOrg: v.fromOrg.trim(), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      void message.success(t('transfers.requested', { name: x.name }));
      onClose();
    } catch (e) {
      const conflict = e instanceof ApiError && e.code === 'CONFLICT';
      if (conflict) form.setFields([{ name: 'residentId', errors: [t('transfers.alreadyHere')] }]);
      const rest = conflict ? null : showFormError(form, e, t, lang, { fields: ['residentId', 'fromOrg', 'note'] });
      if (rest) void message.error(rest);
    }
  };

  return (
    <Modal
      open
      title={t('transfers.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={request.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<TransferBody> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="residentId" label={t('transfers.member')} extra={t('transfers.memberHelp')} rules={[{ required: true, message: t('members.pickMember') }]}>
          <MemberSelect
            place={community}
            kept="elsewhere"
            onChange={(id, m) => form.setFieldsValue({ residentId: id, ...(m?.membershipOrg ? { fromOrg: m.membershipOrg } : {}) })}
          />
        </Form.Item>
        <Form.Item
          name="fromOrg"
          label={t('transfers.fromOrg')}
          rules={[
            { required: true, whitespace: true, message: t('transfers.fromOrgRequired') },
            { max: 100, message: t('form.tooLong', { n: 100 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('transfers.note')} rules={[{ max: 200, message: t('form.tooLong', { n: 200 }) }]}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
