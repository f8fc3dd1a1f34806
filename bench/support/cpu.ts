/** CPU time of other processes on this machine, from /proc (Linux; 0 elsewhere), for the benches' CPU per item. */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** A process's CPU time (user + system) so far, in ms; 0 when it is gone or there is no /proc. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The processes whose command line matches `re`. */
export function pidsNamed(re: RegExp): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return re.test(readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' '));
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}
