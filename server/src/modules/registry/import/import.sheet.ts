/** Reading an uploaded or local file as rows of the resident template: xlsx (exceljs) or CSV, sniffed from the bytes. */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, SAMPLE_MARK } from '../../../../../contracts/registry-import.js';
import { CsvParser, CsvRecordCounter, detectEncoding, parseCsv, type TextEncoding } from './import.csv.js';

/** One data row: its spreadsheet row number and its cells in template column order. */
export interface SheetRow {
  row: number;
  cells: string[];
  /** Template column indexes whose xlsx cell held a number, not text (ID numbers lose digits that way). */
  numeric?: number[];
}

export interface Sheet {
  format: 'xlsx' | 'csv';
  encoding?: TextEncoding;
  /** Data rows (an estimate for a streamed CSV until it has been read). */
  total: number;
  rows(): AsyncIterable<SheetRow>;
}

/** The file is not something we can import; `message` says why, in Chinese, for the field `file`. */
export class SheetError extends Error {
  constructor(
    message: string,
    /** 415 for a kind of file we do not read at all, 400 for a broken or wrongly laid-out one. */
    readonly status: 400 | 415 = 400,
  ) {
    super(message);
  }
}

export type SheetInput = { buffer: Buffer } | { path: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** Opens a file of residents; throws SheetError when it is not a spreadsheet or its header lacks a column. */
export async function openSheet(input: SheetInput): Promise<Sheet> {
  const head = 'buffer' in input ? input.buffer.subarray(0, 65536) : await readHead(input.path, 65536);
  if (head.length === 0) throw new SheetError('文件是空的 (empty file)');
  if (startsWith(head, OLE)) throw new SheetError('不支持 Excel 97-2003 (.xls) 文件，请另存为 .xlsx 或 CSV (.xls is not supported: save as .xlsx or CSV)', 415);
  if (startsWith(head, ZIP)) return openXlsx('buffer' in input ? input.buffer : await readAll(input.path));
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) throw new SheetError('这是 PDF 文件，不是表格 (a PDF is not a spreadsheet)', 415);
  const { encoding, bom } = detectEncoding(head);
  if (encoding !== 'utf-16le' && head.includes(0)) throw new SheetError('不是表格文件：既不是 xlsx 也不是 CSV 文本 (neither xlsx nor CSV text)', 415);
  if ('buffer' in input || encoding === 'utf-16le') {
    const bytes = 'buffer' in input ? input.buffer : await readAll(input.path);
    const text = new TextDecoder(encoding).decode(bytes.subarray(bom));
    const delimiter = guessDelimiter(text);
    return fromRecords('csv', parseCsv(text, delimiter), encoding);
  }
  return openCsvFile(input.path, encoding);
}

async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readAll(path: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path);
}

/** Excel's "Unicode text" is tab-separated; everything else here is comma-separated. */
function guessDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

/** For each template column, its index in the file's header (columns may be in any order; extra ones are ignored). */
export function mapHeader(header: string[]): number[] {
  const names = header.map((h) => normaliseHeader(h));
  const missing: string[] = [];
  const map = IMPORT_COLUMNS.map((c) => {
    const i = names.indexOf(c);
    if (i < 0) missing.push(c);
    return i;
  });
  if (missing.length === IMPORT_COLUMNS.length) {
    throw new SheetError(`第1行应为表头（${IMPORT_COLUMNS.join('、')}），请使用居民导入模板 (row 1 must be the template header)`);
  }
  if (missing.length) throw new SheetError(`表头缺少列：${missing.join('、')} (header lacks columns)`);
  return map;
}

function normaliseHeader(h: string): string {
  // "*姓名" or "姓名（必填）" in home-made templates mean the same column.
  return h
    .replace(/^\uFEFF/, '')
    .replace(/[*＊]/g, '')
    .replace(/[（(].*[）)]$/, '')
    .trim();
}

function isBlank(cells: string[]) {
  return cells.every((c) => c.trim() === '');
}

function pick(record: string[], map: number[]): string[] {
  return map.map((i) => record[i] ?? '');
}

/** A sheet over records already in memory; the first record is the header. */
function fromRecords(format: 'xlsx' | 'csv', records: Array<{ row: number; cells: string[]; numeric?: number[] } | string[]>, encoding?: TextEncoding): Sheet {
  const norm = records.map((r, i) => (Array.isArray(r) ? { row: i + 1, cells: r } : r));
  const headerAt = norm.findIndex((r) => !isBlank(r.cells));
  if (headerAt < 0) throw new SheetError('文件中没有内容 (no rows)');
  if (norm[headerAt].row !== 1) throw new SheetError('第1行应为表头 (row 1 must be the header)');
  const map = mapHeader(norm[headerAt].cells);
  const data: SheetRow[] = [];
  for (const r of norm.slice(headerAt + 1)) {
    const cells = pick(r.cells, map);
    if (isBlank(cells) || cells[0].trim().startsWith(SAMPLE_MARK)) continue;
    const numeric = r.numeric?.map((c) => map.indexOf(c)).filter((c) => c >= 0);
    data.push({ row: r.row, cells, ...(numeric?.length ? { numeric } : {}) });
  }
  return {
    format,
    encoding,
    total: data.length,
    async *rows() {
      yield* data;
    },
  };
}

/** A large CSV file: counted in one pass over the bytes, then parsed as it streams. */
async function openCsvFile(path: string, encoding: TextEncoding): Promise<Sheet> {
  const counter = new CsvRecordCounter();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) counter.push(chunk as Buffer);
  const records = counter.end();
  // Read the header first so a wrong file fails before anything is imported.
  // TextDecoder drops a BOM by itself.
  const headText = new TextDecoder(encoding).decode(await readHead(path, Math.min((await stat(path)).size, 1 << 20)), { stream: true });
  const delimiter = guessDelimiter(headText);
  let header: string[] | null = null;
  const probe = new CsvParser((r) => {
    if (!header) header = r;
  }, delimiter);
  probe.push(headText);
  if (!header) probe.end();
  if (!header || isBlank(header)) throw new SheetError('第1行应为表头 (row 1 must be the header)');
  const map = mapHeader(header);
  return {
    format: 'csv',
    encoding,
    total: Math.max(0, records - 1),
    async *rows() {
      const decoder = new TextDecoder(encoding);
      let rowNo = 0;
      let pending: SheetRow[] = [];
      const parser = new CsvParser((r) => {
        rowNo++;
        if (rowNo === 1) return;
        const cells = pick(r, map);
        if (isBlank(cells) || cells[0].trim().startsWith(SAMPLE_MARK)) return;
        pending.push({ row: rowNo, cells });
      }, delimiter);
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
        parser.push(decoder.decode(chunk as Buffer, { stream: true }));
        const out = pending;
        pending = [];
        yield* out;
      }
      parser.push(decoder.decode());
      parser.end();
      yield* pending;
    },
  };
}

async function openXlsx(buffer: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new SheetError('不是有效的 xlsx 文件，可能已损坏 (not a valid xlsx file)');
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.rowCount > 0) ?? wb.worksheets[0];
  if (!ws) throw new SheetError('文件中没有工作表 (no worksheet)');
  const records: Array<{ row: number; cells: string[]; numeric?: number[] }> = [];
  const width = Math.max(ws.columnCount, IMPORT_COLUMNS.length);
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const numeric: number[] = [];
    for (let c = 1; c <= width; c++) {
      const v = row.getCell(c).value;
      if (typeof v === 'number') numeric.push(c - 1);
      cells.push(cellText(v));
    }
    records.push({ row: rowNumber, cells, ...(numeric.length ? { numeric } : {}) });
  });
  return fromRecords('xlsx', records);
}

/** A cell's value as the text a person sees; numbers as plain digits (no exponent), formulas by their result. */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return '';
  }
  return String(v);
}
