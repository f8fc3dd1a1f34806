/**
 * Reminders on a schedule: every day at 09:00 Asia/Shanghai `linli serve` sends
 * - 在职党员服务: members behind their annual target, once a month each (`sendScheduledServiceReminders`);
 * - 流动党员: cadres, of their members whose contact is overdue, once a week each (`sendScheduledMobileReminders`).
 * Operators send them now with `linli remind service|mobile|all`.
 *
 * Once per period, with any number of server processes and operators on one database: pg-boss's cron
 * (one job per schedule minute, cluster-wide) on a singleton queue (one run active at a time) starts
 * a run; a process that starts after 09:00 runs one at once (a missed morning is caught up). Whatever
 * runs, the runs claim (period, member) rows before writing the inbox, in the same transaction, so a
 * second run — another process, a rerun, a retried job — finds them claimed and sends nothing again.
 */
import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db.js';
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';
import { bossDb } from '../tickets/ticket-escalation.js';

export const REMINDER_QUEUE = 'daily-reminders';
/** Every day at 09:00 in Shanghai. */
export const REMINDER_CRON = '0 9 * * *';
export const REMINDER_TZ = 'Asia/Shanghai';
export const REMINDER_KINDS = ['service', 'mobile'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export async function sendReminders(database: Database, kinds: readonly ReminderKind[] = REMINDER_KINDS, now = new Date()) {
  // Loaded when first needed (the services import much; the CLI's help should not).
  const { sendScheduledServiceReminders } = await import('./member-service.service.js');
  const { sendScheduledMobileReminders } = await import('../mobile-members/mobile-members.service.js');
  return {
    service: kinds.includes('service') ? await sendScheduledServiceReminders(database.db, now) : null,
    mobile: kinds.includes('mobile') ? await sendScheduledMobileReminders(database.db, now) : null,
  };
}

/** The Shanghai hour of an instant. */
const shanghaiHour = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCHours();

export interface ReminderScheduler {
  /** Runs the reminders now, through the queue (still one run at a time cluster-wide). */
  trigger(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the daily reminders on pg-boss (cron in Asia/Shanghai); after 09:00 also one run at start. */
export async function startReminders(database: Database, log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>, opts: { catchUp?: boolean; now?: () => Date } = {}): Promise<ReminderScheduler> {
  const boss = new PgBoss({ db: bossDb(database), schedule: true, supervise: true, maintenanceIntervalSeconds: 300, archiveCompletedAfterSeconds: 3600, deleteAfterDays: 7 });
  boss.on('error', (err) => log.error({ err }, 'reminder queue error'));
  await boss.start();
  await boss.createQueue(REMINDER_QUEUE, { name: REMINDER_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 300, expireInSeconds: 30 * 60 });
  await boss.schedule(REMINDER_QUEUE, REMINDER_CRON, {}, { tz: REMINDER_TZ });
  const workerId = await boss.work(REMINDER_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const r = await sendReminders(database, REMINDER_KINDS, opts.now?.() ?? new Date());
    log.info(r, `reminders: ${r.service?.sent ?? 0} service member(s), ${r.mobile?.reminded ?? 0} overdue mobile member(s) to ${r.mobile?.cadres ?? 0} cadre(s)`);
    return r;
  });
  const trigger = async () => {
    await boss.send(REMINDER_QUEUE, {});
    boss.notifyWorker(workerId);
  };
  if ((opts.catchUp ?? true) && shanghaiHour(opts.now?.() ?? new Date()) >= 9) await trigger();
  let stopped = false;
  return {
    trigger,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    },
  };
}

/** `linli remind service|mobile|all`: this period's reminders now, for operators. */
export const remindCommand: Command = {
  usage:
    'linli remind <service|mobile|all> [--json]\n' +
    '  Send the reminders now: service — working party members behind their annual target (once a month each);\n' +
    '  mobile — contact cadres of mobile party members whose contact is overdue (once a week each). The server\n' +
    '  sends them every day at 09:00 Asia/Shanghai; whoever runs first in a period sends, the rest send nothing.',
  options: { json: { type: 'boolean' } },
  positionals: true,
  run: async (v, positionals) => {
    const [what, ...extra] = positionals;
    if (!what || extra.length || !['service', 'mobile', 'all'].includes(what)) throw new UsageError('name one of service, mobile, all');
    const kinds = what === 'all' ? REMINDER_KINDS : [what as ReminderKind];
    return withDatabase(async ({ database }) => {
      const r = await sendReminders(database, kinds);
      if (v.json) console.log(JSON.stringify(r));
      else {
        if (r.service) console.log(`service (${r.service.period}): ${r.service.sent} reminded of ${r.service.behind} behind their target (${r.service.already} already this month, ${r.service.withoutAccount} without an account)`);
        if (r.mobile) console.log(`mobile (week of ${r.mobile.period}): ${r.mobile.reminded} overdue member(s) reminded to ${r.mobile.cadres} cadre(s) (${r.mobile.already} already this week)`);
      }
      return 0;
    });
  },
};
