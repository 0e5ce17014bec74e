import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import { zodIssues } from '../../preload/contract/issues';
import { studioMethods, type StudioHandlers, type StudioMethodName } from '../../preload/contract/studio-api';

export type Dispatch = (method: string, args: unknown) => Promise<unknown>;

const isMethod = (m: string): m is StudioMethodName => Object.prototype.hasOwnProperty.call(studioMethods, m);

/**
 * The one entry point every transport calls: it refuses unknown methods, parses the arguments
 * with the method's schema (nothing from a renderer is trusted), then runs the handler. IPC and
 * the WebSocket bridge both go through here, so they cannot drift apart.
 */
export function createDispatch(handlers: StudioHandlers): Dispatch {
  return async (method, args) => {
    if (!isMethod(method)) throw new StudioError('NOT_FOUND', `no such studio method: ${method}`);
    const parsed = studioMethods[method].args.safeParse(Array.isArray(args) ? args : []);
    if (!parsed.success) throw new InvalidInputError(`bad arguments for ${method}:`, zodIssues(parsed.error));
    const handler = handlers[method] as (...a: unknown[]) => Promise<unknown>;
    return handler(...(parsed.data as unknown[]));
  };
}
