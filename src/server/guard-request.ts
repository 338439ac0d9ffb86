import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.ts';
import { tokensMatch } from './api-token.ts';

/**
 * DNS-rebinding defence: the Host must be this server on loopback (`127.0.0.1:<port>`,
 * `localhost:<port>`, `[::1]:<port>`, or the host it was bound to), and an Origin, when a browser
 * sends one, must be the same origin.
 */
export function guardHostAndOrigin(allowedHosts: () => string[]): MiddlewareHandler {
  return async (c, next) => {
    const hosts = allowedHosts();
    const host = c.req.header('host') ?? '';
    if (!hosts.includes(host.toLowerCase())) {
      throw new ApiError('FORBIDDEN_HOST', `requests must be addressed to ${hosts[0]}`, {
        hint: 'open the address `brigade serve` printed',
      });
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !hosts.some((each) => origin.toLowerCase() === `http://${each}`)) {
      throw new ApiError('FORBIDDEN_ORIGIN', 'cross-origin requests are not allowed');
    }
    await next();
  };
}

/** Every /api route needs `Authorization: Bearer <token>`; the event stream also takes `?token=` (EventSource sets no headers). */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const fromQuery = /^\/api\/runs\/[^/]+\/events$/.test(c.req.path) ? c.req.query('token') : undefined;
    const presented = bearer ?? fromQuery;
    if (presented === undefined || !tokensMatch(presented, token)) {
      throw new ApiError(
        'UNAUTHORIZED',
        presented === undefined ? 'an API token is needed' : 'the API token is wrong',
        {
          hint: 'send Authorization: Bearer <token>; the token is in .brigade/api-token',
        },
      );
    }
    await next();
  };
}
