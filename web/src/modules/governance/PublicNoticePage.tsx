/** A public notice for anyone (no sign-in): its text and window, feedback named or anonymous, the receipt lookup; `print` is the print view. */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Result, Space, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { errorText, showFormError } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { PageSpin } from '../../shell/PageSpin';
import { ErrorView } from '../../shell/ErrorView';
import { lookUpReceipt, useNotice, useNoticeAction, useNotices, type FeedbackStatus } from './governance.api';

function NoticeText({ id }: { id: string }) {
  const { t } = useI18n();
  const notice = useNotice(id);
  if (notice.error) return <ErrorView error={notice.error} />;
  if (!notice.data) return <PageSpin />;
  const n = notice.data;
  return (
    <article className="notice-text" data-testid="notice-text">
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {n.title}
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 16 }}>{n.body}</Typography.Paragraph>
      <Typography.Paragraph strong>{t('notice.window', { from: n.startsOn, to: n.endsOn })}</Typography.Paragraph>
      {n.contact && <Typography.Paragraph>{n.contact}</Typography.Paragraph>}
      <Typography.Paragraph style={{ textAlign: 'right' }}>{n.publisher}</Typography.Paragraph>
    </article>
  );
}

export function NoticePrintPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <div style={{ maxWidth: 760, margin: '24px auto', padding: 24, background: '#fff' }}>
      <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()} style={{ marginBottom: 16 }}>
        {t('notice.print')}
      </Button>
      <NoticeText id={id!} />
    </div>
  );
}

export function PublicNoticesPage() {
  const { t } = useI18n();
  const list = useNotices();
  return (
    <div style={{ maxWidth: 760, margin: '16px auto', padding: 12 }}>
      <Typography.Title level={3}>{t('nav.notices')}</Typography.Title>
      <Flex vertical gap={8}>
        {(list.data ?? []).map((n) => (
          <Card key={n.id} size="small">
            <Link to={`/gs/notices/${n.id}`}>{n.title}</Link> <Tag>{t(`notice.state.${n.state}` as MessageKey)}</Tag>
            <Typography.Text type="secondary"> {n.startsOn} ~ {n.endsOn}</Typography.Text>
          </Card>
        ))}
      </Flex>
    </div>
  );
}

export function PublicNoticePage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const notice = useNotice(id);
  const act = useNoticeAction();
  const [form] = Form.useForm();
  const anonymous = Form.useWatch('anonymous', form);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<FeedbackStatus | null>(null);

  const send = async () => {
    const raw = await form.validateFields();
    try {
      const r = (await act.mutateAsync({ kind: 'feedback', id: id!, content: raw.content, anonymous: raw.anonymous, name: raw.name, phone: raw.phone })) as { receiptCode: string };
      setReceipt(r.receiptCode);
      form.resetFields();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['content', 'name', 'phone'] });
      if (rest) message.error(rest);
    }
  };
  const look = async () => {
    try {
      setStatus(await lookUpReceipt(code));
    } catch (e) {
      message.error(errorText(e, t, lang));
    }
  };

  return (
    <div style={{ maxWidth: 760, margin: '16px auto', padding: 12 }}>
      <Flex vertical gap={12}>
        <Card extra={<Button icon={<PrinterOutlined />} href={`/gs/notices/${id}/print`}>{t('notice.print')}</Button>}>
          <NoticeText id={id!} />
        </Card>
        <Card title={t('notice.feedback')}>
          {receipt ? (
            <Result status="success" title={t('notice.receipt')} subTitle={<Typography.Text copyable strong data-testid="receipt-code">{receipt}</Typography.Text>} />
          ) : notice.data?.state !== 'open' ? (
            <Alert type="info" title={t('notice.closed')} />
          ) : (
            <Form form={form} layout="vertical" initialValues={{ anonymous: true }} data-testid="feedback-form">
              <Form.Item name="anonymous">
                <Radio.Group options={[{ value: true, label: t('notice.anonymous') }, { value: false, label: t('notice.named') }]} />
              </Form.Item>
              {anonymous === false && (
                <Space wrap>
                  <Form.Item name="name" label={t('notice.name')} rules={[{ required: true }]}>
                    <Input maxLength={40} />
                  </Form.Item>
                  <Form.Item name="phone" label={t('notice.phone')} rules={[{ required: true }]}>
                    <Input maxLength={20} />
                  </Form.Item>
                </Space>
              )}
              <Form.Item name="content" label={t('notice.content')} rules={[{ required: true, min: 5 }]}>
                <Input.TextArea rows={4} maxLength={4000} />
              </Form.Item>
              <Button type="primary" onClick={() => void send()} loading={act.isPending}>
                {t('notice.send')}
              </Button>
            </Form>
          )}
        </Card>
        <Card title={t('notice.lookUp')}>
          <Space.Compact style={{ width: '100%' }}>
            <Input placeholder={t('notice.receiptCode')} value={code} onChange={(e) => setCode(e.target.value)} data-testid="receipt-input" />
            <Button onClick={() => void look()}>{t('notice.lookUp')}</Button>
          </Space.Compact>
          {status && (
            <Flex vertical style={{ marginTop: 12 }} data-testid="receipt-status">
              <Typography.Text>
                {status.noticeTitle} · <Tag>{t(`notice.status.${status.status}` as MessageKey)}</Tag>
              </Typography.Text>
              {status.outcome && <Typography.Paragraph>{status.outcome}</Typography.Paragraph>}
            </Flex>
          )}
        </Card>
      </Flex>
    </div>
  );
}
