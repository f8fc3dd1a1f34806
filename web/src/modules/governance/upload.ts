/** Raw-body uploads of 居务公开 attachments and the owners' roll, through XHR for a progress bar. */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What a disclosure post may carry, by MIME type, and the extension that stands for it when the browser gives no type. */
export const ATTACHMENT_TYPES: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  [XLSX_MIME]: ['xlsx'],
};
export const ATTACHMENT_ACCEPT = Object.values(ATTACHMENT_TYPES)
  .flat()
  .map((e) => `.${e}`)
  .join(',');
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The MIME type to send a file as, from its type or else its extension; null when it is not allowed. */
export function attachmentType(file: { name: string; type: string }): string | null {
  if (ATTACHMENT_TYPES[file.type]) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return Object.entries(ATTACHMENT_TYPES).find(([, exts]) => exts.includes(ext))?.[0] ?? null;
}

/** Why a file cannot be sent as `kind`, before sending it: 'type', 'size', 'empty' or null. */
export function uploadProblem(file: { name: string; type: string; size: number }, kind: 'attachment' | 'xlsx'): 'type' | 'size' | 'empty' | null {
  const type = kind === 'xlsx' ? (attachmentType(file) === XLSX_MIME ? XLSX_MIME : null) : attachmentType(file);
  if (!type) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_UPLOAD_BYTES) return 'size';
  return null;
}
