import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, localiseMessage, setCsrfToken } from './api';

function answer(status: number, body: unknown) {
  return vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api', () => {
  it('sends the CSRF token on writes only', async () => {
    const fetchMock = answer(200, { ok: true });
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok');
    await api('/places');
    await api('/auth/logout', { method: 'POST', body: {} });
    const headersOf = (i: number) => fetchMock.mock.calls[i][1]!.headers as Record<string, string>;
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/places');
    expect(headersOf(0)['x-csrf-token']).toBeUndefined();
    expect(headersOf(1)['x-csrf-token']).toBe('tok');
    expect(headersOf(1)['content-type']).toBe('application/json');
  });

  it('turns an error answer into an ApiError with its code, message and fields', async () => {
    vi.stubGlobal('fetch', answer(423, { code: 'ACCOUNT_LOCKED', message: '账户已临时锁定', fields: [{ field: 'username', message: 'locked' }], requestId: 'r1' }));
    const error = await api('/auth/login', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 423, code: 'ACCOUNT_LOCKED', message: '账户已临时锁定', requestId: 'r1' });
  });

  it('reports a network failure as code NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    await expect(api('/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

describe('localiseMessage', () => {
  it('shows the half of a bilingual message that matches the language', () => {
    const m = '用户名或密码错误 (wrong username or password)';
    expect(localiseMessage(m, 'zh-CN')).toBe('用户名或密码错误');
    expect(localiseMessage(m, 'en')).toBe('wrong username or password');
    expect(localiseMessage('账户已临时锁定，请 15 分钟后再试 (account locked for 15 min)', 'zh-CN')).toBe('账户已临时锁定，请 15 分钟后再试');
  });

  it('leaves one-language messages as they are', () => {
    expect(localiseMessage('CSRF token missing or wrong (send the X-CSRF-Token header)', 'zh-CN')).toBe(
      'CSRF token missing or wrong (send the X-CSRF-Token header)',
    );
    expect(localiseMessage('请先登录', 'en')).toBe('请先登录');
  });
});
