/**
 * 指挥大屏: a 1920×1080 wall display of the viewer's node — the numbers of the last 30 days, the map,
 * rotating panels (volume, place and team rankings, hot spots, trend), the smart-property alerts and the
 * live ticket feed. Dark, no interaction needed; the feed reconnects by itself and the panels refetch
 * every minute and after events (at most every 10 s).
 */
import { Component, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { MapFeatures, TicketDashboard } from '../../../../contracts/supervision';
import type { AlertSummary } from '../../../../contracts/property';
import { api } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { useChosenPlace } from '../places/useChosenPlace';
import { echarts, PALETTE, ReactEChartsCore, type ChartOption } from './charts';
import { MapView } from './MapView';
import { useLiveFeed } from './liveFeed';
import './big-screen.css';

const LEVELS = ['city', 'county', 'township', 'community'] as const;
const PANELS = ['volume', 'ranking', 'teams', 'hotspots', 'trend'] as const;
const ALERT_ROWS = 6;
const ROTATE_MS = 12_000;
const TEXT = '#cfe3ff';
const AXIS = { axisLine: { lineStyle: { color: '#2c5a96' } }, axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: '#123463' } } };
const pct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);
const STATUS: Record<string, MessageKey> = {
  registered: 'tickets.status.registered',
  dispatched: 'tickets.status.dispatched',
  in_progress: 'tickets.status.in_progress',
  reported: 'tickets.status.reported',
  closed: 'tickets.status.closed',
  shelved: 'tickets.status.shelved',
  cancelled: 'tickets.status.cancelled',
  merged: 'tickets.status.merged',
};

/** A panel that fails to draw blanks itself and tries again a little later, instead of taking the wall down. */
class PanelBoundary extends Component<{ children: ReactNode }, { failedAt: number | null; attempt: number }> {
  state = { failedAt: null as number | null, attempt: 0 };
  private timer: ReturnType<typeof setTimeout> | null = null;
  static getDerivedStateFromError() {
    return { failedAt: Date.now() };
  }
  componentDidCatch(error: unknown) {
    console.warn('big screen panel failed; retrying in 30 s', error);
    this.timer = setTimeout(() => this.setState((s) => ({ failedAt: null, attempt: s.attempt + 1 })), 30_000);
  }
  componentWillUnmount() {
    if (this.timer) clearTimeout(this.timer);
  }
  render() {
    return this.state.failedAt ? null : <div key={this.state.attempt}>{this.props.children}</div>;
  }
}

/** Scales the fixed 1920×1080 stage to the window. */
function useStageScale() {
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const fit = () => setScale(Math.min(window.innerWidth / 1920, window.innerHeight / 1080));
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);
  return scale;
}

function panelOption(panel: (typeof PANELS)[number], d: TicketDashboard, t: (k: MessageKey) => string): ChartOption {
  const base = { textStyle: { color: TEXT }, grid: { left: 60, right: 24, top: 40, bottom: 36 }, tooltip: { trigger: 'axis' } };
  if (panel === 'volume') {
    const buckets = [...new Set(d.volume.map((v) => v.bucket))].sort();
    const cell = new Map(d.volume.map((v) => [`${v.bucket}|${v.category}`, v.count]));
    return {
      ...base,
      color: PALETTE,
      legend: { top: 0, textStyle: { color: TEXT }, type: 'scroll' },
      xAxis: { type: 'category', data: buckets.map((b) => b.slice(5)), ...AXIS },
      yAxis: { type: 'value', ...AXIS },
      series: d.categories.slice(0, 8).map((c) => ({ name: c.name, type: 'bar', stack: 'all', barMaxWidth: 36, data: buckets.map((b) => cell.get(`${b}|${c.code}`) ?? 0) })),
    };
  }
  if (panel === 'ranking' || panel === 'teams') {
    const rows = (panel === 'ranking' ? d.byPlace : d.byTeam).slice(0, 10);
    return {
      ...base,
      xAxis: { type: 'category', data: rows.map((r) => r.name), ...AXIS, axisLabel: { color: TEXT, interval: 0, rotate: rows.length > 6 ? 20 : 0 } },
      yAxis: { type: 'value', max: 100, ...AXIS, axisLabel: { color: TEXT, formatter: '{value}%' } },
      series: [{ name: t('dash.kpi.onTimeRate'), type: 'bar', barMaxWidth: 48, itemStyle: { color: '#4fc3ff' }, label: { show: true, position: 'top', color: TEXT, formatter: '{c}%' }, data: rows.map((r) => (r.metrics.onTimeRate == null ? 0 : Math.round(r.metrics.onTimeRate * 1000) / 10)) }],
    };
  }
  if (panel === 'hotspots') {
    const spots = d.hotspots.slice(0, 10).reverse();
    return {
      ...base,
      grid: { left: 150, right: 40, top: 20, bottom: 20 },
      xAxis: { type: 'value', ...AXIS },
      yAxis: { type: 'category', data: spots.map((s) => s.name), ...AXIS },
      series: [{ type: 'bar', barMaxWidth: 28, itemStyle: { color: '#ff7a45' }, label: { show: true, position: 'right', color: TEXT }, data: spots.map((s) => s.count) }],
    };
  }
  return {
    ...base,
    color: ['#ff4d4f', '#ffc53d', '#73d13d'],
    legend: { top: 0, textStyle: { color: TEXT } },
    xAxis: { type: 'category', data: d.trend.map((p) => p.bucket.slice(5)), ...AXIS },
    yAxis: { type: 'value', max: 100, ...AXIS, axisLabel: { color: TEXT, formatter: '{value}%' } },
    series: (['closeRate', 'onTimeRate', 'satisfactionRate'] as const).map((k) => ({ name: t(`dash.kpi.${k}`), type: 'line', smooth: true, connectNulls: true, data: d.trend.map((p) => (p[k] == null ? null : Math.round(p[k]! * 1000) / 10)) })),
  };
}

export function BigScreenPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const scale = useStageScale();
  const chosen = useChosenPlace(LEVELS);
  const place = chosen.fits ? chosen.place : null;
  const [now, setNow] = useState(() => dayjs());
  const [panel, setPanel] = useState(0);
  const from = now.subtract(29, 'day').format('YYYY-MM-DD');
  const to = now.format('YYYY-MM-DD');
  const dash = useQuery({
    queryKey: ['big-screen', place?.code, from, to],
    queryFn: () => api<TicketDashboard>(`/supervision/tickets?place=${place!.code}&from=${from}&to=${to}`),
    enabled: !!place,
    refetchInterval: 60_000,
    retry: true,
    retryDelay: (n) => Math.min(2000 * 2 ** n, 30_000),
  });
  const features = useQuery({ queryKey: ['map', place?.code], queryFn: () => api<MapFeatures>(`/supervision/map?place=${place!.code}`), enabled: !!place, retry: true });
  // Events refetch the panels, at most every 10 s however fast they come.
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = () => {
    if (pending.current) return;
    const wait = Math.max(0, last.current + 10_000 - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      void qc.invalidateQueries({ queryKey: ['big-screen'] });
    }, wait);
  };
  const alerts = useQuery({
    queryKey: ['big-screen-alerts', place?.code],
    queryFn: () => api<AlertSummary>(`/property/alerts/summary?placeCode=${place!.code}`),
    enabled: !!place,
    refetchInterval: 60_000,
    retry: true,
    retryDelay: (n) => Math.min(2000 * 2 ** n, 30_000),
  });
  // Alerts matter at once: a device event refetches the summary within 2 s.
  const alertTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshAlerts = () => {
    if (alertTimer.current) return;
    alertTimer.current = setTimeout(() => {
      alertTimer.current = null;
      void qc.invalidateQueries({ queryKey: ['big-screen-alerts'] });
    }, 2000);
  };
  const feed = useLiveFeed(refresh, refreshAlerts);
  useEffect(() => () => void (alertTimer.current && clearTimeout(alertTimer.current)), []);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  useEffect(() => {
    const clock = setInterval(() => setNow(dayjs()), 1000);
    const rotate = setInterval(() => setPanel((p) => (p + 1) % PANELS.length), ROTATE_MS);
    return () => {
      clearInterval(clock);
      clearInterval(rotate);
    };
  }, []);

  const alertTotals = useMemo(() => {
    const list = alerts.data?.compounds ?? [];
    const sum = (k: 'devices' | 'offline' | 'open' | 'acknowledged' | 'critical') => list.reduce((n, c) => n + c[k], 0);
    const worst = list
      .filter((c) => c.open + c.acknowledged + c.offline > 0)
      .sort((a, b) => b.critical - a.critical || b.open + b.acknowledged - (a.open + a.acknowledged) || b.offline - a.offline || a.compoundCode.localeCompare(b.compoundCode))
      .slice(0, ALERT_ROWS);
    return { devices: sum('devices'), offline: sum('offline'), active: sum('open') + sum('acknowledged'), critical: sum('critical'), worst };
  }, [alerts.data]);
  const names = useMemo(() => new Map((features.data?.features ?? []).map((f) => [f.properties.code, f.properties.name])), [features.data]);
  const d = dash.data;
  const option = useMemo(() => (d ? panelOption(PANELS[panel], d, t) : null), [d, panel, t]);
  const today = d ? d.volume.filter((v) => v.bucket === to).reduce((n, v) => n + v.count, 0) : 0;
  const kpis: Array<[MessageKey, string | number, boolean?]> = d
    ? [
        ['big.today', today],
        ['big.month', d.totals.received],
        ['big.monthClose', pct(d.totals.closeRate)],
        ['big.monthOnTime', pct(d.totals.onTimeRate)],
        ['big.monthSatisfaction', pct(d.totals.satisfactionRate)],
        ['big.overdue', d.overdueTotal, true],
      ]
    : [];

  return (
    <div className="big-screen-viewport" data-testid="big-screen">
      <div className="big-screen" style={{ transform: `scale(${scale})` }}>
        <header className="bs-head">
          <span className={feed.online ? 'bs-status on' : 'bs-status off'} data-testid="bs-status">
            {feed.online ? t('big.online') : t('big.offline')}
          </span>
          <h1>{place ? `${place.name} · ` : ''}{t('big.title')}</h1>
          <span className="bs-clock">{now.format('YYYY年M月D日 HH:mm:ss')}</span>
        </header>
        <section className="bs-left">
          <div className="bs-kpis" data-testid="bs-kpis">
            {kpis.map(([k, v, alarm]) => (
              <div key={k} className={alarm && Number(v) > 0 ? 'bs-kpi alarm' : 'bs-kpi'}>
                <div className="bs-kpi-value">{v}</div>
                <div className="bs-kpi-label">{t(k)}</div>
              </div>
            ))}
          </div>
          <div className="bs-panel">
            <h2>{t('dash.funnel')}</h2>
            {d && (
              <ReactEChartsCore
                echarts={echarts}
                style={{ height: 420 }}
                option={{
                  color: PALETTE,
                  series: [{ type: 'funnel', sort: 'none', left: '8%', width: '84%', label: { position: 'inside', color: '#fff', formatter: '{b} {c}' }, data: d.funnel.map((f) => ({ name: t(`dash.stage.${f.stage}` as MessageKey), value: f.count })) }],
                }}
              />
            )}
          </div>
        </section>
        <section className="bs-center">
          <div className="bs-panel bs-map">{place && <PanelBoundary><MapView place={place.code} height={560} dark /></PanelBoundary>}</div>
          <div className="bs-panel bs-rotating" data-testid="bs-rotating">
            <h2>
              {t(`big.panel.${PANELS[panel]}` as MessageKey)}
              <span className="bs-dots">
                {PANELS.map((p, i) => (
                  <i key={p} className={i === panel ? 'on' : ''} />
                ))}
              </span>
            </h2>
            {option && (
              <PanelBoundary>
                <ReactEChartsCore echarts={echarts} option={option} style={{ height: 290 }} notMerge />
              </PanelBoundary>
            )}
          </div>
        </section>
        <section className="bs-right">
          <div className="bs-panel bs-alerts" data-testid="bs-alerts">
            <h2>{t('big.alerts')}</h2>
            {alerts.isError && !alerts.data ? (
              <div className="bs-alerts-none">{t('big.alerts.unavailable')}</div>
            ) : (
              <>
                <div className="bs-alert-figures">
                  <div><b>{alertTotals.devices}</b>{t('big.alerts.devices')}</div>
                  <div className={alertTotals.offline ? 'warn' : ''}><b>{alertTotals.offline}</b>{t('big.alerts.offline')}</div>
                  <div className={alertTotals.active ? 'alarm' : ''}><b>{alertTotals.active}</b>{t('big.alerts.active')}</div>
                  <div className={alertTotals.critical ? 'alarm' : ''}><b>{alertTotals.critical}</b>{t('big.alerts.critical')}</div>
                </div>
                {alertTotals.worst.length ? (
                  <ul className="bs-alert-list">
                    {alertTotals.worst.map((c) => (
                      <li key={c.compoundCode} className={c.critical ? 'critical' : ''}>
                        <span className="bs-alert-name">{c.compoundName}</span>
                        <span>{t('big.alerts.row', { active: c.open + c.acknowledged, critical: c.critical, offline: c.offline })}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <div className="bs-alerts-none">{alerts.data ? t('big.alerts.none') : ''}</div>
                )}
              </>
            )}
          </div>
          <div className="bs-panel bs-live">
          <h2>{t('big.live')}</h2>
          <ul className="bs-feed" data-testid="bs-feed">
            {feed.items.map((e) => (
              <li key={e.key} className={e.type === 'ticket.created' ? 'new' : ''}>
                <span className="bs-feed-time">{dayjs(e.at).format('HH:mm:ss')}</span>
                <span className="bs-feed-kind">{e.type === 'ticket.created' ? t('big.event.created') : t('big.event.updated')}</span>
                <span className="bs-feed-number">{e.number}</span>
                <span className="bs-feed-title">{e.title}</span>
                <span className="bs-feed-status">{STATUS[e.status] ? t(STATUS[e.status]) : e.status}</span>
                <span className="bs-feed-place">{names.get(e.placeCode.slice(0, 15)) ?? e.placeCode.slice(0, 12)}</span>
              </li>
            ))}
          </ul>
          </div>
        </section>
      </div>
    </div>
  );
}
