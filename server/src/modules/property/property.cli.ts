/** `linli simulate devices`: realistic device traffic to the broker, for demos and benchmarks. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { rows } from '../../platform/db.js';
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';
import type { DeviceKind } from '../../../../contracts/property.js';
import { demoDevicesOf } from './property-seed.js';
import { INCIDENTS, simulateDevices, type Incident, type SimDevice } from './property-simulate.js';

/** The compound's devices from the database; when it cannot be opened (PGlite held by a running server), the demo seed's devices of that compound. */
async function devicesOf(compound: string): Promise<{ devices: SimDevice[]; from: string }> {
  const config = loadConfig();
  const demo = () => demoDevicesOf(compound).map((d) => ({ serial: d.serial, kind: d.kind, countyCode: compound.slice(0, 6) }));
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pgdata'))) return { devices: demo(), from: 'the demo set (no database here)' };
  try {
    const list = await withDatabase(({ database }) =>
      rows<{ serial: string; kind: DeviceKind; county_code: string }>(database.db, sql`SELECT serial, kind, county_code FROM devices WHERE compound_code = ${compound} AND enabled ORDER BY serial`),
    );
    return { devices: list.map((d) => ({ serial: d.serial, kind: d.kind, countyCode: d.county_code })), from: 'the database' };
  } catch (e) {
    return { devices: demo(), from: `the demo set (database not opened: ${(e as Error).message.split('\n')[0]})` };
  }
}

export const propertyCommands: Record<string, Command> = {
  simulate: {
    usage:
      'linli simulate devices --compound <code> --rate <msg/s> [--seconds <n>] [--incident water_leak|smoke|elevator|fire_lane|water_tank] [--incident-at <s>] [--incident-for <s>] [--url <mqtt://…>]\n' +
      '  Publish realistic traffic of the compound’s devices to the MQTT broker (MQTT_URL, or --url) on\n' +
      '  <MQTT_TOPIC_PREFIX>/<county>/<device-id>/<kind> at QoS 1, for --seconds (default 60). An incident\n' +
      '  makes one device of that kind report trouble from --incident-at (default 3 s) for --incident-for\n' +
      '  (default 10 s), then normal again: the alert opens, its ticket opens, and the alert resolves.',
    options: { compound: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' }, incident: { type: 'string' }, 'incident-at': { type: 'string' }, 'incident-for': { type: 'string' }, url: { type: 'string' } },
    positionals: true,
    run: async (v, positionals) => {
      if (positionals[0] !== 'devices' || positionals.length !== 1) throw new UsageError('what? only "simulate devices"');
      const compound = String(v.compound ?? '');
      if (!/^\d{15}$/.test(compound)) throw new UsageError('--compound must be a compound code (15 digits)');
      const num = (name: string, def: number, min: number, max: number) => {
        const raw = v[name];
        if (raw === undefined) return def;
        const n = Number(raw);
        if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${raw}"`);
        return n;
      };
      const rate = num('rate', NaN, 0.1, 100_000);
      if (Number.isNaN(rate)) throw new UsageError('--rate is required (messages per second)');
      const seconds = num('seconds', 60, 1, 86_400);
      const incident = v.incident as string | undefined;
      if (incident !== undefined && !(incident in INCIDENTS)) throw new UsageError(`--incident must be one of ${Object.keys(INCIDENTS).join(', ')}`);
      const config = loadConfig();
      const url = (v.url as string | undefined) ?? config.mqttUrl;
      if (!url) throw new UsageError('no broker: set MQTT_URL or give --url');
      const { devices, from } = await devicesOf(compound);
      if (!devices.length) {
        console.error(`linli simulate: compound ${compound} has no devices`);
        return 1;
      }
      console.log(`simulating ${devices.length} devices of ${compound} (from ${from}) at ${rate} msg/s for ${seconds} s → ${url} ${config.mqttTopicPrefix}/…`);
      let last = 0;
      const stats = await simulateDevices({
        url,
        topicPrefix: config.mqttTopicPrefix,
        devices,
        rate,
        seconds,
        incident: incident as Incident | undefined,
        incidentAt: num('incident-at', 3, 0, 86_400),
        incidentFor: num('incident-for', 10, 1, 86_400),
        onTick: (s) => {
          if (s.elapsedMs - last >= 1000 && process.stderr.isTTY) {
            last = s.elapsedMs;
            process.stderr.write(`\r${(s.elapsedMs / 1000).toFixed(0)} s  sent ${s.sent}  acknowledged ${s.acked}`);
          }
        },
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`sent ${stats.sent}, acknowledged by the broker ${stats.acked}, failed ${stats.failed}, in ${(stats.elapsedMs / 1000).toFixed(1)} s (${(stats.acked / (stats.elapsedMs / 1000)).toFixed(0)} msg/s)`);
      return stats.failed ? 1 : 0;
    },
  },
};
