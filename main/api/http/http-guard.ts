import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Compares in constant time: a token must not leak a character at a time through timing. */
export function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token of `Authorization: Bearer <token>`, or of `?token=` (what an <video> or EventSource in the studio's own page can send). */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return auth ? auth[1]! : url.searchParams.get('token');
}

export interface Refusal {
  status: 401 | 403;
  message: string;
}

/**
 * The rules every HTTP door of the studio shares with the WebSocket bridge: a request from a web
 * page of another origin is refused (a browser always says where a page comes from), a Host that
 * is not this server's is refused (a DNS-rebinding page reaches 127.0.0.1 under its own name), and
 * the request must carry the token.
 */
export function refuseRequest(req: IncomingMessage, url: URL, guard: { token: string; origin: string }): Refusal | undefined {
  const origin = req.headers.origin;
  if (origin && origin !== guard.origin) return { status: 403, message: `requests from ${origin} are not allowed` };
  if (!allowedHost(req.headers.host, guard.origin)) return { status: 403, message: `host ${req.headers.host ?? '(none)'} is not this server` };
  if (!sameToken(requestToken(req, url), guard.token)) return { status: 401, message: 'missing or wrong token (send Authorization: Bearer <token>)' };
  return undefined;
}

/** Whether a request's Host names this server (its own address, 127.0.0.1, localhost, [::1], on its port). */
export function allowedHost(host: string | undefined, origin: string): boolean {
  if (!host) return false;
  const own = new URL(origin);
  const port = own.port;
  const names = new Set([own.hostname, '127.0.0.1', 'localhost', '[::1]']);
  return [...names].some((n) => host === `${n}:${port}`);
}
