/** 表决与选举 for staff: the votes under a place, a form to set one up, and the drawer of each. */
import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { showFormError } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { useCreateVote, useProposals, useVotes, type CreateVoteBody, type Vote } from './governance.api';
import { VoteDrawer } from './VoteDrawer';
import { VoteOutcome } from './VoteResult';

const FIELDS = ['kind', 'method', 'title', 'description', 'matter', 'secret', 'placeCode', 'candidates', 'proposalId'];

export function VotesTab({ place, canManage }: { place: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const votes = useVotes(place);
  const proposals = useProposals(place.slice(0, 12));
  const create = useCreateVote();
  const [openId, setOpenId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const method = Form.useWatch('method', form);

  const submit = async () => {
    const raw = await form.validateFields();
    const body: CreateVoteBody = {
      kind: raw.kind,
      method: raw.method,
      title: raw.title,
      placeCode: raw.placeCode,
      secret: !!raw.secret,
      ...(raw.description ? { description: raw.description } : {}),
      ...(raw.method === 'owners' && raw.matter ? { matter: raw.matter } : {}),
      ...(raw.kind === 'election' ? { candidates: String(raw.candidates ?? '').split(/\s+/).filter(Boolean).map((residentId) => ({ residentId })) } : {}),
      ...(raw.kind === 'matter' && raw.proposalId ? { proposalId: raw.proposalId } : {}),
    };
    try {
      const v = await create.mutateAsync(body);
      setAdding(false);
      form.resetFields();
      setOpenId(v.id);
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: FIELDS });
      if (rest) message.error(rest);
    }
  };

  return (
    <Flex vertical gap={12}>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => setAdding(true)} data-testid="new-vote">
          {t('vote.new')}
        </Button>
      )}
      <Table<Vote>
        rowKey="id"
        size="small"
        loading={votes.isLoading}
        dataSource={votes.data ?? []}
        onRow={(v) => ({ onClick: () => setOpenId(v.id), style: { cursor: 'pointer' } })}
        data-testid="votes-table"
        columns={[
          { title: t('vote.title'), dataIndex: 'title' },
          { title: t('vote.scope'), dataIndex: 'placeName' },
          { title: t('vote.kindLabel'), render: (_, v) => <>{<Tag>{t(`vote.kind.${v.kind}` as MessageKey)}</Tag>}<Tag>{t(`vote.method.${v.method}` as MessageKey)}</Tag>{v.secret && <Tag color="purple">{t('vote.secret')}</Tag>}</> },
          { title: t('gov.status'), render: (_, v) => <Tag color={v.status === 'open' ? 'blue' : undefined}>{t(`vote.status.${v.status}` as MessageKey)}</Tag> },
          { title: t('vote.turnout', { p: '', e: '' }).replace(/\s*\/\s*$/, ''), render: (_, v) => `${v.participation.voters}/${v.electorate.voters}` },
          { title: t('proposal.outcome'), render: (_, v) => <VoteOutcome vote={v} /> },
        ]}
      />
      <Modal open={adding} title={t('vote.new')} onCancel={() => setAdding(false)} onOk={() => void submit()} confirmLoading={create.isPending} destroyOnHidden width={620}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'matter', method: 'household', placeCode: place, matter: 'ordinary', secret: false }} data-testid="vote-form">
          <Flex gap={12}>
            <Form.Item name="kind" label={t('vote.kindLabel')} style={{ flex: 1 }}>
              <Select options={(['matter', 'election'] as const).map((k) => ({ value: k, label: t(`vote.kind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="method" label={t('vote.methodLabel')} style={{ flex: 1 }}>
              <Select options={(['person', 'household', 'owners'] as const).map((k) => ({ value: k, label: t(`vote.method.${k}`) }))} />
            </Form.Item>
            <Form.Item name="secret" label={t('vote.secret')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Flex>
          <Form.Item name="title" label={t('vote.title')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="description" label={t('vote.description')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Form.Item name="placeCode" label={t('vote.place')} rules={[{ required: true, pattern: /^\d{12,20}$/ }]}>
            <Input />
          </Form.Item>
          {method === 'owners' && kind === 'matter' && (
            <Form.Item name="matter" label={t('vote.matterLabel')}>
              <Select options={(['ordinary', 'maintenance_fund', 'rebuilding', 'change_of_use'] as const).map((k) => ({ value: k, label: t(`vote.matter.${k}`) }))} />
            </Form.Item>
          )}
          {kind === 'matter' && (
            <Form.Item name="proposalId" label={t('vote.proposal')}>
              <Select
                allowClear
                data-testid="vote-proposal"
                options={(proposals.data ?? []).filter((p) => ['accepted', 'deliberating'].includes(p.status) && !p.voteId).map((p) => ({ value: p.id, label: p.title }))}
              />
            </Form.Item>
          )}
          {kind === 'election' && (
            <Form.Item name="candidates" label={t('vote.candidates')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <VoteDrawer id={openId} canManage={canManage} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
