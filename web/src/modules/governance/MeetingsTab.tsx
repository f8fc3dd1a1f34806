/** 议事会 for staff: call a meeting with proposals on the agenda; attendance, minutes, decisions and follow-up tasks made tickets. */
import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { showFormError } from '../../forms';
import { useI18n, type MessageKey } from '../../i18n';
import { useSaveAction } from './useSaveAction';
import { useMeetingAction, useMeetings, useProposals, type Meeting } from './governance.api';

function MeetingCard({ m, canManage }: { m: Meeting; canManage: boolean }) {
  const { t } = useI18n();
  const act = useMeetingAction();
  const [present, setPresent] = useState<string[]>(m.invitees.filter((i) => i.attended).map((i) => i.inviteeKey));
  const [minutes, setMinutes] = useState(m.minutes ?? '');
  const [decisions, setDecisions] = useState<Record<string, string>>(Object.fromEntries(m.items.map((i) => [i.id, i.decision ?? ''])));
  const [task, setTask] = useState({ title: '', description: '' });
  const [contact, setContact] = useState({ name: '', phone: '' });
  const run = useSaveAction();
  return (
    <Card
      size="small"
      data-testid="meeting-card"
      title={
        <Space>
          {m.title}
          <Tag color={m.status === 'held' ? 'green' : 'blue'}>{t(`meeting.status.${m.status}` as MessageKey)}</Tag>
        </Space>
      }
      extra={`${dayjs(m.startsAt).format('YYYY-MM-DD HH:mm')} · ${m.location}`}
    >
      <Flex vertical gap={10}>
        <Typography.Text strong>{t('meeting.items')}</Typography.Text>
        {m.items.map((i) => (
          <Flex key={i.id} gap={8} align="center">
            <Typography.Text style={{ minWidth: 220 }}>
              {i.seq}. {i.title}
            </Typography.Text>
            {canManage ? (
              <Input placeholder={t('meeting.decision')} value={decisions[i.id]} onChange={(e) => setDecisions({ ...decisions, [i.id]: e.target.value })} data-testid="decision-input" />
            ) : (
              <Typography.Text type="secondary">{i.decision}</Typography.Text>
            )}
          </Flex>
        ))}
        <Typography.Text strong>{t('meeting.invitees', { a: m.attended, n: m.invitees.length })}</Typography.Text>
        {canManage ? (
          <Flex gap={8} align="start">
            <Checkbox.Group value={present} onChange={(v) => setPresent(v as string[])} options={m.invitees.map((i) => ({ value: i.inviteeKey, label: i.name }))} />
            <Button size="small" onClick={() => void run(() => act.mutateAsync({ kind: 'attendance', id: m.id, present }))}>
              {t('meeting.attendance')}
            </Button>
          </Flex>
        ) : null}
        {canManage ? (
          <>
            <Input.TextArea rows={3} placeholder={t('meeting.minutes')} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="minutes-input" />
            <Button
              type="primary"
              style={{ alignSelf: 'flex-start' }}
              data-testid="save-minutes"
              onClick={() =>
                void run(() =>
                  act.mutateAsync({ kind: 'minutes', id: m.id, minutes, decisions: Object.entries(decisions).filter(([, d]) => d.trim()).map(([itemId, decision]) => ({ itemId, decision })) }),
                )
              }
            >
              {t('meeting.saveMinutes')}
            </Button>
          </>
        ) : (
          m.minutes && <Typography.Paragraph>{m.minutes}</Typography.Paragraph>
        )}
        <Typography.Text strong>{t('meeting.tasks')}</Typography.Text>
        {m.tasks.map((x) => (
          <Flex key={x.id} gap={8} align="center" wrap>
            <Typography.Text>{x.title}</Typography.Text>
            {x.ticketNumber ? (
              <Tag color="green">
                <a href={`/tickets/${x.ticketId}`}>{x.ticketNumber}</a>
              </Tag>
            ) : (
              canManage && (
                <Space.Compact>
                  <Input size="small" placeholder={t('meeting.contactName')} value={contact.name} onChange={(e) => setContact({ ...contact, name: e.target.value })} />
                  <Input size="small" placeholder={t('meeting.contactPhone')} value={contact.phone} onChange={(e) => setContact({ ...contact, phone: e.target.value })} />
                  <Button size="small" onClick={() => void run(() => act.mutateAsync({ kind: 'ticket', taskId: x.id, contactName: contact.name, contactPhone: contact.phone }))}>
                    {t('meeting.toTicket')}
                  </Button>
                </Space.Compact>
              )
            )}
          </Flex>
        ))}
        {canManage && (
          <Space.Compact>
            <Input placeholder={t('proposal.title')} value={task.title} onChange={(e) => setTask({ ...task, title: e.target.value })} />
            <Input placeholder={t('proposal.body')} value={task.description} onChange={(e) => setTask({ ...task, description: e.target.value })} />
            <Button onClick={() => void run(() => act.mutateAsync({ kind: 'task', id: m.id, ...task }))}>{t('meeting.addTask')}</Button>
          </Space.Compact>
        )}
      </Flex>
    </Card>
  );
}

export function MeetingsTab({ place, canManage }: { place: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const community = place.slice(0, 12);
  const meetings = useMeetings(community);
  const proposals = useProposals(community);
  const act = useMeetingAction();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();

  const submit = async () => {
    const raw = await form.validateFields();
    const items = [...(raw.proposals ?? []).map((proposalId: string) => ({ proposalId })), ...(raw.extra ? [{ title: raw.extra }] : [])];
    try {
      await act.mutateAsync({
        kind: 'create',
        body: { placeCode: place, title: raw.title, startsAt: raw.startsAt.toISOString(), location: raw.location, items, ...(raw.invite ? { inviteHouseholdsOf: raw.invite } : {}) },
      });
      setAdding(false);
      form.resetFields();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['title', 'startsAt', 'location', 'items', 'inviteHouseholdsOf'], aliases: { items: 'proposals', inviteHouseholdsOf: 'invite' } });
      if (rest) message.error(rest);
    }
  };

  return (
    <Flex vertical gap={12}>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => setAdding(true)} data-testid="new-meeting">
          {t('meeting.new')}
        </Button>
      )}
      {(meetings.data ?? []).map((m) => (
        <MeetingCard key={m.id + m.status + m.attended + m.tasks.length + m.tasks.filter((x) => x.ticketId).length} m={m} canManage={canManage} />
      ))}
      <Modal open={adding} title={t('meeting.new')} onCancel={() => setAdding(false)} onOk={() => void submit()} confirmLoading={act.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ invite: place.length >= 15 ? place : undefined, startsAt: dayjs().add(1, 'day').hour(19).minute(0) }} data-testid="meeting-form">
          <Form.Item name="title" label={t('meeting.title')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="startsAt" label={t('meeting.startsAt')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="location" label={t('meeting.location')} rules={[{ required: true }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="proposals" label={t('meeting.items')}>
            <Select
              mode="multiple"
              data-testid="meeting-proposals"
              options={(proposals.data ?? []).filter((p) => ['collecting', 'accepted'].includes(p.status)).map((p) => ({ value: p.id, label: `${p.title}（${t(`proposal.status.${p.status}` as MessageKey)}）` }))}
            />
          </Form.Item>
          <Form.Item name="extra" label={t('meeting.extraItem')}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="invite" label={t('meeting.inviteHouseholds')} rules={[{ pattern: /^\d{15,20}$/ }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
