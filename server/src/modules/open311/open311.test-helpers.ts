/**
 * Test support: the public GeoReport v2 JSON Schemas (open311/schema-validation), read from the
 * shared folder beside the repository — never copied into it — and a check that an XML document
 * says the same as its JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const REPO = resolve(import.meta.dirname, '../../../..');
/** Where the schemas are: OPEN311_SCHEMA_DIR, or shared/open311 beside the repository (or beside the worktree folder). */
export const SCHEMA_DIR = [process.env.OPEN311_SCHEMA_DIR, join(REPO, '../shared/open311'), join(REPO, '../../shared/open311')].find(
  (d): d is string => !!d && existsSync(join(d, 'request.json')),
);
export const SCHEMA_DIR_MISSING = `Open311 schemas not found: set OPEN311_SCHEMA_DIR or put the GeoReport v2 schemas (request.json, services.json, …) in ../shared/open311 beside the repository; the schema checks are skipped`;

export interface Validators {
  services: ValidateFunction;
  serviceDefinition: ValidateFunction;
  requests: ValidateFunction;
  requestResponse: ValidateFunction;
  tokenResponse: ValidateFunction;
}

/** Compiles the schemas of the folder (null when it is absent). */
export function loadValidators(): Validators | null {
  if (!SCHEMA_DIR) return null;
  const read = (f: string) => JSON.parse(readFileSync(join(SCHEMA_DIR!, f), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('uid', true);
  for (const f of ['request.json', 'service.json', 'service-definition.json', 'requests.json', 'services.json']) ajv.addSchema(read(f), f);
  const swagger = read('swagger.json');
  const array = (def: string) => ajv.compile({ type: 'array', items: swagger.definitions[def] });
  return {
    services: ajv.getSchema('services.json')!,
    serviceDefinition: ajv.getSchema('service-definition.json')!,
    requests: ajv.getSchema('requests.json')!,
    requestResponse: array('RequestResponse'),
    tokenResponse: array('TokenResponse'),
  };
}

const ITEMS = ['request', 'service', 'error', 'attribute', 'value', 'endpoint', 'format'];
const ITEM_OF: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

/** The JSON value as its XML must read: scalars as text (null empty), lists under their item element. */
function asXml(v: unknown, name: string): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.length ? { [ITEM_OF[name] ?? 'item']: v.map((x) => asXml(x, ITEM_OF[name] ?? 'item')) } : '';
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, asXml(x, k)]));
  return String(v);
}

/** Parses a GeoReport XML document (throws when it is not well formed). */
export function parseXml(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`XML not well formed: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: false, isArray: (tag) => ITEMS.includes(tag) }).parse(xml);
}

/** What the XML document must equal, given the JSON: a list under root/item, or an object under root. */
export function xmlShapeOf(json: unknown, root: string, item?: string): unknown {
  if (Array.isArray(json)) return { [root]: json.length ? { [item!]: json.map((x) => asXml(x, item!)) } : '' };
  return { [root]: asXml(json, root) };
}
