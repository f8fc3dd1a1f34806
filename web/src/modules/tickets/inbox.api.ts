/** 消息: my inbox (unread count for the bell), mark one or all read. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification } from '../../../../contracts/notifications';
import { api } from '../../api';

export type { Notification };
export const INBOX_KEY = ['inbox'] as const;

export function useInbox() {
  return useQuery({
    queryKey: INBOX_KEY,
    queryFn: () => api<{ unread: number; items: Notification[] }>('/inbox?limit=30'),
    staleTime: 30_000,
    // The stream refreshes it on events; this catches a stream that was down for a while.
    refetchInterval: 120_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') => (id === 'all' ? api('/inbox/read-all', { method: 'POST', body: {} }) : api(`/inbox/${id}/read`, { method: 'POST', body: {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}
