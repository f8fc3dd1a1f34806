/** CSV as Excel writes it: RFC 4180 quoting, CRLF or LF, UTF-8 (BOM or not), GB18030/GBK or UTF-16 (Unicode text). */

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

/** Guesses the encoding from the first bytes: a BOM decides; otherwise strict UTF-8 or, failing that, GB18030. */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  try {
    // stream: true so a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'gb18030', bom: 0 };
  }
}

/**
 * An incremental CSV parser: feed it text chunks, it calls `onRecord` with each record's fields.
 * Lenient where Excel is: a quote inside an unquoted field is kept as is, text after a closing
 * quote is appended, a lone CR ends a record like CRLF.
 */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** After a closing quote: a second quote is an escaped quote. */
  private quoteSeen = false;
  private pendingCr = false;
  private fieldStarted = false;

  constructor(
    private readonly onRecord: (fields: string[]) => void,
    private readonly delimiter = ',',
  ) {}

  push(chunk: string) {
    const d = this.delimiter.charCodeAt(0);
    let field = this.field;
    let start = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === 10) {
          start = i + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (c !== 34) continue;
        field += chunk.slice(start, i);
        start = i + 1;
        this.inQuotes = false;
        this.quoteSeen = true;
        continue;
      }
      if (this.quoteSeen) {
        this.quoteSeen = false;
        if (c === 34) {
          // "" inside quotes: one quote, and still quoted.
          field += '"';
          this.inQuotes = true;
          start = i + 1;
          continue;
        }
      }
      if (c === d) {
        field += chunk.slice(start, i);
        this.record.push(field);
        field = '';
        this.fieldStarted = false;
        start = i + 1;
      } else if (c === 10 || c === 13) {
        field += chunk.slice(start, i);
        this.record.push(field);
        field = '';
        this.fieldStarted = false;
        this.emit();
        start = i + 1;
        if (c === 13) this.pendingCr = true;
      } else if (c === 34 && !this.fieldStarted && start === i && field === '') {
        this.inQuotes = true;
        this.fieldStarted = true;
        start = i + 1;
      } else {
        this.fieldStarted = true;
      }
    }
    field += chunk.slice(start);
    this.field = field;
  }

  /** Ends the input: a last record without a line break is emitted. */
  end() {
    if (this.field !== '' || this.record.length || this.inQuotes) {
      this.record.push(this.field);
      this.field = '';
      this.emit();
    }
    this.inQuotes = false;
    this.quoteSeen = false;
  }

  private emit() {
    const r = this.record;
    this.record = [];
    this.onRecord(r);
  }
}

/** Parses a whole CSV text into records. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const out: string[][] = [];
  const p = new CsvParser((r) => out.push(r), delimiter);
  p.push(text);
  p.end();
  return out;
}

/** Counts the records of CSV bytes without decoding them: quotes and line feeds are single ASCII bytes in UTF-8 and GB18030 alike. */
export class CsvRecordCounter {
  records = 0;
  private inQuotes = false;
  private lineHasContent = false;

  push(bytes: Uint8Array) {
    let { inQuotes, lineHasContent, records } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 34) {
        inQuotes = !inQuotes;
        lineHasContent = true;
      } else if (b === 10 && !inQuotes) {
        if (lineHasContent) records++;
        lineHasContent = false;
      } else if (b !== 13) {
        lineHasContent = true;
      }
    }
    Object.assign(this, { inQuotes, lineHasContent, records });
  }

  end(): number {
    if (this.lineHasContent) this.records++;
    this.lineHasContent = false;
    return this.records;
  }
}
