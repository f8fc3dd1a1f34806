/** 居民公约 for staff: its versions, drafting the next, putting a draft to the households' vote. */
import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { errorText } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { useConventionAction, useConventions } from './governance.api';

export function ConventionTab({ community, canManage }: { community: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useConventions(community);
  const act = useConventionAction();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('vote.saved'));
      return true;
    } catch (e) {
      message.error(errorText(e, t, lang));
      return false;
    }
  };
  return (
    <Flex vertical gap={12}>
      {canManage && (
        <Button type="primary" style={{ alignSelf: 'flex-start' }} onClick={() => setAdding(true)}>
          {t('convention.new')}
        </Button>
      )}
      {(list.data ?? []).map((c) => (
        <Card
          key={c.id}
          size="small"
          title={
            <Space>
              {c.title} {t('convention.version', { v: c.version })}
              <Tag color={c.status === 'adopted' ? 'green' : undefined}>{t(`convention.status.${c.status}` as MessageKey)}</Tag>
            </Space>
          }
          extra={c.status === 'adopted' ? t('convention.acks', { a: c.acknowledged, h: c.households }) : null}
        >
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.body}</Typography.Paragraph>
          {canManage && c.status === 'draft' && <Button onClick={() => void run(() => act.mutateAsync({ kind: 'vote', id: c.id, method: 'household' }))}>{t('convention.toVote')}</Button>}
        </Card>
      ))}
      <Modal
        open={adding}
        title={t('convention.new')}
        onCancel={() => setAdding(false)}
        onOk={async () => {
          const raw = await form.validateFields();
          if (await run(() => act.mutateAsync({ kind: 'draft', communityCode: community, title: raw.title, body: raw.body }))) setAdding(false);
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('vote.title')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('proposal.body')} rules={[{ required: true, min: 10 }]}>
            <Input.TextArea rows={8} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
