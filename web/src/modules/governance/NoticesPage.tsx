/** 公示 (staff): notices in scope, publishing one, and each notice's feedback (who sent it: the supervisor only). */
import { useState } from 'react';
import { App, Button, DatePicker, Drawer, Flex, Form, Input, List, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText, showFormError } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { GOV_MANAGE_ROLES, useFeedback, useNoticeAction, useNotices, type Notice } from './governance.api';

function FeedbackDrawer({ notice, onClose }: { notice: Notice | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const list = useFeedback(notice?.id ?? null);
  const act = useNoticeAction();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const supervisor = hasAnyRole(me, ['supervisor']);
  return (
    <Drawer open={!!notice} onClose={onClose} size="large" title={notice?.title} destroyOnHidden>
      <Typography.Text>{t('notice.feedbackList', { n: list.data?.length ?? 0 })}</Typography.Text>
      <List
        data-testid="feedback-list"
        dataSource={list.data ?? []}
        renderItem={(f) => (
          <List.Item>
            <Flex vertical gap={6} style={{ width: '100%' }}>
              <Typography.Text>{f.content}</Typography.Text>
              <Space wrap>
                <Tag>{f.anonymous ? t('notice.anonymous') : t('notice.named').split('（')[0]}</Tag>
                <Typography.Text type="secondary" data-testid="feedback-sender">
                  {t('notice.sender')}：{f.sender ? [f.sender.name, f.sender.phone, f.sender.account].filter(Boolean).join(' · ') || '—' : t('notice.hidden')}
                </Typography.Text>
                <Tag color={f.status === 'answered' ? 'green' : 'gold'}>{t(`notice.status.${f.status}` as MessageKey)}</Tag>
              </Space>
              {f.outcome && <Typography.Text type="secondary">{f.outcome}</Typography.Text>}
              {supervisor && f.status === 'received' && (
                <Space.Compact>
                  <Input value={answers[f.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [f.id]: e.target.value })} placeholder={t('notice.answer')} />
                  <Button
                    onClick={async () => {
                      try {
                        await act.mutateAsync({ kind: 'answer', feedbackId: f.id, outcome: answers[f.id] ?? '' });
                        await list.refetch();
                      } catch (e) {
                        message.error(errorText(e, t, lang));
                      }
                    }}
                  >
                    {t('notice.answer')}
                  </Button>
                </Space.Compact>
              )}
            </Flex>
          </List.Item>
        )}
      />
    </Drawer>
  );
}

export function NoticesPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const notices = useNotices();
  const act = useNoticeAction();
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<Notice | null>(null);
  const [form] = Form.useForm();
  const canPublish = hasAnyRole(me, GOV_MANAGE_ROLES);
  const defaultPlace = me.grants.find((g) => GOV_MANAGE_ROLES.includes(g.role))?.scopeCode ?? '';

  const submit = async () => {
    const raw = await form.validateFields();
    const [from, to] = raw.window as [Dayjs, Dayjs];
    try {
      await act.mutateAsync({
        kind: 'publish',
        body: { placeCode: raw.placeCode, title: raw.title, body: raw.body, publisher: raw.publisher, ...(raw.contact ? { contact: raw.contact } : {}), startsOn: from.format('YYYY-MM-DD'), endsOn: to.format('YYYY-MM-DD') },
      });
      setAdding(false);
      form.resetFields();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['placeCode', 'title', 'body', 'publisher', 'contact'] });
      if (rest) message.error(rest);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.notices')}
        </Typography.Title>
        {canPublish && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('notice.new')}
          </Button>
        )}
      </Flex>
      <Table<Notice>
        rowKey="id"
        size="small"
        loading={notices.isLoading}
        dataSource={notices.data ?? []}
        data-testid="notices-table"
        columns={[
          { title: t('vote.title'), dataIndex: 'title', render: (v: string, n) => <a onClick={() => setOpen(n)}>{v}</a> },
          { title: t('notice.publisher'), dataIndex: 'publisher' },
          { title: t('notice.startsOn'), render: (_, n) => `${n.startsOn} ~ ${n.endsOn}` },
          { title: t('gov.status'), render: (_, n) => <Tag color={n.state === 'open' ? 'blue' : undefined}>{t(`notice.state.${n.state}` as MessageKey)}</Tag> },
          {
            title: '',
            render: (_, n) => (
              <Space>
                <Button size="small" onClick={() => setOpen(n)}>
                  {t('notice.feedback')}
                </Button>
                <Button size="small" icon={<PrinterOutlined />} href={`/gs/notices/${n.id}/print`} target="_blank">
                  {t('notice.print')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <FeedbackDrawer notice={open} onClose={() => setOpen(null)} />
      <Modal open={adding} title={t('notice.new')} onCancel={() => setAdding(false)} onOk={() => void submit()} confirmLoading={act.isPending} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" initialValues={{ placeCode: defaultPlace }}>
          <Form.Item name="placeCode" label={t('notice.place')} rules={[{ required: true, pattern: /^\d{4,15}$/ }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('vote.title')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="body" label={t('proposal.body')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
          <Form.Item name="publisher" label={t('notice.publisher')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="contact" label={t('notice.contact')}>
            <Input maxLength={400} />
          </Form.Item>
          <Form.Item name="window" label={`${t('notice.startsOn')} ~ ${t('notice.endsOn')}`} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
