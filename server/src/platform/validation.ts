/** Request validation: JSON bodies are taken as sent (no type coercion); query strings and params are coerced. */
import type { FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { errors } from './errors.js';

// ajv-formats is CommonJS; under ESM its function sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: false | 'array') {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Installs the validator compiler and the NUL-character guard (PostgreSQL text cannot hold U+0000). */
export function installValidation(app: FastifyInstance) {
  const body = makeAjv(false);
  const other = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : other).compile(schema));
  app.addHook('preValidation', async (req) => {
    // Named as every other field error is: body fields plainly, then query.x and params.x.
    for (const [part, value] of [
      ['', req.body],
      ['query', req.query],
      ['params', req.params],
    ] as const) {
      const bad = findNul(value, part);
      if (bad !== null) throw errors.field(bad || 'body', 'must not contain the NUL character');
    }
  });
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], join(path, i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, join(path, k)) ?? (k.includes('\u0000') ? join(path, k) : null);
      if (found) return found;
    }
  }
  return null;
}
