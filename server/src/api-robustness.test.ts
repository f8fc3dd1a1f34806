/**
 * API robustness: the rule "bad input gets a clear error naming the field; no 5xx for anything a client
 * can send", checked on every route Fastify registered (read from the app's route table, so routes added
 * by any module are walked without listing them here). Each route gets a seeded battery of hostile
 * requests as anonymous, as a resident and as the city admin: wrong types, missing and extra fields,
 * empty and non-JSON bodies, huge strings, NUL characters, odd numbers, malformed path parameters and
 * query values. Asserted: never a 5xx; every 4xx in the one error shape {code, message, requestId}
 * (Open311 answers with the spec's error array); a 400 names only fields the route has, and a value the
 * route's own schema forbids is a 400 naming that field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createTestContext, type Client, type TestContext } from './testing/harness.js';
import { routeTable, type RouteEntry } from './app.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
/** Mirrors platform/validation.ts: bodies as sent, query and params coerced. */
const bodyAjv = addFormats(new Ajv({ strict: false, allErrors: true, coerceTypes: false }));
const queryAjv = addFormats(new Ajv({ strict: false, allErrors: true, coerceTypes: 'array' }));

/** Routes whose success would end the session or credentials the rest of the walk signs in with. */
const SKIP = new Map<string, string>([['POST /api/v1/auth/logout', 'ends the session the walk uses']]);
/** Server-sent event streams never end once they start: only an anonymous caller's refusal is walked. */
const STREAMS = new Set(['GET /api/v1/stream', 'GET /api/v1/public/stream']);
/**
 * Cases per route and caller. The full battery (FUZZ_FULL=1, about 32,000 requests) sends every case; the
 * standing run sends a seeded sample (FUZZ_SEED to vary it), the field-naming cases first.
 */
const FULL = process.env.FUZZ_FULL === '1';
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const BUDGET = { anonymous: 2, resident: 3, admin: 8 } as const;

type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minItems?: number;
  additionalProperties?: unknown;
};

/** Deterministic: mulberry32. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const uuid = () => {
  const h = () => Math.floor(random() * 16).toString(16);
  const s = (n: number) => Array.from({ length: n }, h).join('');
  return `${s(8)}-${s(4)}-4${s(3)}-8${s(3)}-${s(12)}`;
};

function valid(ajv: Ajv, schema: JsonSchema, value: unknown): boolean {
  try {
    return ajv.validate(schema, value) as boolean;
  } catch {
    return false;
  }
}

/** {type: object, properties: {name: schema}}, made once per schema (Ajv caches compiled schemas by object). */
const wrappers = new WeakMap<JsonSchema, JsonSchema>();
function wrapped(name: string, schema: JsonSchema): JsonSchema {
  let w = wrappers.get(schema);
  if (!w) wrappers.set(schema, (w = { type: 'object', properties: { [name]: schema } }));
  return w;
}

let t: TestContext;
let stringSamples: string[] = [];

/** A value the schema accepts (best effort: undefined when none of the samples fits). */
function sample(ajv: Ajv, schema: JsonSchema, depth = 0): unknown {
  if (depth > 6) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const v = sample(ajv, branch, depth + 1);
    if (v !== undefined && valid(ajv, schema, v)) return v;
  }
  const types = [schema.type ?? (schema.properties ? 'object' : undefined)].flat().filter((x) => x && x !== 'null');
  for (const type of types) {
    let candidates: unknown[] = [];
    if (type === 'object') {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        const prop = schema.properties?.[name];
        out[name] = prop ? sample(ajv, prop, depth + 1) : 'x';
      }
      candidates = [out];
    } else if (type === 'array') {
      const item = schema.items ? sample(ajv, schema.items, depth + 1) : 'x';
      candidates = [Array.from({ length: schema.minItems ?? 0 }, () => item), [item]];
    } else if (type === 'string') {
      candidates = stringSamples;
      const min = schema.minLength as number | undefined;
      if (min) candidates = [...candidates, 'x'.repeat(min), '1'.repeat(min)];
    } else if (type === 'integer' || type === 'number') {
      candidates = [1, 0, 10, 100, schema.minimum, schema.maximum, 2026].filter((x) => x !== undefined);
    } else if (type === 'boolean') {
      candidates = [true];
    }
    for (const c of candidates) if (valid(ajv, schema, c)) return c;
  }
  if (!types.length && !schema.anyOf && !schema.oneOf) return 'x';
  return undefined;
}

/** A value the schema refuses by type or form, when there is one. */
function wrongValue(ajv: Ajv, schema: JsonSchema): unknown {
  for (const c of [{ nested: { deep: [1] } }, 12345, 'not-a-valid-value', true, [], null]) if (!valid(ajv, schema, c)) return c;
  return undefined;
}

/**
 * A value the schema accepts at one end of its range: the longest string (in CJK, so multi-byte), the
 * largest or smallest number, the most items; every optional property filled. Undefined when none fits.
 */
function edge(ajv: Ajv, schema: JsonSchema, end: 'max' | 'min', depth = 0): unknown {
  if (depth > 6) return undefined;
  const fits = (v: unknown) => v !== undefined && valid(ajv, schema, v);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return end === 'max' ? schema.enum[schema.enum.length - 1] : schema.enum[0];
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const v = edge(ajv, branch, end, depth + 1);
    if (fits(v)) return v;
  }
  const type = [schema.type ?? (schema.properties ? 'object' : undefined)].flat().find((x) => x && x !== 'null');
  const candidates: unknown[] = [];
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      const v = edge(ajv, prop, end, depth + 1);
      if (v !== undefined) out[name] = v;
    }
    candidates.push(out);
  } else if (type === 'array') {
    const item = schema.items ? edge(ajv, schema.items, end, depth + 1) : 'x';
    const n = end === 'max' ? Math.min(Number(schema.maxItems ?? 20), 50) : Number(schema.minItems ?? 0);
    candidates.push(Array.from({ length: n }, () => item), [item]);
  } else if (type === 'string') {
    const n = end === 'max' ? Number(schema.maxLength ?? 2000) : Number(schema.minLength ?? 0);
    candidates.push('中'.repeat(n), 'x'.repeat(n), '1'.repeat(n));
  } else if (type === 'integer' || type === 'number') {
    const bound = end === 'max' ? (schema.maximum ?? 2 ** 31) : (schema.minimum ?? -(2 ** 31));
    candidates.push(bound, end === 'max' ? Number(bound) - 1 : Number(bound) + 1, end === 'max' ? 2 ** 31 - 1 : 0);
  } else if (type === 'boolean') {
    candidates.push(end === 'max');
  }
  for (const c of candidates) if (fits(c)) return c;
  return sample(ajv, schema, depth);
}

const HOSTILE_VALUES: Array<[string, unknown]> = [
  ['negative', -1],
  ['huge number', 1e20],
  ['fraction', 1.5],
  ['huge string', 'x'.repeat(100_000)],
  ['NUL', 'a\u0000b'],
  ['empty string', ''],
  ['emoji and RTL', '😀\u202e<script>alert(1)</script>'],
  ['deep object', { a: { b: { c: { d: [[[]]] } } } }],
];
const OVERSIZED = JSON.stringify({ x: 'y'.repeat(1_200_000) });
const QUERY_VALUES = ['not-a-date', '2026-13-45', '2026-02-30', '0001-01-01', '9999-12-31T23:59:59Z', '100000', '-1', '0', '99999999999999999999', '1e309', 'NaN', 'abc', '', 'x'.repeat(5000), 'a%00b', '%E4%B8%AD', "' OR 1=1 --"];
const PARAM_VALUES = ['not-a-uuid', '-1', '0', '99999999999999999999999999', 'abc', 'a%00b', '%E4%B8%AD%E6%96%87', 'x'.repeat(3000), '..%2F..%2Fetc', '1e309', '00000000-0000-0000-0000-000000000000'];

interface Case {
  label: string;
  opts: InjectOptions;
  /** The field the case breaks, as the error must name it, when the route's schema refuses it. */
  expectField?: string;
}

/** A seeded sample of `n` cases: every field at its edges, then those that must name a field, then the rest; each group shuffled. */
function sampleCases(cases: Case[], n: number): Case[] {
  const shuffled = cases.map((c) => ({ c, k: random() })).sort((a, b) => a.k - b.k).map((x) => x.c);
  const edges = shuffled.filter((c) => c.label.startsWith('every field'));
  const named = shuffled.filter((c) => c.expectField);
  const rest = shuffled.filter((c) => !c.expectField && !edges.includes(c));
  const first = [...edges, ...named.slice(0, Math.ceil(n / 2))];
  return [...first, ...rest.slice(0, Math.max(0, n - first.length))].slice(0, n);
}

interface Failure {
  who: string;
  route: string;
  case: string;
  status: number;
  problem: string;
  body: string;
}

const isOpen311 = (url: string) => url.startsWith('/open311/');

/** Path params: pattern → value that reaches the handler (a real place code, a fresh uuid). */
function paramBase(name: string, schema: JsonSchema | undefined): string {
  if (schema) {
    const v = sample(queryAjv, schema);
    if (v !== undefined) return String(v);
  }
  if (name === 'file') return 'x.json';
  if (/code/i.test(name)) return t.codes.community;
  if (/serial/i.test(name)) return 'SN-0001';
  return uuid();
}

function fill(url: string, params: Record<string, string>) {
  return url.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? 'x').replace('*', 'x/y');
}

function casesFor(route: RouteEntry): Case[] {
  const schema = (route.schema ?? {}) as { body?: JsonSchema; querystring?: JsonSchema; params?: JsonSchema };
  const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const baseParams = Object.fromEntries(paramNames.map((n) => [n, paramBase(n, schema.params?.properties?.[n])]));
  const url = fill(route.url, baseParams);
  const method = route.method as InjectOptions['method'];
  const hasBody = !['GET', 'DELETE', 'HEAD', 'OPTIONS'].includes(route.method);
  const headers = () => ({ 'idempotency-key': `fuzz-${uuid()}` });
  const cases: Case[] = [];
  const base: Case = { label: 'base', opts: { method, url, headers: headers() } };
  const bodySchema = schema.body;
  const baseBody = bodySchema ? sample(bodyAjv, bodySchema) : {};
  if (hasBody) base.opts.payload = baseBody as object;
  cases.push(base);
  for (const end of ['max', 'min'] as const) {
    // Every query value at its edge; every body field (optional ones too) at its edge.
    const query = schema.querystring ? (edge(queryAjv, schema.querystring, end) as Record<string, unknown> | undefined) : undefined;
    const qs = query && typeof query === 'object' ? new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString() : '';
    const body = hasBody && bodySchema ? edge(bodyAjv, bodySchema, end) : undefined;
    if (!qs && body === undefined) continue;
    cases.push({ label: `every field at its ${end}`, opts: { method, url: qs ? `${url}?${qs}` : url, headers: headers(), ...(hasBody ? { payload: (body ?? baseBody) as object } : {}) } });
  }

  // Path parameters.
  for (const name of paramNames) {
    const values = PARAM_VALUES;
    for (const v of values) {
      const ps = { ...baseParams, [name]: v };
      const decoded = (() => {
        try {
          return decodeURIComponent(v);
        } catch {
          return v;
        }
      })();
      const ruled = schema.params?.properties?.[name];
      const refused = ruled && !valid(queryAjv, wrapped(name, ruled), { [name]: decoded });
      cases.push({
        label: `params.${name}=${v.slice(0, 40)}`,
        opts: { method, url: fill(route.url, ps), headers: headers(), ...(hasBody ? { payload: baseBody as object } : {}) },
        ...(refused || decoded.includes('\u0000') ? { expectField: `params.${name}` } : {}),
      });
    }
  }

  // Query values.
  const queryProps = Object.keys(schema.querystring?.properties ?? {});
  for (const name of [...queryProps, 'unknownParam']) {
    const values = QUERY_VALUES;
    for (const v of values) {
      const ruled = schema.querystring?.properties?.[name];
      const decoded = decodeURIComponent(v);
      const refused = ruled && !valid(queryAjv, wrapped(name, ruled), { [name]: decoded });
      cases.push({
        label: `query.${name}=${v.slice(0, 40)}`,
        opts: { method, url: `${url}?${encodeURIComponent(name)}=${v.includes('%') ? v : encodeURIComponent(v)}`, headers: headers(), ...(hasBody ? { payload: baseBody as object } : {}) },
        ...(refused || decoded.includes('\u0000') ? { expectField: `query.${name}` } : {}),
      });
    }
    if (name !== 'unknownParam') {
      cases.push({ label: `query.${name} repeated`, opts: { method, url: `${url}?${name}=1&${name}=2&${name}=x`, headers: headers(), ...(hasBody ? { payload: baseBody as object } : {}) } });
    }
  }
  if (!hasBody) return cases;

  // Whole bodies of the wrong kind.
  const raw = (label: string, contentType: string | undefined, payload: string) =>
    cases.push({ label, opts: { method, url, headers: { ...headers(), ...(contentType ? { 'content-type': contentType } : {}) }, payload } });
  cases.push({ label: 'no body', opts: { method, url, headers: headers() } });
  raw('empty JSON body', 'application/json', '');
  raw('invalid JSON', 'application/json', '{"a": ');
  raw('JSON null', 'application/json', 'null');
  raw('JSON array', 'application/json', '[1,2,3]');
  raw('JSON string', 'application/json', '"hello"');
  raw('JSON {}', 'application/json', '{}');
  raw('text/plain', 'text/plain', 'hello');
  raw('form', 'application/x-www-form-urlencoded', 'a=1&b=2');
  raw('multipart', 'multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n');
  raw('octet-stream', 'application/octet-stream', '\u0000\u0001\u0002');
  raw('bogus content type', 'application/x-made-up', 'x');
  raw('JSON with charset', 'application/json; charset=latin1', JSON.stringify(baseBody ?? {}));
  raw('body over the limit', 'application/json', OVERSIZED);
  raw('__proto__', 'application/json', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}');

  // Field by field, on a body the schema otherwise accepts.
  if (!bodySchema || !baseBody || typeof baseBody !== 'object' || Array.isArray(baseBody)) return cases;
  const props = bodySchema.properties ?? {};
  const closed = bodySchema.additionalProperties === false;
  cases.push({ label: 'extra field', opts: { method, url, headers: headers(), payload: { ...(baseBody as object), zzExtra: 1 } }, ...(closed ? { expectField: 'zzExtra' } : {}) });
  for (const name of bodySchema.required ?? []) {
    const body = { ...(baseBody as Record<string, unknown>) };
    delete body[name];
    const defaulted = props[name]?.default !== undefined; // the validator fills it in
    cases.push({ label: `missing ${name}`, opts: { method, url, headers: headers(), payload: body }, ...(defaulted ? {} : { expectField: name }) });
  }
  for (const [name, prop] of Object.entries(props)) {
    const wrong = wrongValue(bodyAjv, prop);
    const variants: Array<[string, unknown]> = [...(wrong !== undefined ? [['wrong type', wrong] as [string, unknown]] : []), ...HOSTILE_VALUES];
    for (const [label, value] of variants) {
      const refused = !valid(bodyAjv, prop, value) || (typeof value === 'string' && value.includes('\u0000'));
      cases.push({
        label: `${name}: ${label}`,
        opts: { method, url, headers: headers(), payload: { ...(baseBody as object), [name]: value } },
        ...(refused ? { expectField: name } : {}),
      });
    }
  }
  return cases;
}

/** The names a 400 may give: the route's own inputs, plus the request-level ones. */
function allowedField(route: RouteEntry, field: string): boolean {
  const schema = (route.schema ?? {}) as { body?: JsonSchema; querystring?: JsonSchema };
  if (['body', 'url', 'content-type', 'content-length', 'idempotency-key', 'x-csrf-token', 'origin'].includes(field)) return true;
  const [root, second] = field.split('.');
  // A body field may itself be called params or query.
  if (schema.body && root in (schema.body.properties ?? {})) return true;
  if (root === 'params') return route.url.includes(`:${second}`) || route.url.includes('*');
  if (root === 'query') return !schema.querystring || second in (schema.querystring.properties ?? {}) || second === 'unknownParam';
  if (!schema.body) return true; // bodies checked by the service: any field name is its own
  return root in (schema.body.properties ?? {}) || root === 'zzExtra' || !!schema.body.anyOf || !!schema.body.oneOf;
}

function problemOf(route: RouteEntry, c: Case, res: LightMyRequestResponse, signedIn: boolean): string | null {
  if (res.statusCode >= 500) return '5xx';
  if (res.statusCode < 400) return null;
  if (isOpen311(route.url)) {
    const xml = res.headers['content-type']?.toString().includes('xml');
    if (xml) return /<errors>\s*<error>\s*<code>\d{3}<\/code>\s*<description>[^<]*<\/description>/.test(res.body) ? null : 'not the Open311 XML error list';
    let body: unknown;
    try {
      body = res.json();
    } catch {
      return 'Open311 error is not JSON';
    }
    const ok = Array.isArray(body) && body.length > 0 && body.every((e) => typeof e?.code === 'number' && typeof e?.description === 'string');
    return ok ? null : 'not the Open311 error array';
  }
  let body: Record<string, unknown>;
  try {
    body = res.json();
  } catch {
    return 'error body is not JSON';
  }
  const keys = Object.keys(body ?? {});
  if (typeof body?.code !== 'string' || typeof body.message !== 'string' || typeof body.requestId !== 'string' || keys.some((k) => !['code', 'message', 'fields', 'requestId'].includes(k))) {
    return 'not the error shape {code, message, fields?, requestId}';
  }
  if (body.requestId !== res.headers['x-request-id']) return 'requestId differs from the x-request-id header';
  const fields = body.fields as Array<{ field: unknown; message: unknown }> | undefined;
  if (fields !== undefined && (!Array.isArray(fields) || fields.some((f) => typeof f?.field !== 'string' || typeof f?.message !== 'string'))) return 'fields malformed';
  if (res.statusCode === 400) {
    if (!fields?.length) return '400 without fields';
    const strange = fields.find((f) => !allowedField(route, f.field as string));
    if (strange) return `400 names "${String(strange.field)}", not an input of this route`;
  }
  if (c.expectField && signedIn && !SKIP.has(`${route.method} ${route.url}`)) {
    const f = c.expectField;
    // A path segment the router cannot match (too long) is a 404 or 414 before any schema is consulted.
    if (f.startsWith('params.') && (res.statusCode === 404 || res.statusCode === 414)) return null;
    // A route's own rate limit answers before validation; that is a refusal in the shape too.
    if (res.statusCode === 429) return null;
    if (res.statusCode !== 400) return `schema-invalid ${f} answered ${res.statusCode}, expected 400`;
    if (!fields!.some((x) => x.field === f || (x.field as string).startsWith(`${f}.`))) return `400 does not name ${f}`;
  }
  return null;
}

beforeAll(async () => {
  t = await createTestContext({ RATE_LIMIT: '10000000', LOGIN_RATE_LIMIT: '100000' });
  stringSamples = [
    'Linli 测试',
    t.codes.community,
    t.codes.county,
    t.codes.township,
    t.codes.compound,
    t.codes.building,
    t.codes.unit,
    t.codes.household,
    '00000000-0000-4000-8000-000000000001',
    'r:00000000-0000-4000-8000-000000000001', // a member or voter key
    '2026-01-15T08:00:00.000Z',
    '2026-01-15',
    '08:00',
    '13800138000',
    'test@example.cn',
    'https://example.cn/x',
    '#ff0000',
    'x',
    'abc',
  ];
});
afterAll(() => t?.close());

describe('every route refuses hostile input cleanly', () => {
  it('walks the route table as anonymous, resident and admin: no 5xx, one error shape, fields named', async () => {
    const routes = routeTable(t.app).filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs'));
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.some((r) => isOpen311(r.url))).toBe(true);
    const failures: Failure[] = [];
    let sent = 0;
    const started = Date.now();
    const who: Array<{ name: keyof typeof BUDGET; username: string | null }> = [
      { name: 'anonymous', username: null },
      { name: 'resident', username: 'resident' },
      { name: 'admin', username: 'admin' },
    ];
    for (const w of who) {
      let client: Client = w.username ? await t.signIn(w.username) : t.anonymous;
      for (const route of routes) {
        const key = `${route.method} ${route.url}`;
        if (STREAMS.has(key) && (w.username || route.public)) continue;
        let cases = casesFor(route).filter((c) => !(SKIP.has(key) && c.label === 'base'));
        if (!FULL) cases = sampleCases(cases, BUDGET[w.name]);
        const routeStart = Date.now();
        let refusedSession = false;
        for (const c of cases) {
          const caseStart = Date.now();
          let timer: NodeJS.Timeout | undefined;
          const res = await Promise.race([
            client.request(c.opts),
            new Promise<null>((resolve) => {
              timer = setTimeout(() => resolve(null), 5000);
            }),
          ]);
          clearTimeout(timer);
          sent++;
          if (process.env.FUZZ_TRACE && Date.now() - caseStart > 300) console.error(`slow ${Date.now() - caseStart} ms ${w.name} ${key} [${c.label}]`);
          if (!res) {
            failures.push({ who: w.name, route: key, case: c.label, status: 0, problem: 'no answer within 5 s', body: '' });
            continue;
          }
          if (res.statusCode === 401) refusedSession = true;
          const problem = problemOf(route, c, res, w.username !== null);
          if (problem && process.env.FUZZ_TRACE) console.error(`FAIL ${w.name} ${key} [${c.label}] → ${res.statusCode}: ${problem} ${res.body.slice(0, 300)}`);
          if (problem) failures.push({ who: w.name, route: key, case: c.label, status: res.statusCode, problem, body: res.body.slice(0, 300) });
        }
        if (process.env.FUZZ_TRACE) console.error(`${w.name} ${key}: ${cases.length} cases ${Date.now() - routeStart} ms`);
        // A route that ended the session (none should, but a valid logout would) gets a fresh sign-in.
        // Logout's hostile cases may still end it (which sample runs depends on how many routes there are).
        if (w.username && (refusedSession || SKIP.has(key)) && (await client.get('/api/v1/me')).statusCode === 401) client = await t.signIn(w.username);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`api-robustness: seed ${SEED}${FULL ? ', full battery' : ''}: ${routes.length} routes, ${sent} requests in ${seconds.toFixed(1)} s, ${failures.length} failures`);
    // One line per route and problem keeps the report readable.
    const seen = new Set<string>();
    const report = failures.filter((f) => {
      const k = `${f.route} ${f.problem}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    expect(report.map((f) => `${f.who} ${f.route} [${f.case}] → ${f.status}: ${f.problem} ${f.body}`)).toEqual([]);
  }, 600_000);
});
