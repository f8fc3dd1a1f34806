/** The `linli` command line: serve, migrate, seed, create-user, and the modules' commands. */
import { parseArgs } from 'node:util';
import { CONFIG_VARIABLES, ConfigError } from './config.js';
import { migrate } from './platform/migrate.js';
import { progressBar } from './platform/progress.js';
import { cipherFor, ensureMigrated, openForCommand as open, UsageError, withDatabase, type Command } from './platform/cli.js';
import { ROLES, type Role } from '../../contracts/roles.js';
import { registryCommands } from './modules/registry/registry.cli.js';
import { partyCommands } from './modules/party/party.cli.js';
import { rotateKeyCommand } from './modules/registry/registry.rotate-key.js';
import { ticketsCommands } from './modules/tickets/tickets.cli.js';
import { propertyCommands } from './modules/property/property.cli.js';
import { escalateCommand, startEscalation } from './modules/tickets/ticket-escalation.js';
import { remindCommand } from './modules/member-service/reminder-jobs.js';
import { rollupsCommand, startRollups } from './modules/supervision/rollups.jobs.js';
import { open311Commands } from './modules/open311/open311.cli.js';

const CORE_COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'linli serve\n  Start the web app and API on PORT (default 3000). Applies migrations and seeds the demo city on first start.',
    options: {},
    run: () => serve(),
  },
  migrate: {
    usage: 'linli migrate\n  Apply pending database migrations and exit.',
    options: {},
    run: async () => {
      const { database } = await open();
      try {
        const applied = await migrate(database);
        console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database schema is current');
      } finally {
        await database.close();
      }
    },
  },
  seed: {
    usage:
      'linli seed [--scale small|city]\n  Seed the demo city into an empty database: small (the default) is a few communities;\n  city is all of Shuozhou, ~1.6 million synthetic residents (minutes; use PostgreSQL).',
    options: { scale: { type: 'string', default: 'small' } },
    run: async (v) => {
      if (v.scale !== 'small' && v.scale !== 'city') throw new UsageError(`--scale must be small or city, got "${v.scale}"`);
      if (v.scale === 'city') {
        return withDatabase(async ({ database, config }) => {
          const { seedCityScale } = await import('./seed/city-scale.js');
          const started = Date.now();
          const counts = await seedCityScale(database.db, cipherFor(config), { onProgress: progressBar('seed city') });
          console.log(`city seeded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
        }, true);
      }
      await withDatabase(async ({ database, config }) => {
        const { seedDemoCity } = await import('./seed/demo-city.js');
        const { seeded, codes } = await seedDemoCity(database.db, cipherFor(config), progressBar('seed'));
        if (seeded) await (await import('./seed/governance-demo.js')).seedGovernanceDemo(database.db, codes);
        console.log(seeded ? 'demo city seeded' : 'the database already has places; nothing seeded');
      }, true);
    },
  },
  'create-user': {
    usage:
      'linli create-user --username <name> --password <password> --role <role> --scope <code> [--display-name <name>] [--scope-kind place|grid]\n' +
      `  Create an account with one role on a node. Roles: ${ROLES.join(', ')}.`,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      'display-name': { type: 'string' },
      'scope-kind': { type: 'string' },
    },
    run: async (v) => {
      for (const k of ['username', 'password', 'role', 'scope']) if (!v[k]) throw new UsageError(`--${k} is required`);
      if (!ROLES.includes(v.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      if (String(v.password).length < 8) throw new UsageError('--password must have at least 8 characters');
      const scopeKind = (v['scope-kind'] as string | undefined) ?? (v.role === 'grid_worker' ? 'grid' : 'place');
      if (scopeKind !== 'place' && scopeKind !== 'grid') throw new UsageError('--scope-kind must be place or grid');
      await withDatabase(async ({ database }) => {
        const { createUserWithGrants } = await import('./modules/identity/identity.service.js');
        const user = await createUserWithGrants(database.db, {
          username: String(v.username),
          displayName: String(v['display-name'] ?? v.username),
          password: String(v.password),
          grants: [{ role: v.role as Role, scopeKind, scopeCode: String(v.scope) }],
        });
        console.log(`created user ${user.username} (${user.id}) as ${v.role} on ${v.scope}`);
      });
    },
  },
};

/** Module commands join the core ones here. */
const COMMANDS: Record<string, Command> = { ...CORE_COMMANDS, ...propertyCommands, ...registryCommands, ...partyCommands, ...ticketsCommands, ...open311Commands, escalate: escalateCommand, remind: remindCommand, rollups: rollupsCommand, 'rotate-key': rotateKeyCommand };

function mainUsage() {
  return [
    'usage: linli <command> [options]',
    '',
    'commands:',
    ...Object.values(COMMANDS).map((c) => '  ' + c.usage.split('\n')[0]),
    '',
    'Run `linli <command> --help` for details. Configuration comes from environment variables:',
    ...CONFIG_VARIABLES.map(([k, d, what]) => `  ${k.padEnd(20)} ${what} (default ${d})`),
  ].join('\n');
}

async function serve(): Promise<number | void> {
  const started = Date.now();
  const { config, database } = await open();
  let closing = false;
  try {
    await ensureMigrated(database, config.migrateOnStart);
    const cipher = cipherFor(config);
    const { seedDemoCity, DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('./seed/demo-city.js');
    if (config.seedDemo) {
      const { seeded, codes } = await seedDemoCity(database.db, cipher, progressBar('首次启动，生成演示城市 seeding demo city'));
      if (seeded) await (await import('./seed/governance-demo.js')).seedGovernanceDemo(database.db, codes);
      if (seeded) console.log('demo city seeded');
    }
    const { failInterruptedImports } = await import('./modules/registry/import/import.service.js');
    await failInterruptedImports(database.db);
    // Every installation needs the ticket categories and this year's holidays, demo or not.
    const { seedTicketCategories } = await import('./modules/tickets/ticket-categories.service.js');
    const { seedUnseededHolidayYears } = await import('./modules/tickets/ticket-config.service.js');
    await seedTicketCategories(database.db);
    await seedUnseededHolidayYears(database.db);
    const { buildApp } = await import('./app.js');
    const app = await buildApp({ config, database, cipher });
    app.addHook('onClose', (await startEscalation(database, config, app.log)).stop);
    app.addHook('onClose', (await startRollups(database, app.log)).stop);
    const { startProperty } = await import('./modules/property/property-jobs.js');
    app.addHook('onClose', (await startProperty(database, config, app.log)).stop);
    const { startReminders } = await import('./modules/member-service/reminder-jobs.js');
    app.addHook('onClose', (await startReminders(database, app.log)).stop);
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    const address = await app.listen({ port: config.port, host: config.host });
    const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    const { rows } = await import('./platform/db.js');
    const { sql } = await import('drizzle-orm');
    const demo = await rows<{ key: string }>(database.db, sql`SELECT key FROM app_meta WHERE key = 'demo_seeded_at'`);
    const lines = [
      '',
      `Linli 邻里 is ready at ${url}  (${database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `API docs: ${url}/api/docs`,
    ];
    if (demo.length) {
      lines.push(`Demo accounts (password ${DEMO_PASSWORD}):`);
      for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.username.padEnd(11)} ${a.role.padEnd(17)} ${a.displayName}`);
    }
    console.log(lines.join('\n') + '\n');
  } catch (e) {
    await database.close().catch(() => undefined);
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainUsage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`linli: unknown command "${name}"\n\n${mainUsage()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: !!command.positionals, strict: true });
    if (values.help) {
      console.log(command.usage);
      return 0;
    }
    return (await command.run(values as Record<string, string | boolean | undefined>, positionals)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`linli ${name}: ${(e as Error).message}\n\nusage: ${command.usage}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      console.error(`linli: configuration error: ${e.message}`);
      return 1;
    }
    console.error(`linli ${name}: ${(e as Error).message}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// serve keeps running; other commands exit with their code.
if (process.argv[2] !== 'serve' || code !== 0) process.exit(code);
