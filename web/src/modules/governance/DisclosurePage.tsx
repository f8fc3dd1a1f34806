/** 居务公开 (staff): a community's current posts and the archive; publish a post with its ledger or a closed vote's result. */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Space, Tabs, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { errorText, showFormError } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { DisclosureList } from './DisclosureList';
import { GOV_MANAGE_ROLES, useDisclosureAction, useDisclosures, useVotes } from './governance.api';

const LEVELS = ['community'] as const;

export function DisclosurePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const community = chosen.fits ? chosen.place!.code : null;
  const [archived, setArchived] = useState(false);
  const posts = useDisclosures(community, archived);
  const votes = useVotes(community);
  const act = useDisclosureAction();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const canManage = hasAnyRole(me, GOV_MANAGE_ROLES);
  if (chosen.error) return <ErrorView error={chosen.error} />;
  if (chosen.loading) return <PageSpin />;

  const submit = async () => {
    const raw = await form.validateFields();
    const ledger = (raw.ledger ?? []).map((l: { occurredOn: Dayjs; item: string; income?: number; expense?: number }) => ({
      occurredOn: l.occurredOn.format('YYYY-MM-DD'),
      item: l.item,
      income: l.income ?? 0,
      expense: l.expense ?? 0,
    }));
    try {
      await act.mutateAsync({
        kind: 'publish',
        body: { communityCode: community!, kind: raw.kind, title: raw.title, body: raw.body, period: raw.period, visibility: raw.visibility, ...(ledger.length ? { ledger } : {}), ...(raw.voteId ? { voteId: raw.voteId } : {}) },
      });
      setAdding(false);
      form.resetFields();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['kind', 'title', 'body', 'period', 'visibility', 'voteId', 'ledger'] });
      if (rest) message.error(rest);
    }
  };
  const archive = async (id: string) => {
    try {
      await act.mutateAsync({ kind: 'archive', id });
    } catch (e) {
      message.error(errorText(e, t, lang));
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.disclosure')}
        </Typography.Title>
        <Space>
          <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="community" />
          {canManage && community && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="new-disclosure">
              {t('disclosure.new')}
            </Button>
          )}
        </Space>
      </Flex>
      {!community ? (
        <Card>{t('gov.pickCommunity')}</Card>
      ) : (
        <Card>
          <Tabs activeKey={archived ? 'archived' : 'current'} onChange={(k) => setArchived(k === 'archived')} items={[{ key: 'current', label: t('disclosure.current') }, { key: 'archived', label: t('disclosure.archived') }]} />
          {posts.isLoading ? <PageSpin /> : <DisclosureList posts={posts.data ?? []} onArchive={canManage ? (id) => void archive(id) : undefined} canAttach={canManage} />}
        </Card>
      )}
      <Modal open={adding} title={t('disclosure.new')} onCancel={() => setAdding(false)} onOk={() => void submit()} confirmLoading={act.isPending} destroyOnHidden width={720}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'affairs', visibility: 'residents', period: dayjs().format('YYYY-MM') }} data-testid="disclosure-form">
          <Flex gap={12}>
            <Form.Item name="kind" label={t('disclosure.kind')} style={{ flex: 1 }}>
              <Select options={(['finance', 'affairs', 'party'] as const).map((k) => ({ value: k, label: t(`disclosure.kind.${k}`) }))} />
            </Form.Item>
            <Form.Item name="visibility" label={t('disclosure.visibility')} style={{ flex: 1 }}>
              <Select options={(['residents', 'public'] as const).map((k) => ({ value: k, label: t(`disclosure.visibility.${k}`) }))} />
            </Form.Item>
            <Form.Item name="period" label={t('disclosure.period')} style={{ flex: 1 }} rules={[{ required: true, pattern: /^20\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$/ }]}>
              <Input />
            </Form.Item>
          </Flex>
          <Form.Item name="title" label={t('vote.title')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="body" label={t('proposal.body')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="voteId" label={t('disclosure.vote')}>
            <Select allowClear data-testid="disclosure-vote" options={(votes.data ?? []).filter((v) => v.status === 'closed').map((v) => ({ value: v.id, label: v.title }))} />
          </Form.Item>
          {kind === 'finance' && (
            <Form.List name="ledger">
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  <Typography.Text strong>{t('disclosure.ledger')}</Typography.Text>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item name={[f.name, 'occurredOn']} rules={[{ required: true }]}>
                        <DatePicker />
                      </Form.Item>
                      <Form.Item name={[f.name, 'item']} rules={[{ required: true }]}>
                        <Input placeholder={t('disclosure.item')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'income']}>
                        <InputNumber min={0} precision={2} placeholder={t('disclosure.income')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'expense']}>
                        <InputNumber min={0} precision={2} placeholder={t('disclosure.expense')} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                    {t('disclosure.ledger')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          )}
        </Form>
      </Modal>
    </Flex>
  );
}
