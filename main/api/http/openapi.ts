import { z } from 'zod';
import { requestSchemas, restSchemas, type SchemaName } from './openapi-parts';
import { REST_PREFIX, restRoutes, type RestRoute } from './rest-routes';

export { restSchemas } from './openapi-parts';

/** JSON Schema 2020-12, which OpenAPI 3.1 uses as is; request bodies as written, responses as sent. */
function componentSchema(name: SchemaName): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(restSchemas[name], { io: requestSchemas.has(name) ? 'input' : 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}

/** One route's operation, from its row in the route table. */
function operation(route: RestRoute): Record<string, unknown> {
  return {
    summary: route.summary,
    ...(route.calls ? { 'x-studio-method': route.calls } : {}),
    ...(route.open ? { security: [] } : {}),
    ...(route.parameters ? { parameters: route.parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.body}` } } } } } : {}),
    responses: { [String(route.status)]: route.answer, ...route.responses },
  };
}

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the route table and the contract's zod
 * schemas, so the description can drift neither from the routes served nor from what they validate.
 * Each operation names the StudioApi method it reaches (`x-studio-method`).
 */
export function openApiDocument(opts: { version: string; serverUrl?: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of restRoutes) (paths[`${REST_PREFIX}${route.path}`] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reelforge task API',
      version: opts.version,
      description: 'Queue videos made from a script or a topic, follow them, fetch the results. Every route needs `Authorization: Bearer <token>` (the token `reelforge serve` prints).',
    },
    servers: opts.serverUrl ? [{ url: opts.serverUrl }] : [],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries((Object.keys(restSchemas) as SchemaName[]).map((n) => [n, componentSchema(n)])),
    },
  };
}
