/**
 * The MQTT consumer: QoS 1 subscriptions on `<prefix>/+/+/+` over MQTT 5 with persistent sessions
 * (messages published while Linli is down wait at the broker for SESSION_EXPIRY_S). A message is
 * acknowledged to the broker only after the batch holding it has committed, so nothing acknowledged
 * is lost; a broker redelivery is dropped by message id.
 *
 * Batching: mqtt.js hands a connection's messages one at a time and sends the PUBACK when the handler
 * calls back, so acknowledging after commit would allow one message per connection per commit.
 * Instead the handler queues the message and lets mqtt.js read on without acknowledging (see
 * `deferAck`); the PUBACKs are written once the batch has committed, each connection's in one write
 * and on the same connection only (after a reconnect the broker redelivers, and the redelivery is a
 * duplicate). How many messages a
 * connection may hold unacknowledged is its MQTT 5 Receive Maximum (the broker stops sending at that
 * window: flow control), and several connections share the subscription ($share). Their messages go
 * into lanes by device (a device always into the same lane); each lane commits a batch at a time
 * (the first message waits at most `lingerMs` for company, a full batch goes at once, what arrives
 * during a commit forms the next batch) and the lanes commit side by side.
 * A broker that is down or goes away is retried with backoff; the app runs on and /api/ready says so.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Db } from '../../platform/db.js';
import type { IngestionStatus } from '../../../../contracts/property.js';
import { ingestorFor, stripeOf, type Incoming, type Ingestor } from './property-ingest.js';
import { isDeviceKind, parsePayload, parseTopic } from './property-payloads.js';

export interface ConsumerOptions {
  url: string;
  topicPrefix: string;
  clientId: string;
  /** Connections sharing the subscription (more connections, bigger batches). */
  connections: number;
  /** Largest batch a lane commits at once (default 2,000). */
  maxBatch?: number;
  /** Batches committed side by side (default 2; PGlite, one connection, takes them in turn). */
  lanes?: number;
  /** Messages a connection may hold unacknowledged (its MQTT 5 Receive Maximum; default 1,000). */
  receiveMaximum?: number;
  /** How long the first message of a batch waits for more (default 5 ms). */
  lingerMs?: number;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

export interface Consumer {
  status(): IngestionStatus;
  /** Resolves when every connection has its subscription (or rejects after `ms`). */
  ready(ms?: number): Promise<void>;
  stop(): Promise<void>;
  readonly ingestor: Ingestor;
}

/**
 * A lane commits one batch at a time; lanes commit side by side (each on its own database
 * connection). A device's messages always go through the same lane, and lanes are unions of
 * ingestion stripes (`stripeOf`), so lanes never wait on each other's locks.
 */
interface Lane {
  queue: Pending[];
  flushing: boolean;
  timer: NodeJS.Timeout | null;
  retryMs: number;
}

/** A connection of the consumer; `session` counts its connects (a PUBACK is only written on the session its message came by). */
interface Connection {
  client: MqttClient;
  session: number;
  /** Packet ids of this batch's messages to acknowledge on it (filled and written after a commit). */
  acks: number[];
}

interface Pending {
  item: Incoming;
  conn: Connection;
  session: number;
  /** The QoS 1 packet id to acknowledge after the commit; -1 for QoS 0. */
  messageId: number;
}

const BACKOFF_MIN = 500;
const BACKOFF_MAX = 30_000;
/** How long the broker keeps a session (and its queued messages) while Linli is away: a week. */
export const SESSION_EXPIRY_S = 7 * 86_400;

/**
 * Given to mqtt.js's handleMessage callback: it then goes on to the next packet without sending the
 * PUBACK (mqtt.js 5: handlePublish passes a callback error to its work loop's `done`, which takes no
 * argument), and `acknowledge` writes it after the commit (`writePubacks`). A test pins this behaviour.
 */
const deferAck = new Error('acknowledged after the batch commits');

/**
 * Acknowledges QoS 1 messages of one connection in one socket write: MQTT 5 PUBACKs with reason
 * Success and no properties, whose remaining length is 2 (the packet id), four bytes each. Written to
 * the connection's stream directly: through mqtt.js each PUBACK would be a write (and a system call)
 * of its own and a re-armed keepalive timer, per message. mqtt.js writes each packet whole and
 * synchronously, so these bytes never land inside one of its packets.
 */
export function writePubacks(client: MqttClient, messageIds: number[]) {
  if (!messageIds.length || !client.connected) return;
  const out = Buffer.allocUnsafe(messageIds.length * 4);
  for (let i = 0; i < messageIds.length; i++) {
    out[i * 4] = 0x40;
    out[i * 4 + 1] = 2;
    out.writeUInt16BE(messageIds[i], i * 4 + 2);
  }
  client.stream.write(out);
}

/** mqtt.js logs through `debug` on every packet (a call and an arguments array each even when off); kept only when DEBUG asks for it. */
const mqttLog = process.env.DEBUG ? undefined : () => undefined;

/** Starts consuming. Never throws for a broker that is down: it keeps trying. */
export function startConsumer(db: Db, o: ConsumerOptions): Consumer {
  const log = o.log ?? { info: () => undefined, warn: () => undefined, error: () => undefined };
  const ingestor = ingestorFor(db, (e, what) => log.error({ err: e }, what));
  const maxBatch = o.maxBatch ?? 2000;
  const lingerMs = o.lingerMs ?? 5;
  const lanes: Lane[] = Array.from({ length: Math.max(1, o.lanes ?? 2) }, () => ({ queue: [], flushing: false, timer: null, retryMs: 0 }));
  let stopped = false;
  let lastError: string | null = null;
  const subscribed = new Set<number>();
  const clients: MqttClient[] = [];
  const topic = `${o.topicPrefix}/+/+/+`;
  const filter = o.connections > 1 ? `$share/${o.clientId}/${topic}` : topic;

  /** A device's messages always take the same lane, and two lanes never share an ingestion stripe. */
  const laneOf = (serial: string) => lanes[stripeOf(serial) % lanes.length];

  /** Called for each message queued: a full batch goes now, otherwise the first waits `lingerMs`. */
  function schedule(lane: Lane) {
    if (lane.flushing || stopped) return;
    if (lane.queue.length >= maxBatch || lingerMs <= 0) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      void flush(lane);
    } else if (!lane.timer) lane.timer = setTimeout(() => void flush(lane), lingerMs);
  }

  async function flush(lane: Lane) {
    lane.timer = null;
    if (lane.flushing || !lane.queue.length) return;
    lane.flushing = true;
    const batch = lane.queue.splice(0, maxBatch);
    try {
      await ingestor.ingest(batch.map((p) => p.item));
      lane.retryMs = 0;
      acknowledge(batch);
    } catch (e) {
      // The database failed (not the message: bad messages are stored, not thrown). Keep the batch
      // unacknowledged and try again; the broker keeps it meanwhile.
      lastError = `ingest: ${(e as Error).message}`;
      log.error({ err: e }, 'device messages could not be stored; retrying');
      lane.retryMs = Math.min(BACKOFF_MAX, Math.max(BACKOFF_MIN, lane.retryMs * 2));
      lane.queue.unshift(...batch);
      await new Promise((r) => setTimeout(r, lane.retryMs));
    } finally {
      lane.flushing = false;
    }
    // What arrived during the commit has waited long enough: it goes at once.
    if (lane.queue.length && !stopped) void flush(lane);
  }

  /** After a commit: each connection's PUBACKs in one write, for the messages that came by its current session. */
  function acknowledge(batch: Pending[]) {
    const conns = new Set<Connection>();
    for (const p of batch) {
      if (p.messageId < 0 || p.session !== p.conn.session) continue;
      p.conn.acks.push(p.messageId);
      conns.add(p.conn);
    }
    for (const c of conns) {
      writePubacks(c.client, c.acks);
      c.acks.length = 0;
    }
  }

  for (let n = 0; n < o.connections; n++) {
    let backoff = BACKOFF_MIN;
    const client = mqtt.connect(o.url, {
      clientId: o.connections > 1 ? `${o.clientId}-${n}` : o.clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S, receiveMaximum: o.receiveMaximum ?? 1000 },
      reconnectPeriod: BACKOFF_MIN,
      connectTimeout: 5_000,
      keepalive: 30,
      log: mqttLog,
    });
    const conn: Connection = { client, session: 0, acks: [] };
    client.handleMessage = (packet, callback) => {
      const parts = parseTopic(o.topicPrefix, packet.topic);
      const payload = packet.payload as Buffer;
      const item: Incoming = {
        source: 'mqtt',
        topic: packet.topic.slice(0, 300),
        serial: parts?.serial ?? '?',
        kind: parts?.kind ?? null,
        county: parts?.county ?? null,
        payload,
        // Read now, while earlier batches commit: the batch then only checks it against its device.
        parsed: parts && isDeviceKind(parts.kind) ? parsePayload(parts.kind, payload) : undefined,
      };
      if (!parts) item.kind = `(bad topic)`;
      const lane = laneOf(item.serial);
      lane.queue.push({ item, conn, session: conn.session, messageId: packet.qos === 1 && packet.messageId !== undefined ? packet.messageId : -1 });
      callback(deferAck);
      schedule(lane);
    };
    client.on('connect', (ack) => {
      conn.session++;
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
      for (const lane of lanes) if (lane.timer) clearTimeout(lane.timer);
      while (lanes.some((l) => l.flushing)) await new Promise((r) => setTimeout(r, 10));
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await ingestor.settled();
    },
  };
}
