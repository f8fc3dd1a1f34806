/**
 * The MQTT consumer: QoS 1 subscriptions on `<prefix>/+/+/+` with persistent sessions (messages
 * published while Linli is down wait at the broker). A message is acknowledged to the broker only
 * after the batch holding it has committed, so nothing acknowledged is lost; a broker redelivery is
 * dropped by message id. mqtt.js hands one message at a time per connection, so several connections
 * share the subscription ($share) and their messages are committed together (group commit).
 * A broker that is down or goes away is retried with backoff; the app runs on and /api/ready says so.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Db } from '../../platform/db.js';
import type { IngestionStatus } from '../../../../contracts/property.js';
import { ingestorFor, type Incoming, type Ingestor } from './property-ingest.js';
import { parseTopic } from './property-payloads.js';

export interface ConsumerOptions {
  url: string;
  topicPrefix: string;
  clientId: string;
  /** Connections sharing the subscription (more connections, bigger batches). */
  connections: number;
  /** Largest batch committed at once. */
  maxBatch?: number;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

export interface Consumer {
  status(): IngestionStatus;
  /** Resolves when every connection has its subscription (or rejects after `ms`). */
  ready(ms?: number): Promise<void>;
  stop(): Promise<void>;
  readonly ingestor: Ingestor;
}

interface Pending {
  item: Incoming;
  done: (e?: Error) => void;
}

const BACKOFF_MIN = 500;
const BACKOFF_MAX = 30_000;

/** Starts consuming. Never throws for a broker that is down: it keeps trying. */
export function startConsumer(db: Db, o: ConsumerOptions): Consumer {
  const log = o.log ?? { info: () => undefined, warn: () => undefined, error: () => undefined };
  const ingestor = ingestorFor(db, (e, what) => log.error({ err: e }, what));
  const maxBatch = o.maxBatch ?? 1000;
  const queue: Pending[] = [];
  let flushing = false;
  let stopped = false;
  let lastError: string | null = null;
  const subscribed = new Set<number>();
  const clients: MqttClient[] = [];
  const topic = `${o.topicPrefix}/+/+/+`;
  const filter = o.connections > 1 ? `$share/${o.clientId}/${topic}` : topic;
  let retryMs = 0;

  async function flush() {
    if (flushing || !queue.length) return;
    flushing = true;
    const batch = queue.splice(0, maxBatch);
    try {
      await ingestor.ingest(batch.map((p) => p.item));
      retryMs = 0;
      for (const p of batch) p.done();
    } catch (e) {
      // The database failed (not the message: bad messages are stored, not thrown). Keep the batch
      // unacknowledged and try again; the broker keeps it meanwhile.
      lastError = `ingest: ${(e as Error).message}`;
      log.error({ err: e }, 'device messages could not be stored; retrying');
      retryMs = Math.min(BACKOFF_MAX, Math.max(BACKOFF_MIN, retryMs * 2));
      queue.unshift(...batch);
      await new Promise((r) => setTimeout(r, retryMs));
    } finally {
      flushing = false;
    }
    if (queue.length && !stopped) void flush();
  }

  for (let n = 0; n < o.connections; n++) {
    let backoff = BACKOFF_MIN;
    const client = mqtt.connect(o.url, {
      clientId: o.connections > 1 ? `${o.clientId}-${n}` : o.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: BACKOFF_MIN,
      connectTimeout: 5_000,
      keepalive: 30,
    });
    client.handleMessage = (packet, callback) => {
      const parts = parseTopic(o.topicPrefix, packet.topic);
      const item: Incoming = {
        source: 'mqtt',
        topic: packet.topic.slice(0, 300),
        serial: parts?.serial ?? '?',
        kind: parts?.kind ?? null,
        county: parts?.county ?? null,
        payload: packet.payload as Buffer,
      };
      if (!parts) item.kind = `(bad topic)`;
      queue.push({ item, done: (e) => callback(e) });
      void flush();
    };
    client.on('connect', (ack) => {
      backoff = BACKOFF_MIN;
      client.options.reconnectPeriod = BACKOFF_MIN;
      lastError = null;
      if (ack.sessionPresent && subscribed.has(n)) return;
      client.subscribe(filter, { qos: 1 }, (err) => {
        if (err) lastError = `subscribe: ${err.message}`;
        else subscribed.add(n);
      });
    });
    client.on('error', (e) => {
      lastError = e.message;
    });
    client.on('offline', () => {
      // Exponential backoff between attempts while the broker stays away.
      backoff = Math.min(BACKOFF_MAX, backoff * 2);
      client.options.reconnectPeriod = backoff;
      if (n === 0) log.warn({ url: o.url, retryInMs: backoff, err: lastError }, 'MQTT broker unreachable; retrying');
    });
    clients.push(client);
  }

  const state = () => {
    if (stopped) return 'stopped';
    const up = clients.filter((c) => c.connected).length;
    if (up === clients.length && subscribed.size === clients.length) return 'connected';
    return up ? 'degraded' : subscribed.size ? 'reconnecting' : 'connecting';
  };
  return {
    ingestor,
    status: () => ({ state: state(), url: o.url.replace(/\/\/[^@/]*@/, '//***@'), lastError, received: ingestor.counters.received, processed: ingestor.counters.processed, duplicates: ingestor.counters.duplicates, invalid: ingestor.counters.invalid }),
    ready: async (ms = 10_000) => {
      const until = Date.now() + ms;
      while (state() !== 'connected') {
        if (Date.now() > until) throw new Error(`MQTT consumer not connected: ${lastError ?? state()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: async () => {
      stopped = true;
      while (flushing) await new Promise((r) => setTimeout(r, 10));
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await ingestor.settled();
    },
  };
}
