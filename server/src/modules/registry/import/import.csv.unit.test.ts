import { describe, expect, it } from 'vitest';
import { CsvParser, CsvRecordCounter, detectEncoding, parseCsv } from './import.csv.js';

describe('CSV (RFC 4180 as Excel writes it)', () => {
  it('quotes, escaped quotes, delimiters and line breaks inside quotes, CRLF and LF, a last line without a break', () => {
    expect(parseCsv('a,"b,c","d ""e""",\r\n"x\r\ny",2\nlast,1')).toEqual([
      ['a', 'b,c', 'd "e"', ''],
      ['x\r\ny', '2'],
      ['last', '1'],
    ]);
  });

  it('is the same whatever the chunking', () => {
    const text = '姓名,"备注, ""引号"""\r\n张三,"多\n行"\r\n李四,\r\n';
    const whole = parseCsv(text);
    for (let size = 1; size < 7; size++) {
      const out: string[][] = [];
      const p = new CsvParser((r) => out.push(r));
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      p.end();
      expect(out).toEqual(whole);
    }
  });

  it('keeps a stray quote inside an unquoted field', () => {
    expect(parseCsv('5"6,x\n')).toEqual([['5"6', 'x']]);
  });

  it('counts records from bytes, with line breaks inside quotes', () => {
    const c = new CsvRecordCounter();
    c.push(new TextEncoder().encode('h1,h2\r\n"a\nb",1\r\n\r\nc,2'));
    expect(c.end()).toBe(3);
  });

  it('detects UTF-8 with and without BOM, UTF-16 and GB18030', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bom: 3 });
    expect(detectEncoding(new TextEncoder().encode('姓名,性别'))).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bom: 2 });
    // 姓名 in GBK.
    expect(detectEncoding(new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb]))).toEqual({ encoding: 'gb18030', bom: 0 });
  });
});
