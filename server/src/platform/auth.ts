/** Session cookie, CSRF check and the 401 gate. Every route is private unless its config says `public: true`. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, errors } from './errors.js';
import { ErrorCode } from '../../../contracts/errors.js';
import type { Actor } from './access.js';

export const SESSION_COOKIE = 'linli_sid';
export const CSRF_HEADER = 'x-csrf-token';

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: ResolvedSession | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The signed-in actor, or a 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw errors.unauthenticated();
  return req.actor;
}

/** Installs the gate. `resolve` turns a cookie token into a session (identity module). */
export function installAuth(app: FastifyInstance, resolve: (token: string) => Promise<ResolvedSession | null>) {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.session = await resolve(token);
      req.actor = req.session?.actor ?? null;
    }
    const isPublic = req.routeOptions.config?.public === true;
    if (!isPublic && !req.actor && req.routeOptions.url !== undefined) throw errors.unauthenticated();
    if (UNSAFE.has(req.method)) {
      if (req.session) {
        // Double-submit: the token is only readable by our own pages (from /me or login), never by another site.
        if (req.headers[CSRF_HEADER] !== req.session.csrfToken) {
          throw new AppError(ErrorCode.CSRF_FAILED, 403, 'CSRF token missing or wrong (send the X-CSRF-Token header)', [
            { field: 'x-csrf-token', message: 'missing or wrong' },
          ]);
        }
      } else {
        // No session yet (login): refuse cross-site form posts by Origin.
        const origin = req.headers.origin;
        if (origin && hostOf(origin) !== req.headers.host) {
          throw new AppError(ErrorCode.CSRF_FAILED, 403, `cross-site request from ${origin} refused`, [{ field: 'origin', message: 'cross-site' }]);
        }
      }
    }
  });
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
