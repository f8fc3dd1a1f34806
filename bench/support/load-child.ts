/**
 * A load generator in a process of its own (so that it does not take the server's event loop):
 * autocannon with the options given as JSON in argv[2]; prints autocannon's counts as JSON on stdout.
 * Also its own CPU time (cpuMs), counted in the bench's CPU per ticket.
 * `ticket: true` sends residents' reports, each with an Idempotency-Key of its own.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

const o = JSON.parse(process.argv[2]) as { url: string; connections: number; seconds: number; cookie?: string; csrf?: string; ticket?: boolean };
const texts = ['楼道杂物乱堆堵住消防通道', '单元门口广告乱贴', '车辆乱停占用消防通道', '垃圾乱扔无人清理'];
let sent = 0;
const r = await autocannon({
  url: o.url,
  connections: o.connections,
  duration: o.seconds,
  requests: [
    o.ticket
      ? {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            headers: { 'content-type': 'application/json', cookie: o.cookie!, 'x-csrf-token': o.csrf!, 'idempotency-key': randomUUID() },
            body: JSON.stringify({ channel: 'resident', description: texts[sent++ % texts.length], categoryCode: 'clutter' }),
          }),
        }
      : { method: 'GET' },
  ],
});
const cpu = process.cpuUsage();
console.log(JSON.stringify({ total: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, p50: r.latency.p50, p99: r.latency.p99, cpuMs: (cpu.user + cpu.system) / 1000 }));
