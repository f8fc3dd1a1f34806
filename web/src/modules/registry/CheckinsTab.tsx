/** 在职党员报到: working members serving where they live; register a check-in, end one, filter by employer's party org. */
import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Segmented, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../api';
import { formatDateTime } from '../../format';
import { errorText, showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { MemberSelect } from './MemberSelect';
import { useCheckIn, useCheckins, useEndCheckin, type Checkin, type CheckinBody } from './partyMembers.api';

/** `community`: the community to list (omitted: all of my scope); `place`: where to pick members from. */
export function CheckinsTab({ community, place, canManage }: { community?: string; place: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [active, setActive] = useState(true);
  const [org, setOrg] = useState('');
  const [adding, setAdding] = useState(false);
  const list = useCheckins({ community, active, employerPartyOrg: org || undefined });
  const end = useEndCheckin();

  const endOne = async (c: Checkin) => {
    try {
      await end.mutateAsync(c.id);
      void message.success(t('checkins.ended', { name: c.name }));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };

  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between">
        <Flex gap={8} wrap>
          <Segmented<string>
            value={active ? 'active' : 'all'}
            onChange={(v) => setActive(v === 'active')}
            options={[
              { value: 'active', label: t('checkins.active') },
              { value: 'all', label: t('checkins.all') },
            ]}
          />
          <Input.Search allowClear style={{ width: 260 }} placeholder={t('checkins.orgFilter')} onSearch={(v) => setOrg(v.trim())} />
        </Flex>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('checkins.add')}
          </Button>
        )}
      </Flex>
      <div data-testid="checkins">
        <Table<Checkin>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
          locale={{ emptyText: t('checkins.none') }}
          columns={[
            { title: t('household.name'), dataIndex: 'name' },
            { title: t('checkins.community'), dataIndex: 'communityName' },
            { title: t('checkins.employer'), dataIndex: 'employer' },
            { title: t('checkins.employerPartyOrg'), dataIndex: 'employerPartyOrg' },
            { title: t('checkins.checkedInAt'), dataIndex: 'checkedInAt', render: (at: string) => <span className="code">{formatDateTime(at)}</span> },
            {
              title: t('checkins.state'),
              dataIndex: 'endedAt',
              render: (at: string | null) =>
                at ? <Tag>{t('checkins.endedAt', { at: formatDateTime(at) })}</Tag> : <Tag color="green">{t('checkins.serving')}</Tag>,
            },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, c: Checkin) =>
                      !c.endedAt && (
                        <Popconfirm
                          title={t('checkins.endConfirm', { name: c.name })}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => endOne(c)}
                        >
                          <Button size="small" type="link">
                            {t('checkins.end')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </div>
      {adding && <CheckinModal place={place} onClose={() => setAdding(false)} />}
    </Flex>
  );
}

function CheckinModal({ place, onClose }: { place: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CheckinBody>();
  const add = useCheckIn();

  const submit = async (v: CheckinBody) => {
    try {
      const c = await add.mutateAsync({ residentId: v.residentId, employer: v.employer.trim(), employerPartyOrg: v.employerPartyOrg.trim() });
      void message.success(t('checkins.added', { name: c.name }));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, {
        fields: ['residentId', 'employer', 'employerPartyOrg'],
        known: { residentId: e instanceof ApiError && e.code === 'CONFLICT' ? 'checkins.already' : 'checkins.notMember' },
      });
      if (rest) void message.error(rest);
    }
  };

  const text = (max: number, required: string) => [
    { required: true, whitespace: true, message: required },
    { max, message: t('form.tooLong', { n: max }) },
  ];

  return (
    <Modal
      open
      title={t('checkins.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<CheckinBody> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="residentId" label={t('checkins.member')} rules={[{ required: true, message: t('members.pickMember') }]}>
          <MemberSelect place={place} />
        </Form.Item>
        <Form.Item name="employer" label={t('checkins.employer')} rules={text(100, t('checkins.employerRequired'))}>
          <Input placeholder={t('checkins.employerPlaceholder')} />
        </Form.Item>
        <Form.Item name="employerPartyOrg" label={t('checkins.employerPartyOrg')} rules={text(100, t('checkins.orgRequired'))}>
          <Input placeholder={t('checkins.orgPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
