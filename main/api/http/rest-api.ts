import type { HttpRoute } from './bridge-server';
import type { Dispatch } from '../dispatch';
import type { EventHub } from '../event-hub';
import { refuseRequest } from './http-guard';
import { inProcessClient } from '../in-process-client';
import { openApiDocument } from './openapi';
import { sendError, sendJson } from './rest-http';
import { allowedMethods, REST_PREFIX, routesFor } from './rest-routes';

export interface RestOptions {
  dispatch: Dispatch;
  events: EventHub;
  version: string;
  /** request bodies larger than this are refused (413); a make request is text, 1 MiB is ample */
  maxBodyBytes?: number;
}

/**
 * The REST task API under /api/v1: a transport over the StudioApi like the bridge, with the
 * bridge's token and Origin rules. Its routes are the table in rest-routes.ts (the OpenAPI
 * document is generated from the same table); bodies are checked with the contract's schemas and
 * the work is done by the same handlers and the same queue as every other door.
 */
export function restApiRoute(opts: RestOptions): HttpRoute {
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const api = inProcessClient(opts.dispatch, opts.events);

  return (req, res, { url, path, origin, token }) => {
    if (path !== REST_PREFIX && !path.startsWith(`${REST_PREFIX}/`)) return false;
    const sub = path.slice(REST_PREFIX.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const matches = routesFor(sub);
    const found = matches.find(({ route }) => allowedMethods(route).includes(method));

    if (!found?.route.open) {
      const refused = refuseRequest(req, url, { token, origin });
      if (refused) {
        sendJson(res, refused.status, { error: { name: 'AccessDenied', code: 'INVALID_INPUT', message: refused.message } }, refused.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
        req.resume();
        return true;
      }
    }
    if (!found) {
      if (matches.length > 0) res.writeHead(405, { allow: matches.flatMap(({ route }) => allowedMethods(route)).join(', ') }).end();
      else sendJson(res, 404, { error: { name: 'StudioError', code: 'NOT_FOUND', message: `no route ${method} ${path}` } });
      req.resume();
      return true;
    }
    const describe = () => openApiDocument({ version: opts.version, serverUrl: origin });
    found.route.handle({ req, res, url, origin, params: found.params, api, maxBodyBytes, describe }).catch((err: unknown) => sendError(res, err));
    return true;
  };
}
