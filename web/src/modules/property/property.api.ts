/** Smart property (智慧物业): devices, live states, rules, alerts, history. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alert, AlertSummary, CreateDeviceBody, CreateRuleBody, Device, Rule, TelemetryResponse, UpdateRuleBody } from '../../../../contracts/property';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { Alert, AlertSummary, Device, Rule };

/** The server's property policy (the API still decides). */
export const DEVICE_READ_ROLES: readonly Role[] = ['property_staff', 'grid_worker', 'building_head', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const DEVICE_MANAGE_ROLES: readonly Role[] = ['property_staff', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const RULE_MANAGE_ROLES: readonly Role[] = DEVICE_MANAGE_ROLES;
export const ALERT_HANDLE_ROLES: readonly Role[] = ['property_staff', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];

/** contracts/property DEVICE_KINDS and KIND_STATES, repeated to keep typebox out of the bundle. */
export const KINDS = ['smoke', 'water_leak', 'elevator', 'fire_camera', 'access_control', 'water_tank', 'power_meter'] as const;
export type Kind = (typeof KINDS)[number];
export const KIND_STATES: Record<Kind, string[]> = {
  smoke: ['normal', 'alarm'],
  water_leak: ['dry', 'leak'],
  elevator: ['running', 'idle', 'fault', 'trapped', 'maintenance'],
  fire_camera: ['fire_lane_blocked', 'fire_door_open', 'smoke_detected', 'clear'],
  access_control: ['access_granted', 'access_denied', 'door_forced', 'door_held_open', 'tailgating', 'door_closed'],
  water_tank: [],
  power_meter: [],
};
export const KIND_UNIT: Record<Kind, string | null> = { smoke: '%/m', water_leak: null, elevator: '层', fire_camera: null, access_control: null, water_tank: '%', power_meter: 'kW' };

const keys = {
  devices: (place: string) => ['property', 'devices', place] as const,
  alerts: (place: string, status: string) => ['property', 'alerts', place, status] as const,
  rules: (place: string) => ['property', 'rules', place] as const,
  history: (id: string, hours: number) => ['property', 'history', id, hours] as const,
  invalid: (place: string) => ['property', 'invalid', place] as const,
};
export const PROPERTY_KEY = ['property'] as const;

export const useDevices = (place: string | null) =>
  useQuery({ queryKey: keys.devices(place ?? ''), queryFn: () => api<Device[]>(`/property/devices?placeCode=${place}`), enabled: !!place, refetchInterval: 15_000 });

export const useAlerts = (place: string | null, status = 'active') =>
  useQuery({ queryKey: keys.alerts(place ?? '', status), queryFn: () => api<Alert[]>(`/property/alerts?placeCode=${place}&status=${status}&limit=200`), enabled: !!place, refetchInterval: 15_000 });

export const useRules = (place: string | null) => useQuery({ queryKey: keys.rules(place ?? ''), queryFn: () => api<Rule[]>(`/property/rules?placeCode=${place}`), enabled: !!place });

export const useInvalidMessages = (place: string | null) =>
  useQuery({
    queryKey: keys.invalid(place ?? ''),
    queryFn: () => api<{ total: number; items: Array<{ id: number; receivedAt: string; source: string; topic: string | null; serial: string | null; reason: string; payload: string }> }>(`/property/invalid-messages?placeCode=${place}&limit=200`),
    enabled: !!place,
  });

export const useHistory = (id: string | null, hours: number) =>
  useQuery({
    queryKey: keys.history(id ?? '', hours),
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3600_000);
      return api<TelemetryResponse>(`/property/devices/${id}/telemetry?from=${from.toISOString()}&to=${to.toISOString()}&points=120`);
    },
    enabled: !!id,
  });

function useInvalidateAll() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: PROPERTY_KEY });
}

export function useAlertAction() {
  const done = useInvalidateAll();
  return useMutation({ mutationFn: ({ id, action }: { id: string; action: 'acknowledge' | 'resolve' }) => api<Alert>(`/property/alerts/${id}/${action}`, { method: 'POST' }), onSuccess: done });
}

export function useCreateDevice() {
  const done = useInvalidateAll();
  return useMutation({
    mutationFn: (body: CreateDeviceBody) => api<{ device: Device; webhookSecret: string }>('/property/devices', { method: 'POST', body, headers: { 'idempotency-key': `device-${body.serial}` } }),
    onSuccess: done,
  });
}

export function useSaveRule() {
  const done = useInvalidateAll();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: CreateRuleBody | UpdateRuleBody }) =>
      id ? api<Rule>(`/property/rules/${id}`, { method: 'PATCH', body }) : api<Rule>('/property/rules', { method: 'POST', body, headers: { 'idempotency-key': crypto.randomUUID() } }),
    onSuccess: done,
  });
}

export function useDeleteRule() {
  const done = useInvalidateAll();
  return useMutation({ mutationFn: (id: string) => api<{ ok: true }>(`/property/rules/${id}`, { method: 'DELETE' }), onSuccess: done });
}
