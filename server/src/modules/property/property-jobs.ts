/** What `linli serve` runs for smart property: the MQTT consumer (when MQTT_URL is set) and the sweep (offline devices, pending tickets, retention). */
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db.js';
import { addReadinessComponent } from '../../platform/health.js';
import { detectOffline, openPendingTickets, releaseTicketClaims } from './property-alerts.service.js';
import { startConsumer, type Consumer } from './property-mqtt.js';
import { applyRetention, ensurePartitions } from './property-telemetry.js';

type Log = { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };

/** One sweep: partitions ahead, offline detection, tickets not yet opened, retention. */
export async function sweepProperty(database: Database, config: Pick<Config, 'propertyRetentionDays'>, now = new Date()) {
  const db = database.db;
  await ensurePartitions(db, now);
  const offline = await detectOffline(db, now);
  const tickets = await openPendingTickets(db);
  const { dropped } = await applyRetention(db, config.propertyRetentionDays, now);
  return { offline, tickets, dropped };
}

export async function startProperty(database: Database, config: Config, log: Log): Promise<{ consumer: Consumer | null; stop(): Promise<void> }> {
  await releaseTicketClaims(database.db);
  await ensurePartitions(database.db);
  let consumer: Consumer | null = null;
  if (config.mqttUrl) {
    consumer = startConsumer(database.db, { url: config.mqttUrl, topicPrefix: config.mqttTopicPrefix, clientId: config.mqttClientId, connections: config.mqttConnections, log });
    const c = consumer;
    addReadinessComponent(database, 'mqtt', () => c.status());
  } else addReadinessComponent(database, 'mqtt', () => ({ state: 'disabled' }));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  if (config.propertySweepSeconds > 0) {
    timer = setInterval(() => {
      if (running) return;
      running = sweepProperty(database, config)
        .catch((e) => log.error({ err: e }, 'property sweep failed'))
        .finally(() => (running = null));
    }, config.propertySweepSeconds * 1000);
    timer.unref();
  }
  return {
    consumer,
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
      await consumer?.stop();
    },
  };
}
