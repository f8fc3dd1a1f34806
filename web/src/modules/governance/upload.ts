/** Raw-body uploads of 居务公开 attachments and the owners' roll, through XHR for a progress bar. */
import { ApiError, getCsrfToken } from '../../api';

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

/** POSTs `file` as the raw body with `contentType`; `onProgress` gets 0..100. Rejects with an ApiError like api() does. */
export function uploadRaw<T>(url: string, file: Blob, contentType: string, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // Not our JSON: reported by status below.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(data as T);
      } else {
        reject(new ApiError(xhr.status, String(data.code ?? `HTTP_${xhr.status}`), String(data.message ?? xhr.statusText), data.fields as ApiError['fields'], data.requestId as string | undefined));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
