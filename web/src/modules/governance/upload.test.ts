import { describe, expect, it } from 'vitest';
import { attachmentType, uploadProblem, XLSX_MIME } from './upload';

describe('what an upload may be', () => {
  it('takes the type the browser gives, or else the extension', () => {
    expect(attachmentType({ name: 'a.pdf', type: 'application/pdf' })).toBe('application/pdf');
    expect(attachmentType({ name: '账目.XLSX', type: '' })).toBe(XLSX_MIME);
    expect(attachmentType({ name: 'photo.jpeg', type: '' })).toBe('image/jpeg');
    expect(attachmentType({ name: 'a.docx', type: 'application/msword' })).toBeNull();
    expect(attachmentType({ name: 'noext', type: '' })).toBeNull();
  });

  it('refuses other types, empty files and files over 10 MB before sending', () => {
    expect(uploadProblem({ name: 'a.png', type: 'image/png', size: 10 }, 'attachment')).toBeNull();
    expect(uploadProblem({ name: 'a.png', type: 'image/png', size: 10 }, 'xlsx')).toBe('type');
    expect(uploadProblem({ name: 'roll.xlsx', type: '', size: 10 }, 'xlsx')).toBeNull();
    expect(uploadProblem({ name: 'a.gif', type: 'image/gif', size: 10 }, 'attachment')).toBe('type');
    expect(uploadProblem({ name: 'a.pdf', type: 'application/pdf', size: 0 }, 'attachment')).toBe('empty');
    expect(uploadProblem({ name: 'a.pdf', type: 'application/pdf', size: 10 * 1024 * 1024 + 1 }, 'attachment')).toBe('size');
  });
});
