/**
 * The big screen's live feed: an EventSource on /api/v1/stream that keeps the latest events in a
 * bounded list and comes back by itself. The browser retries a dropped stream on its own (the server
 * says `retry: 3000`), but gives up for good when a reconnect is answered with an error (a proxy's 502
 * while the server restarts): then we open a new one, backing off from 2 s to 30 s.
 */
import { useEffect, useRef, useState } from 'react';

export interface FeedItem {
  key: string;
  type: string;
  number: string;
  title: string;
  status: string;
  placeCode: string;
  at: string;
}

export const FEED_SIZE = 30;
const TYPES = ['ticket.created', 'ticket.changed', 'ticket.escalated'];
/** Smart-property events: not feed rows, they only tell the alert panel to refetch. */
const PROPERTY_TYPES = ['property.alert', 'property.device'];

export function useLiveFeed(onEvent?: () => void, onProperty?: () => void) {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [online, setOnline] = useState(false);
  const tick = useRef(onEvent);
  tick.current = onEvent;
  const propertyTick = useRef(onProperty);
  propertyTick.current = onProperty;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let delay = 2000;
    let seq = 0;
    let stopped = false;
    const onMessage = (e: MessageEvent) => {
      let data: Partial<FeedItem> & { type?: string };
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const item: FeedItem = { key: `${++seq}`, type: e.type, number: data.number ?? '', title: data.title ?? '', status: data.status ?? '', placeCode: data.placeCode ?? '', at: data.at ?? new Date().toISOString() };
      // Only the newest FEED_SIZE stay: an hour of 10 a second must not grow the page.
      setItems((old) => [item, ...old.slice(0, FEED_SIZE - 1)]);
      tick.current?.();
    };
    const onProperty = () => propertyTick.current?.();
    const open = () => {
      if (stopped) return;
      source = new EventSource('/api/v1/stream', { withCredentials: true });
      source.onopen = () => {
        delay = 2000;
        setOnline(true);
        // Whatever happened while we were away: let the panels refetch.
        tick.current?.();
        propertyTick.current?.();
      };
      source.onerror = () => {
        setOnline(false);
        if (source?.readyState === EventSource.CLOSED) {
          for (const t of TYPES) source.removeEventListener(t, onMessage as EventListener);
          for (const t of PROPERTY_TYPES) source.removeEventListener(t, onProperty);
          source = null;
          retry = setTimeout(open, delay);
          delay = Math.min(delay * 2, 30_000);
        }
      };
      for (const t of TYPES) source.addEventListener(t, onMessage as EventListener);
      for (const t of PROPERTY_TYPES) source.addEventListener(t, onProperty);
    };
    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (source) {
        for (const t of TYPES) source.removeEventListener(t, onMessage as EventListener);
        for (const t of PROPERTY_TYPES) source.removeEventListener(t, onProperty);
        source.close();
      }
    };
  }, []);

  return { items, online };
}
