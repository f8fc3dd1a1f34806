/** 告警规则: the rules for the devices under a community or compound, kept by property and community staff; and the messages that failed validation. */
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText, showFormError } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { KIND_STATES, KIND_UNIT, KINDS, RULE_MANAGE_ROLES, useDeleteRule, useInvalidMessages, useRules, useSaveRule, type Kind, type Rule } from './property.api';
import { SEVERITY_COLOR } from './LivePage';

const LEVELS = ['community', 'compound'] as const;
const TYPES = ['threshold', 'state', 'event', 'offline'] as const;
const CATEGORIES = ['repair', 'safety_hazard', 'utilities', 'property_service'] as const;

interface Values {
  placeCode: string;
  kind: Kind;
  type: (typeof TYPES)[number];
  name: string;
  severity: string;
  op?: 'above' | 'below';
  limit?: number;
  clear?: number;
  states?: string[];
  clearEvents?: string[];
  minutes?: number;
  cooldownSeconds: number;
  opensTicket: boolean;
  categoryCode?: string;
  urgency: string;
  enabled: boolean;
  /** Only carries the server's error about the params. */
  params?: string;
}

function paramsOf(v: Values): Record<string, unknown> {
  switch (v.type) {
    case 'threshold':
      return { op: v.op, limit: v.limit, ...(v.clear === undefined || v.clear === null ? {} : { clear: v.clear }) };
    case 'state':
      return { states: v.states ?? [] };
    case 'event':
      return { events: v.states ?? [], ...(v.clearEvents?.length ? { clearEvents: v.clearEvents } : {}) };
    case 'offline':
      return { minutes: v.minutes };
  }
}

export function describeRule(r: Rule, t: (k: MessageKey, v?: Record<string, string | number>) => string): string {
  const p = r.params as Record<string, unknown>;
  switch (r.type) {
    case 'threshold':
      return t(p.op === 'above' ? 'property.rule.above' : 'property.rule.below', { limit: String(p.limit), unit: KIND_UNIT[r.kind as Kind] ?? '', clear: String(p.clear ?? p.limit) });
    case 'state':
    case 'event':
      return ((r.type === 'state' ? p.states : p.events) as string[]).map((s) => t(`property.state.${s}` as MessageKey)).join('、');
    default:
      return t('property.rule.offlineAfter', { minutes: String(p.minutes) });
  }
}

function RuleModal({ rule, placeCode, onClose }: { rule: Rule | null; placeCode: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveRule();
  const kind = Form.useWatch('kind', form) as Kind | undefined;
  const type = Form.useWatch('type', form);
  const opensTicket = Form.useWatch('opensTicket', form);
  const p = (rule?.params ?? {}) as Record<string, unknown>;
  const initial: Partial<Values> = rule
    ? { placeCode: rule.placeCode, name: rule.name, severity: rule.severity, cooldownSeconds: rule.cooldownSeconds, opensTicket: rule.opensTicket, urgency: rule.urgency, enabled: rule.enabled, kind: rule.kind as Kind, type: rule.type as Values['type'], op: p.op as 'above', limit: p.limit as number, clear: p.clear as number, states: (p.states ?? p.events) as string[], clearEvents: p.clearEvents as string[], minutes: p.minutes as number, categoryCode: rule.categoryCode ?? undefined }
    : { placeCode, kind: 'water_leak', type: 'state', severity: 'warning', cooldownSeconds: 300, opensTicket: false, urgency: 'urgent', enabled: true, op: 'above' };
  const submit = async (v: Values) => {
    const common = { name: v.name, params: paramsOf(v) as never, severity: v.severity as never, cooldownSeconds: v.cooldownSeconds, opensTicket: v.opensTicket, categoryCode: v.opensTicket ? (v.categoryCode ?? null) : (v.categoryCode ?? null), urgency: v.urgency as never, enabled: v.enabled };
    try {
      await save.mutateAsync({ id: rule?.id ?? null, body: rule ? common : { ...common, placeCode: v.placeCode, kind: v.kind, type: v.type } });
      void message.success(t('property.rule.saved'));
      onClose();
    } catch (e) {
      const rest = showFormError(form, e, t, lang, { fields: ['name', 'params', 'categoryCode', 'severity', 'cooldownSeconds'] });
      if (rest) void message.error(rest);
    }
  };
  const states = kind ? KIND_STATES[kind] : [];
  return (
    <Modal open title={t(rule ? 'property.rule.edit' : 'property.rule.add')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={save.isPending} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} data-testid="rule-form">
        <Space.Compact block>
          <Form.Item name="kind" label={t('property.device.kind')} style={{ width: '50%' }} rules={[{ required: true }]}>
            <Select disabled={!!rule} options={KINDS.map((k) => ({ value: k, label: t(`property.kind.${k}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="type" label={t('property.rule.type')} style={{ width: '50%' }} rules={[{ required: true }]}>
            <Select disabled={!!rule} options={TYPES.map((x) => ({ value: x, label: t(`property.ruleType.${x}` as MessageKey) }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="name" label={t('property.rule.name')} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        {type === 'threshold' && (
          <Space.Compact block>
            <Form.Item name="op" label={t('property.rule.op')} style={{ width: '34%' }}>
              <Select options={[{ value: 'above', label: t('property.rule.opAbove') }, { value: 'below', label: t('property.rule.opBelow') }]} />
            </Form.Item>
            <Form.Item name="limit" label={t('property.rule.limit')} style={{ width: '33%' }} rules={[{ required: true }]}>
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="clear" label={t('property.rule.clear')} tooltip={t('property.rule.clearHelp')} style={{ width: '33%' }}>
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Space.Compact>
        )}
        {(type === 'state' || type === 'event') && (
          <Form.Item name="states" label={t(type === 'state' ? 'property.rule.states' : 'property.rule.events')} rules={[{ required: true }]}>
            <Select mode="multiple" options={states.map((s) => ({ value: s, label: t(`property.state.${s}` as MessageKey) }))} />
          </Form.Item>
        )}
        {type === 'event' && (
          <Form.Item name="clearEvents" label={t('property.rule.clearEvents')}>
            <Select mode="multiple" options={states.map((s) => ({ value: s, label: t(`property.state.${s}` as MessageKey) }))} />
          </Form.Item>
        )}
        {type === 'offline' && (
          <Form.Item name="minutes" label={t('property.rule.minutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10080} />
          </Form.Item>
        )}
        {form.getFieldError('params').length > 0 && <Typography.Text type="danger">{form.getFieldError('params')[0]}</Typography.Text>}
        <Form.Item name="params" hidden>
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="severity" label={t('property.rule.severity')} style={{ width: '50%' }}>
            <Select options={['critical', 'warning', 'info'].map((s) => ({ value: s, label: t(`property.severity.${s}` as MessageKey) }))} />
          </Form.Item>
          <Form.Item name="cooldownSeconds" label={t('property.rule.cooldown')} tooltip={t('property.rule.cooldownHelp')} style={{ width: '50%' }}>
            <InputNumber min={0} max={86400} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Space size={24}>
          <Form.Item name="opensTicket" label={t('property.rule.opensTicket')} valuePropName="checked">
            <Switch data-testid="rule-opens-ticket" />
          </Form.Item>
          <Form.Item name="enabled" label={t('property.rule.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        {opensTicket && (
          <Space.Compact block>
            <Form.Item name="categoryCode" label={t('property.rule.category')} style={{ width: '50%' }} rules={[{ required: true }]}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`property.category.${c}` as MessageKey) }))} />
            </Form.Item>
            <Form.Item name="urgency" label={t('property.rule.urgency')} style={{ width: '50%' }}>
              <Select options={['emergency', 'urgent', 'general'].map((u) => ({ value: u, label: t(`property.urgency.${u}` as MessageKey) }))} />
            </Form.Item>
          </Space.Compact>
        )}
      </Form>
    </Modal>
  );
}

function RulesTable({ placeCode, canManage }: { placeCode: string; canManage: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const rules = useRules(placeCode);
  const remove = useDeleteRule();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  if (rules.error) return <ErrorView error={rules.error} onRetry={() => void rules.refetch()} />;
  if (!rules.data) return <PageSpin />;
  return (
    <>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }} data-testid="add-rule">
          {t('property.rule.add')}
        </Button>
      )}
      <Table<Rule>
        rowKey="id"
        size="small"
        dataSource={rules.data}
        pagination={false}
        data-testid="rules-table"
        locale={{ emptyText: <Empty description={t('property.rule.none')} /> }}
        columns={[
          { title: t('property.rule.name'), dataIndex: 'name' },
          { title: t('property.device.kind'), dataIndex: 'kind', render: (k: string) => t(`property.kind.${k}` as MessageKey) },
          { title: t('property.rule.condition'), key: 'cond', render: (_: unknown, r) => `${t(`property.ruleType.${r.type}` as MessageKey)}：${describeRule(r, t)}` },
          { title: t('property.rule.severity'), dataIndex: 'severity', render: (s: string) => <Tag color={SEVERITY_COLOR[s]}>{t(`property.severity.${s}` as MessageKey)}</Tag> },
          { title: t('property.rule.cooldown'), dataIndex: 'cooldownSeconds', render: (s: number) => (s ? t('property.rule.seconds', { n: s }) : '—') },
          { title: t('property.rule.opensTicket'), key: 'ticket', render: (_: unknown, r) => (r.opensTicket ? t(`property.category.${r.categoryCode}` as MessageKey) : '—') },
          { title: t('property.rule.scope'), dataIndex: 'placeName' },
          { title: t('property.rule.enabled'), dataIndex: 'enabled', render: (e: boolean) => (e ? <Tag color="green">{t('property.rule.on')}</Tag> : <Tag>{t('property.rule.off')}</Tag>) },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, r: Rule) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(r)} data-testid={`edit-rule-${r.name}`}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('property.rule.deleteConfirm', { name: r.name })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={async () => {
                          try {
                            await remove.mutateAsync(r.id);
                          } catch (e) {
                            void message.error(errorText(e, t, lang));
                          }
                        }}
                      >
                        <Button size="small" danger>
                          {t('property.rule.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <RuleModal rule={editing === 'new' ? null : editing} placeCode={placeCode} onClose={() => setEditing(null)} />}
    </>
  );
}

function InvalidMessages({ placeCode }: { placeCode: string }) {
  const { t } = useI18n();
  const list = useInvalidMessages(placeCode);
  if (list.error) return <ErrorView error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <PageSpin />;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary" data-testid="invalid-total">
        {t('property.invalid.total', { n: list.data.total })}
      </Typography.Text>
      <Table
        rowKey="id"
        size="small"
        dataSource={list.data.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('property.invalid.at'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v), width: 160 },
          { title: t('property.invalid.source'), dataIndex: 'source', width: 80 },
          { title: t('property.device.serial'), dataIndex: 'serial', width: 200 },
          { title: t('property.invalid.reason'), dataIndex: 'reason' },
          { title: t('property.invalid.payload'), dataIndex: 'payload', render: (v: string) => <Typography.Text code ellipsis style={{ maxWidth: 260 }}>{v}</Typography.Text> },
        ]}
      />
    </Flex>
  );
}

export function RulesPage() {
  const { t } = useI18n();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const place = chosen.fits ? chosen.place : null;
  const canManage = hasAnyRole(me, RULE_MANAGE_ROLES);
  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Card><Empty description={t('property.pickPlace')} /></Card>;
  else
    body = (
      <Card size="small">
        <Tabs
          items={[
            { key: 'rules', label: t('property.rules.title'), children: <RulesTable placeCode={place.code} canManage={canManage} /> },
            ...(canManage ? [{ key: 'invalid', label: t('property.invalid.title'), children: <InvalidMessages placeCode={place.code} /> }] : []),
          ]}
        />
      </Card>
    );
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('property.rules.pageTitle')}
        </Typography.Title>
        <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="compound" testId="rules-place" />
      </Flex>
      {body}
    </Flex>
  );
}
