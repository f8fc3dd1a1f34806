#!/usr/bin/env node
// `npm test`: typecheck, lint, unit, integration on PGlite, the same on PostgreSQL when DATABASE_URL is set,
// optionally again under a second Node (LINLI_EXTRA_NODE, CI uses the current LTS), web build, e2e in Chromium.
// Each step counts; the last line is "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const node = process.execPath;
const vitest = 'node_modules/vitest/vitest.mjs';

function run(title, cmd, args, env = process.env) {
  console.log(`\n━━ ${title} ━━`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  console.log(`━━ ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return r.status === 0;
}

/** A check that is one test: passes or fails as a whole. */
function check(title, cmd, args, env) {
  if (run(title, cmd, args, env)) tally.passed++;
  else {
    tally.failed++;
    failures.push(title);
  }
}

/** A vitest run: its own counts, taken from the summary reporter's tally file. */
function suite(title, args, env) {
  const file = join(mkdtempSync(join(tmpdir(), 'linli-tally-')), 'tally.jsonl');
  const ok = run(title, env?.LINLI_NODE ?? node, [vitest, 'run', ...args], { ...env, LINLI_TEST_TALLY: file });
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  for (const l of lines) {
    const c = JSON.parse(l);
    tally.passed += c.passed;
    tally.failed += c.failed;
    tally.skipped += c.skipped;
  }
  if (!ok && (lines.length === 0 || lines.every((l) => JSON.parse(l).failed === 0))) tally.failed++;
  if (!ok) failures.push(title);
}

const withoutDb = { ...process.env };
delete withoutDb.DATABASE_URL;

check('typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
check('lint', node, ['node_modules/eslint/bin/eslint.js', '.']);
suite('unit', ['--project', 'unit'], withoutDb);
suite('integration on PGlite', ['--project', 'integration'], withoutDb);
if (process.env.DATABASE_URL) suite('integration on PostgreSQL', ['--project', 'integration'], process.env);
if (process.env.LINLI_EXTRA_NODE) {
  const v = spawnSync(process.env.LINLI_EXTRA_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  suite(`integration under Node ${v}`, ['--project', 'integration'], { ...process.env, LINLI_NODE: process.env.LINLI_EXTRA_NODE });
}
check('web build', node, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
if (existsSync('/usr/bin/chromium') || process.env.CHROMIUM_PATH) suite('e2e in Chromium', ['--project', 'e2e'], withoutDb);
else {
  console.log('\nChromium is missing (/usr/bin/chromium): install it with `apt-get install chromium fonts-wqy-zenhei`.');
  tally.failed++;
  failures.push('e2e (no Chromium)');
}

if (failures.length) console.log(`\nfailed steps: ${failures.join(', ')}`);
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`);
process.exit(tally.failed ? 1 : 0);
