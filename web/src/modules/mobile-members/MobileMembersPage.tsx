/** 流动党员 (desktop): the five steps — survey and register, the grouping proposal, pairing, the contact log with overdue contacts. */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, DatePicker, Drawer, Empty, Flex, Form, Input, List, Modal, Row, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { BellOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText, showFormError } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { METHODS, MOBILE_MANAGE_ROLES, STEPS, useAdopt, useGroups, useLogContact, useMobileMember, useMobileMembers, usePair, useProposals, useRegister, useRemindOverdue, useSurvey, type MobileMember } from './mobileMembers.api';

const LEVELS = ['township', 'community'] as const;

export function MobileMembersPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const place = chosen.fits ? chosen.place! : null;
  const [overdue, setOverdue] = useState(false);
  const all = useMobileMembers(place?.code ?? null, false);
  const list = useMobileMembers(place?.code ?? null, overdue);
  const proposals = useProposals(place?.code ?? null);
  const groups = useGroups(place?.code ?? null);
  const canManage = hasAnyRole(me, MOBILE_MANAGE_ROLES);
  const register = useRegister();
  const pair = usePair();
  const adopt = useAdopt();
  const remind = useRemindOverdue();
  const [openId, setOpenId] = useState<string | null>(null);
  const [surveying, setSurveying] = useState(false);
  const fail = (e: unknown) => message.error(errorText(e, t, lang));
  const counts = Object.fromEntries(STEPS.map((s) => [s, (all.data ?? []).filter((m) => STEPS.indexOf(m.step as (typeof STEPS)[number]) >= STEPS.indexOf(s)).length]));
  const columns = [
    { title: t('mobile.col.name'), render: (_: unknown, m: MobileMember) => <a onClick={() => setOpenId(m.id)}>{m.name}</a> },
    { title: t('mobile.col.status'), render: (_: unknown, m: MobileMember) => t(m.partyStatus === 'full' ? 'mobile.full' : 'mobile.probationary') },
    { title: t('mobile.col.destination'), render: (_: unknown, m: MobileMember) => `${m.destinationCity} ${m.destinationDetail}` },
    { title: t('mobile.col.leftOn'), dataIndex: 'leftOn' },
    { title: t('mobile.col.mobile'), dataIndex: 'mobile' },
    { title: t('mobile.col.step'), render: (_: unknown, m: MobileMember) => <Tag color={m.step === 'tracking' ? 'green' : 'blue'}>{t(`mobile.step.${m.step}` as MessageKey)}</Tag> },
    { title: t('mobile.col.group'), render: (_: unknown, m: MobileMember) => m.groupName ?? '' },
    { title: t('mobile.col.cadre'), render: (_: unknown, m: MobileMember) => m.cadreName ?? '' },
    {
      title: t('mobile.col.lastContact'),
      render: (_: unknown, m: MobileMember) => (
        <>
          {m.lastContactAt ? formatDateTime(m.lastContactAt).slice(0, 10) : ''} {m.overdue && <Tag color="red">{t('mobile.overdue')}</Tag>}
        </>
      ),
    },
    {
      title: '',
      render: (_: unknown, m: MobileMember) =>
        canManage && (
          <Space>
            {m.step === 'surveyed' && (
              <Button size="small" onClick={() => void register.mutateAsync(m.id).catch(fail)}>
                {t('mobile.register')}
              </Button>
            )}
            {m.registeredAt && !m.cadreUserId && (
              <Button size="small" onClick={() => void pair.mutateAsync(m.id).catch(fail)}>
                {t('mobile.pairMe')}
              </Button>
            )}
          </Space>
        ),
    },
  ];
  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Card><Empty description={t('mobile.pickPlace')} /></Card>;
  else if (list.error) body = <ErrorView error={list.error} />;
  else
    body = (
      <Flex vertical gap={16}>
        <Card size="small">
          <Flex justify="space-around">
            {STEPS.map((s, i) => (
              <Statistic key={s} title={`${i + 1}. ${t(`mobile.stepTitle.${s}` as MessageKey)}`} value={counts[s] ?? 0} />
            ))}
          </Flex>
        </Card>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('mobile.proposals')} data-testid="mobile-proposals">
              <List
                dataSource={proposals.data ?? []}
                locale={{ emptyText: <Empty description={t('mobile.noProposal')} /> }}
                renderItem={(p) => (
                  <List.Item
                    extra={
                      canManage && (
                        <Button size="small" type="primary" onClick={() => void adopt.mutateAsync({ placeCode: place.code, destinationCity: p.destinationCity }).then(() => message.success(t('mobile.adopted')), fail)}>
                          {t('mobile.adopt')}
                        </Button>
                      )
                    }
                  >
                    <List.Item.Meta title={`${p.name}（${p.memberIds.length}）`} description={p.names.join('、')} />
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('mobile.groups')}>
              <List
                dataSource={groups.data ?? []}
                locale={{ emptyText: <Empty /> }}
                renderItem={(g) => (
                  <List.Item>
                    <List.Item.Meta title={g.name} description={t('mobile.groupMembers', { n: g.members, full: g.fullMembers ?? g.members })} />
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        </Row>
        <Card
          size="small"
          title={t('mobile.register.title')}
          extra={
            <Space>
              <Switch checked={overdue} onChange={setOverdue} data-testid="overdue-only" /> {t('mobile.overdueOnly')}
              {canManage && (
                <Button icon={<BellOutlined />} onClick={() => void remind.mutateAsync(place.code).then((r) => message.success(t('mobile.reminded', { n: r.overdue, c: r.cadres })), fail)}>
                  {t('mobile.remind')}
                </Button>
              )}
              {canManage && place.level === 'community' && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setSurveying(true)}>
                  {t('mobile.survey')}
                </Button>
              )}
            </Space>
          }
        >
          <Table rowKey="id" size="small" loading={!list.data} dataSource={list.data ?? []} columns={columns} pagination={{ pageSize: 20 }} data-testid="mobile-table" />
        </Card>
      </Flex>
    );
  return (
    <div className="page" data-testid="mobile-members-page">
      <Flex align="center" justify="space-between" gap={12} wrap className="page-head">
        <Typography.Title level={3}>{t('mobile.title')}</Typography.Title>
        <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="community" />
      </Flex>
      {body}
      {openId && <ContactDrawer id={openId} onClose={() => setOpenId(null)} />}
      {surveying && place && <SurveyModal community={place.code} onClose={() => setSurveying(false)} />}
    </div>
  );
}

function ContactDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const detail = useMobileMember(id);
  const log = useLogContact();
  const [form] = Form.useForm<{ method: string; note?: string; study?: boolean; studyTopic?: string }>();
  const study = Form.useWatch('study', form);
  const m = detail.data?.member;
  return (
    <Drawer open width={560} data-testid="contact-drawer" title={m ? `${m.name} · ${m.destinationCity}` : ''} onClose={onClose}>
      {detail.error ? (
        <ErrorView error={detail.error} />
      ) : !detail.data ? (
        <PageSpin />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('mobile.rhythm', { n: m!.rhythmDays, due: m!.dueAt ? formatDateTime(m!.dueAt).slice(0, 10) : '—' })}</Typography.Text>
          {m!.cadreUserId && (
            <Form
              form={form}
              layout="inline"
              initialValues={{ method: 'phone' }}
              onFinish={(v) =>
                log.mutateAsync({ id, ...v, ...(v.study ? {} : { studyTopic: undefined }) }).then(
                  () => form.resetFields(),
                  (e) => {
                    const rest = showFormError(form, e, t, lang, { fields: ['method', 'note', 'studyTopic'] });
                    if (rest) void message.error(rest);
                  },
                )
              }
            >
              <Form.Item name="method">
                <Select style={{ width: 100 }} options={METHODS.map((x) => ({ value: x, label: t(`mobile.method.${x}` as MessageKey) }))} />
              </Form.Item>
              <Form.Item name="note">
                <Input placeholder={t('mobile.note')} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="study" valuePropName="checked">
                <Checkbox>{t('mobile.study')}</Checkbox>
              </Form.Item>
              {study && (
                <Form.Item name="studyTopic">
                  <Input placeholder={t('mobile.studyTopic')} style={{ width: 240 }} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" loading={log.isPending}>
                {t('mobile.logContact')}
              </Button>
            </Form>
          )}
          <List
            dataSource={detail.data.contacts}
            locale={{ emptyText: <Empty /> }}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta
                  title={`${formatDateTime(c.at).slice(0, 16)} · ${t(`mobile.method.${c.method}` as MessageKey)} · ${c.byName}`}
                  description={
                    <>
                      {c.note} {c.study && <Tag color="red">{c.studyTopic}</Tag>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Flex>
      )}
    </Drawer>
  );
}

function SurveyModal({ community, onClose }: { community: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const survey = useSurvey();
  const [form] = Form.useForm<{ name: string; partyStatus: string; leftOn: Dayjs; destinationCity: string; destinationDetail?: string; employer?: string; mobile?: string }>();
  return (
    <Modal open title={t('mobile.survey')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={survey.isPending}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ partyStatus: 'full' }}
        onFinish={(v) =>
          survey.mutateAsync({ ...v, communityCode: community, leftOn: v.leftOn.format('YYYY-MM-DD') }).then(onClose, (e) => {
            const rest = showFormError(form, e, t, lang, { fields: ['name', 'leftOn', 'destinationCity', 'mobile'] });
            if (rest) void message.error(rest);
          })
        }
      >
        <Form.Item name="name" label={t('mobile.col.name')} rules={[{ required: true, message: t('mobile.col.name') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="partyStatus" label={t('mobile.col.status')}>
          <Select options={[{ value: 'full', label: t('mobile.full') }, { value: 'probationary', label: t('mobile.probationary') }]} />
        </Form.Item>
        <Form.Item name="leftOn" label={t('mobile.col.leftOn')} rules={[{ required: true, message: t('mobile.col.leftOn') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="destinationCity" label={t('mobile.city')} rules={[{ required: true, message: t('mobile.city') }]}>
          <Input maxLength={30} placeholder="太原市" />
        </Form.Item>
        <Form.Item name="destinationDetail" label={t('mobile.col.destination')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="employer" label={t('mobile.employer')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="mobile" label={t('mobile.col.mobile')}>
          <Input maxLength={20} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
