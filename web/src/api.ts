/** The one way the web app talks to the API: JSON in and out, CSRF header on writes, typed errors. */
import type { ErrorBody } from '../../contracts/errors';

/** An error answer of the API (or a network failure, code NETWORK), with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: ErrorBody['fields'] = undefined,
    readonly requestId: string | undefined = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** Remembers the token from /me or login; every later write sends it as X-CSRF-Token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The token for writes that do not go through `api()` (an XHR upload with progress). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

/** Calls `/api/v1{path}` and returns the parsed JSON, or throws an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      // A proxy or crash page: not our JSON. Reported below by status.
    }
  }
  if (!res.ok) {
    const body = (data ?? {}) as Partial<ErrorBody>;
    throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText, body.fields, body.requestId);
  }
  return data as T;
}

/** The API writes messages as "中文 (English)": show the half that matches the UI language. */
export function localiseMessage(message: string, lang: 'zh-CN' | 'en'): string {
  const m = /^(.*[\u4e00-\u9fff].*?)\s*\(([^()]*)\)$/.exec(message);
  if (!m) return message;
  return lang === 'en' ? m[2] : m[1];
}

/** POSTs `file` as the raw body with `contentType` through XHR, for a progress bar: `onProgress` gets 0..100. Rejects with an ApiError like api() does. */
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
