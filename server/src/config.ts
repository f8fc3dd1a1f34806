/** One validated configuration, read from the environment once at start. */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlHours: number;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  rateLimitPerMinute: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  bodyLimitBytes: number;
  dataKey: string | null;
  dataKeyFile: string;
  seedDemo: boolean;
  migrateOnStart: boolean;
  webDir: string;
  timezone: string;
  uploadsDir: string;
  escalationIntervalSeconds: number;
  mqttUrl: string | null;
  mqttTopicPrefix: string;
  mqttClientId: string;
  mqttConnections: number;
  propertyRetentionDays: number;
  propertySweepSeconds: number;
  /** Base map tiles ({z}/{x}/{y}, {s}, {key}); null draws maps from stored geometry only. */
  mapTileUrl: string | null;
  mapTileKey: string | null;
  mapTileCrs: 'wgs84' | 'gcj02';
  mapTileSubdomains: string;
  mapTileAttribution: string;
}

/** A bad setting: the message names the variable. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Builds the config from environment variables; throws ConfigError naming the first bad one. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  }
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const dataKey = env.LINLI_DATA_KEY?.trim() || null;
  if (dataKey && !/^[0-9a-fA-F]{64}$/.test(dataKey)) {
    throw new ConfigError('LINLI_DATA_KEY must be 64 hex characters (a 256-bit key)');
  }
  const dataDir = resolve(env.LINLI_DATA_DIR?.trim() || './data');
  const timezone = env.TZ_DISPLAY?.trim() || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ConfigError(`TZ_DISPLAY must be an IANA time zone, got "${timezone}"`);
  }
  const mqttUrl = env.MQTT_URL?.trim() || null;
  if (mqttUrl && !/^(mqtts?|wss?|tcp):\/\//.test(mqttUrl)) throw new ConfigError(`MQTT_URL must start with mqtt://, mqtts://, ws:// or wss://, got "${mqttUrl}"`);
  const mqttTopicPrefix = env.MQTT_TOPIC_PREFIX?.trim() || 'linli';
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(mqttTopicPrefix)) throw new ConfigError(`MQTT_TOPIC_PREFIX must be topic levels of letters, digits, - and _, got "${mqttTopicPrefix}"`);
  const mqttClientId = env.MQTT_CLIENT_ID?.trim() || 'linli-ingest';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(mqttClientId)) throw new ConfigError(`MQTT_CLIENT_ID must be 1 to 40 letters, digits, - or _, got "${mqttClientId}"`);
  return {
    mqttUrl,
    mqttTopicPrefix,
    mqttClientId,
    mqttConnections: int(env, 'MQTT_CONNECTIONS', 8, 1, 64),
    propertyRetentionDays: int(env, 'PROPERTY_RETENTION_DAYS', 90, 1, 3650),
    propertySweepSeconds: int(env, 'PROPERTY_SWEEP_SECONDS', 30, 0, 3600),
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir,
    databaseUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    logLevel,
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT', 30, 1, 100000),
    rateLimitPerMinute: int(env, 'RATE_LIMIT', 3000, 1, 10000000),
    lockoutThreshold: int(env, 'LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMinutes: int(env, 'LOCKOUT_MINUTES', 15, 1, 24 * 60),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    dataKey,
    dataKeyFile: resolve(env.LINLI_DATA_KEY_FILE?.trim() || resolve(dataDir, 'data.key')),
    seedDemo: bool(env, 'SEED_DEMO', true),
    migrateOnStart: bool(env, 'MIGRATE_ON_START', true),
    webDir: resolve(env.WEB_DIR?.trim() || 'web/dist'),
    timezone,
    uploadsDir: resolve(env.UPLOADS_DIR?.trim() || resolve(dataDir, 'uploads')),
    escalationIntervalSeconds: int(env, 'ESCALATION_INTERVAL_SECONDS', 60, 0, 86_400),
    ...mapTiles(env),
  };
}

/** The base map: a tile URL template over https (or http for a local server) and the coordinate system its tiles are drawn in. */
function mapTiles(env: Env) {
  const url = env.MAP_TILE_URL?.trim() || null;
  if (url) {
    let ok = /\{z\}/.test(url) && /\{x\}/.test(url) && /\{y\}/.test(url);
    try {
      ok &&= ['https:', 'http:'].includes(new URL(url.replaceAll('{s}', 'a').replace(/\{[a-z]+\}/g, '0')).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y}, got "${url}"`);
  }
  const crs = (env.MAP_TILE_CRS?.trim() || 'gcj02') as 'wgs84' | 'gcj02';
  if (crs !== 'wgs84' && crs !== 'gcj02') throw new ConfigError(`MAP_TILE_CRS must be wgs84 or gcj02, got "${env.MAP_TILE_CRS}"`);
  return {
    mapTileUrl: url,
    mapTileKey: env.MAP_TILE_KEY?.trim() || null,
    mapTileCrs: crs,
    mapTileSubdomains: env.MAP_TILE_SUBDOMAINS?.trim() || 'abc',
    mapTileAttribution: env.MAP_TILE_ATTRIBUTION?.trim() || '',
  };
}

/** The variables, for `--help` and the README table. */
export const CONFIG_VARIABLES: Array<[string, string, string]> = [
  ['PORT', '3000', 'HTTP port of the API and web app'],
  ['HOST', '0.0.0.0', 'Interface to listen on'],
  ['LINLI_DATA_DIR', './data', 'Data folder: embedded database, key file, uploads'],
  ['DATABASE_URL', '(unset)', 'postgres://… to use a PostgreSQL 15+ server instead of embedded PGlite'],
  ['DATABASE_POOL_SIZE', '10', 'Connections in the pool (PostgreSQL only)'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
  ['SESSION_TTL_HOURS', '12', 'How long a sign-in lasts'],
  ['COOKIE_SECURE', 'false', 'Send the session cookie over HTTPS only (set true behind TLS)'],
  ['LOGIN_RATE_LIMIT', '30', 'Login attempts per minute per client address'],
  ['RATE_LIMIT', '3000', 'Requests per minute per client address, all routes'],
  ['LOCKOUT_THRESHOLD', '5', 'Failed logins in a row before an account is locked'],
  ['LOCKOUT_MINUTES', '15', 'How long a locked account stays locked'],
  ['BODY_LIMIT_BYTES', '1048576', 'Largest accepted request body (413 beyond)'],
  ['LINLI_DATA_KEY', '(unset)', '64 hex chars: key for personal data at rest; else the key file is used'],
  ['LINLI_DATA_KEY_FILE', '<data dir>/data.key', 'Key file, created on first start when no key is given'],
  ['SEED_DEMO', 'true', 'Seed the demo city on first start of an empty database'],
  ['MIGRATE_ON_START', 'true', 'Apply pending migrations when the server starts'],
  ['WEB_DIR', 'web/dist', 'Built web app to serve'],
  ['TZ_DISPLAY', 'Asia/Shanghai', 'Time zone for dates shown and exported'],
  ['UPLOADS_DIR', '<data dir>/uploads', 'Where ticket photos are kept (served only through access checks)'],
  ['ESCALATION_INTERVAL_SECONDS', '60', 'How often overdue tickets are escalated to the next tier (0: only by `linli escalate --now`)'],
  ['MQTT_URL', '(unset)', 'mqtt://host:1883 of the broker devices publish to; `linli serve` consumes `<prefix>/<county>/<device-id>/<kind>` when set'],
  ['MQTT_TOPIC_PREFIX', 'linli', 'First topic level(s) of device topics'],
  ['MQTT_CLIENT_ID', 'linli-ingest', 'Client id of the consumer (persistent session; also its shared-subscription group)'],
  ['MQTT_CONNECTIONS', '8', 'Consumer connections sharing the subscription (messages are committed together, then acknowledged)'],
  ['PROPERTY_RETENTION_DAYS', '90', 'Days of device telemetry (day partitions; redeliveries are recognised by it) and invalid messages kept'],
  ['PROPERTY_SWEEP_SECONDS', '30', 'How often offline devices are detected, tickets of alerts retried and old telemetry dropped (0: off)'],
  ['MAP_TILE_URL', '(unset)', 'Base map tile template with {z} {x} {y}, optional {s} and {key} (e.g. 天地图); unset: maps draw grids and compounds from stored geometry only'],
  ['MAP_TILE_KEY', '(unset)', 'Key put in the tile URL for {key} (天地图 tk)'],
  ['MAP_TILE_CRS', 'gcj02', 'Coordinate system of the tiles: gcj02 (高德/腾讯) or wgs84 (天地图 CGCS2000, OSM); stored points are WGS-84 and converted'],
  ['MAP_TILE_SUBDOMAINS', 'abc', 'Letters or digits put in the tile URL for {s} (天地图: 01234567)'],
  ['MAP_TILE_ATTRIBUTION', '(unset)', 'Attribution shown on the map for the tiles'],
];
