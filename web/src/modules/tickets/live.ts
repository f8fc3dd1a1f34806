/** Live pages: server-sent events invalidate the queries they touch (EventSource reconnects by itself). */
import { useEffect } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';

/** Opens `path` (an SSE endpoint under /api/v1) while mounted; on each ticket event the given queries refetch. */
export function useLiveInvalidation(path: string, keys: readonly QueryKey[], enabled = true): void {
  const qc = useQueryClient();
  const signature = JSON.stringify(keys);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1${path}`, { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A burst of events (an escalation sweep) refetches once.
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        for (const key of JSON.parse(signature) as QueryKey[]) void qc.invalidateQueries({ queryKey: key });
      }, 300);
    };
    const types = ['ticket.created', 'ticket.changed', 'ticket.escalated', 'inbox.new', 'message'];
    for (const type of types) source.addEventListener(type, refresh);
    return () => {
      for (const type of types) source.removeEventListener(type, refresh);
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, [path, signature, enabled, qc]);
}
