/** The live page's stream: property events on the signed-in stream (notifications' SSE) refetch the property queries. */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { PROPERTY_KEY } from './property.api';

/** Opens /api/v1/stream while mounted; on a device or alert change under `place`, the property queries refetch. Returns whether the stream is open. */
export function usePropertyLive(place: string | null): boolean {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!place || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/stream', { withCredentials: true });
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onEvent = (e: MessageEvent<string>) => {
      try {
        const data = JSON.parse(e.data) as { placeCode?: string };
        if (data.placeCode && !data.placeCode.startsWith(place) && !place.startsWith(data.placeCode)) return;
      } catch {
        return;
      }
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void qc.invalidateQueries({ queryKey: PROPERTY_KEY });
      }, 200);
    };
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(false);
    source.addEventListener('property.alert', onEvent);
    source.addEventListener('property.device', onEvent);
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
      setOpen(false);
    };
  }, [place, qc]);
  return open;
}
