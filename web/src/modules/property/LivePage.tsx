/** 设备实况: one compound's devices on its plan and in a list, their states live over SSE, the active alerts with their tickets. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { App, Badge, Button, Card, Col, Drawer, Empty, Flex, Popconfirm, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../forms';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorView } from '../../shell/ErrorView';
import { PageSpin } from '../../shell/PageSpin';
import { hasAnyRole } from '../identity/roles';
import { useMe } from '../identity/session';
import { PlaceSelect } from '../places/PlaceSelect';
import { useChosenPlace } from '../places/useChosenPlace';
import { AddDeviceModal } from './AddDeviceModal';
import { HistoryChart } from './HistoryChart';
import { usePropertyLive } from './live';
import { ALERT_HANDLE_ROLES, DEVICE_MANAGE_ROLES, KIND_UNIT, useAlertAction, useAlerts, useDevices, type Alert, type Device, type Kind } from './property.api';
import './property.css';

const LEVELS = ['compound'] as const;
export const STATUS_COLOR: Record<string, string> = { normal: 'green', alarm: 'red', offline: 'default', unknown: 'default' };
export const SEVERITY_COLOR: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' };

/** The reading as a person reads it: 水位 64.5%, 漏水, 运行中 7层. */
export function readingOf(d: Device, t: (k: MessageKey) => string): string {
  const unit = KIND_UNIT[d.kind as Kind];
  const state = d.lastState ? t(`property.state.${d.lastState}` as MessageKey) : '';
  const value = d.lastValue === null || unit === null ? '' : `${Math.round(d.lastValue * 10) / 10}${unit}`;
  return [state, value].filter(Boolean).join(' ') || '—';
}

function Plan({ devices, onOpen }: { devices: Device[]; onOpen: (d: Device) => void }) {
  const { t } = useI18n();
  // Buildings drawn around their devices on the plan.
  const buildings = useMemo(() => {
    const by = new Map<string, { name: string; xs: number[]; ys: number[] }>();
    for (const d of devices) {
      if (d.placeCode.length !== 18 || d.planX === null || d.planY === null) continue;
      const b = by.get(d.placeCode) ?? { name: d.placeName, xs: [], ys: [] };
      b.xs.push(d.planX);
      b.ys.push(d.planY);
      by.set(d.placeCode, b);
    }
    return [...by.entries()].map(([code, b]) => ({ code, name: b.name, left: Math.min(...b.xs) - 5, right: Math.max(...b.xs) + 4.5, top: Math.min(...b.ys) - 12, bottom: Math.max(...b.ys) + 6 }));
  }, [devices]);
  const placed = devices.filter((d) => d.planX !== null && d.planY !== null);
  if (!placed.length) return <Empty description={t('property.plan.empty')} />;
  return (
    <div className="property-plan" data-testid="live-plan">
      {buildings.map((b) => (
        <div key={b.code} className="property-building" style={{ left: `${b.left}%`, top: `${b.top}%`, width: `${b.right - b.left}%`, height: `${b.bottom - b.top}%` }}>
          <span>{b.name}</span>
        </div>
      ))}
      {placed.map((d) => (
        <Tooltip key={d.id} title={`${d.name} · ${t(`property.status.${d.status}` as MessageKey)} · ${readingOf(d, t)}`}>
          <button
            type="button"
            className={`property-dot property-dot-${d.status}`}
            style={{ left: `${d.planX}%`, top: `${d.planY}%` }}
            data-testid={`device-dot-${d.serial}`}
            data-status={d.status}
            aria-label={d.name}
            onClick={() => onOpen(d)}
          >
            {t(`property.kindShort.${d.kind}` as MessageKey)}
          </button>
        </Tooltip>
      ))}
    </div>
  );
}

function AlertsCard({ alerts, canHandle }: { alerts: Alert[]; canHandle: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const act = useAlertAction();
  const run = async (id: string, action: 'acknowledge' | 'resolve') => {
    try {
      await act.mutateAsync({ id, action });
      void message.success(t(action === 'acknowledge' ? 'property.alert.acknowledged' : 'property.alert.resolved'));
    } catch (e) {
      void message.error(errorText(e, t, lang));
    }
  };
  return (
    <Card title={t('property.alerts.title')} size="small" data-testid="alerts-card">
      {!alerts.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('property.alerts.none')} />
      ) : (
        <Flex vertical gap={8}>
          {alerts.map((a) => (
            <div key={a.id} className="property-alert" data-testid={`alert-${a.deviceSerial}`} data-status={a.status}>
              <Flex justify="space-between" align="start" gap={8} wrap>
                <div>
                  <Space size={4} wrap>
                    <Tag color={SEVERITY_COLOR[a.severity]}>{t(`property.severity.${a.severity}` as MessageKey)}</Tag>
                    <Tag>{t(`property.alertStatus.${a.status}` as MessageKey)}</Tag>
                    <Typography.Text strong>{a.title}</Typography.Text>
                  </Space>
                  <div>
                    <Typography.Text type="secondary">
                      {a.detail} · {formatDateTime(a.openedAt)}
                      {a.occurrences > 1 ? ` · ${t('property.alerts.times', { n: a.occurrences })}` : ''}
                    </Typography.Text>
                  </div>
                  {a.ticketId && (
                    <Link to={`/tickets/${a.ticketId}`} data-testid="alert-ticket">
                      {t('property.alerts.ticket', { number: a.ticketNumber ?? '' })}
                    </Link>
                  )}
                  {a.ticketState === 'pending' && <Typography.Text type="secondary">{t('property.alerts.ticketPending')}</Typography.Text>}
                </div>
                {canHandle && (
                  <Space>
                    {a.status === 'open' && (
                      <Button size="small" data-testid="ack-alert" loading={act.isPending} onClick={() => void run(a.id, 'acknowledge')}>
                        {t('property.alert.acknowledge')}
                      </Button>
                    )}
                    <Popconfirm title={t('property.alert.resolveConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void run(a.id, 'resolve')}>
                      <Button size="small" danger data-testid="resolve-alert">
                        {t('property.alert.resolve')}
                      </Button>
                    </Popconfirm>
                  </Space>
                )}
              </Flex>
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

export function LivePage() {
  const { t } = useI18n();
  const me = useMe();
  const chosen = useChosenPlace(LEVELS);
  const place = chosen.fits ? chosen.place : null;
  const devices = useDevices(place?.code ?? null);
  const alerts = useAlerts(place?.code ?? null);
  const live = usePropertyLive(place?.code ?? null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const open = devices.data?.find((d) => d.id === openId) ?? null;
  const list = devices.data ?? [];
  const count = (s: string) => list.filter((d) => d.status === s).length;

  let body;
  if (chosen.error) body = <ErrorView error={chosen.error} />;
  else if (chosen.loading) body = <PageSpin />;
  else if (!place) body = <Card><Empty description={t('property.pickCompound')} /></Card>;
  else if (devices.error || alerts.error) body = <ErrorView error={devices.error ?? alerts.error} onRetry={() => void Promise.all([devices.refetch(), alerts.refetch()])} />;
  else if (!devices.data || !alerts.data) body = <PageSpin />;
  else
    body = (
      <Flex vertical gap={16}>
        <Row gutter={16}>
          <Col span={6}><Card size="small"><Statistic title={t('property.stat.devices')} value={list.length} /></Card></Col>
          <Col span={6}><Card size="small"><Statistic title={t('property.stat.alarm')} value={count('alarm')} styles={{ content: { color: count('alarm') ? '#cf1322' : undefined } }} /></Card></Col>
          <Col span={6}><Card size="small"><Statistic title={t('property.stat.offline')} value={count('offline')} /></Card></Col>
          <Col span={6}><Card size="small"><Statistic title={t('property.stat.alerts')} value={alerts.data.length} /></Card></Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card title={t('property.plan.title', { name: place.name })} size="small">
              <Plan devices={list} onOpen={(d) => setOpenId(d.id)} />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <AlertsCard alerts={alerts.data} canHandle={hasAnyRole(me, ALERT_HANDLE_ROLES)} />
          </Col>
        </Row>
        <Card title={t('property.devices.title')} size="small">
          <Table<Device>
            rowKey="id"
            size="small"
            dataSource={list}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(d) => ({ onClick: () => setOpenId(d.id), style: { cursor: 'pointer' } })}
            data-testid="devices-table"
            columns={[
              { title: t('property.device.name'), dataIndex: 'name' },
              { title: t('property.device.kind'), dataIndex: 'kind', render: (k: string) => t(`property.kind.${k}` as MessageKey) },
              { title: t('property.device.installPlace'), dataIndex: 'installPlace' },
              { title: t('property.device.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]} data-testid="device-status">{t(`property.status.${s}` as MessageKey)}</Tag> },
              { title: t('property.device.reading'), key: 'reading', render: (_: unknown, d) => readingOf(d, t) },
              { title: t('property.device.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
              { title: t('property.device.owner'), dataIndex: 'owner', responsive: ['xl'] },
            ]}
          />
        </Card>
      </Flex>
    );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('property.live.title')}
          </Typography.Title>
          <Badge status={live ? 'processing' : 'default'} text={t(live ? 'property.live.on' : 'property.live.off')} data-testid="live-state" />
        </Space>
        <Space>
          <PlaceSelect value={chosen.picked} onChange={chosen.choose} selectable={LEVELS} deepest="compound" testId="property-place" />
          {place && hasAnyRole(me, DEVICE_MANAGE_ROLES) && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="add-device">
              {t('property.device.add')}
            </Button>
          )}
        </Space>
      </Flex>
      {body}
      <Drawer open={!!open} onClose={() => setOpenId(null)} title={open?.name} size="large" destroyOnHidden>
        {open && (
          <Flex vertical gap={12}>
            <Typography.Text>
              {t(`property.kind.${open.kind}` as MessageKey)} · {open.installPlace} · <Tag color={STATUS_COLOR[open.status]}>{t(`property.status.${open.status}` as MessageKey)}</Tag>
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('property.device.serial')}: {open.serial} · {t('property.device.topic')}: <Typography.Text code>{open.topic}</Typography.Text>
            </Typography.Text>
            <HistoryChart device={open} />
          </Flex>
        )}
      </Drawer>
      {place && <AddDeviceModal open={adding} onClose={() => setAdding(false)} compoundCode={place.code} />}
    </Flex>
  );
}
