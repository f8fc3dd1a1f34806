/**
 * GeoReport v2 documents in JSON and XML. The XML is derived from the very JSON value: the root and
 * item element names are the spec's, lists nest by the names below, null is an empty element.
 */

/** The element of each item in a list the spec nests (attributes → attribute, …). */
const ITEM_OF: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
// XML 1.0 cannot carry most control characters at all.
const clean = (s: string) =>
  [...s]
    .filter((c) => {
      const n = c.codePointAt(0)!;
      return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n !== 0xfffe && n !== 0xffff);
    })
    .join('');

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(clean(String(value)))}</${name}>`;
}

/** A list document: <root><item>…</item>…</root>. */
export function xmlList(root: string, item: string, list: unknown[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${list.map((v) => element(item, v)).join('')}</${root}>`;
}

/** A single-object document: <root>…</root>. */
export function xmlObject(root: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

export type Format = 'json' | 'xml';

/** "requests.json" → {name: "requests", format: "json"}; no or another extension → null format. */
export function splitFormat(file: string): { name: string; format: Format | null } {
  const m = /^(.*)\.(json|xml)$/i.exec(file);
  return m ? { name: m[1], format: m[2].toLowerCase() as Format } : { name: file, format: null };
}
