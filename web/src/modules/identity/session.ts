/** The signed-in person (GET /me) as shared query state, and sign-in / sign-out. */
import { createContext, useCallback, useContext, useState } from 'react';
import { App } from 'antd';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { LoginBody, MeResponse } from '../../../../contracts/identity';
import { api, ApiError, setCsrfToken } from '../../api';
import { useI18n } from '../../i18n';

export const ME_KEY = ['me'] as const;

/** The person behind the session cookie, or null when anonymous. */
export async function fetchMe(): Promise<MeResponse | null> {
  try {
    const me = await api<MeResponse>('/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

/** `me` is undefined while loading, null when anonymous. */
export function useSession() {
  const query = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
  return { me: query.data, isLoading: query.isLoading, error: query.error, refetch: query.refetch };
}

/** Forgets everything the previous person loaded, and the person. */
export function clearSession(qc: QueryClient, me: MeResponse | null = null): void {
  setCsrfToken(me?.csrfToken ?? null);
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  qc.setQueryData(ME_KEY, me);
}

/** Signs in; on success the session query holds the new person. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api<MeResponse>('/auth/login', { method: 'POST', body }),
    onSuccess: (me) => clearSession(qc, me),
  });
}

/** Signs out and goes to /login; the local session is dropped even if the server call fails. */
export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  const signOut = useCallback(async () => {
    setPending(true);
    try {
      await api<{ ok: true }>('/auth/logout', { method: 'POST', body: {} });
    } catch {
      // Expired or already gone: signing out locally is what the person asked for.
    }
    clearSession(qc);
    // Synchronously, before the guard around the current page sees "nobody" and sends them to
    // /login?next=<this page> (where the next person to sign in on this device would land).
    navigate('/login', { replace: true, flushSync: true });
    void message.success(t('auth.loggedOut'));
  }, [qc, navigate, message, t]);
  return { signOut, pending };
}

/** The signed-in person inside the guarded routes (see RequireSession). */
export const MeContext = createContext<MeResponse | null>(null);

/** The signed-in person; only valid below RequireSession. */
export function useMe(): MeResponse {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside <RequireSession>');
  return me;
}
