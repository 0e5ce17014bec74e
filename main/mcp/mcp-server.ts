import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Dispatch } from '../api/dispatch';
import type { EventHub } from '../api/event-hub';
import { inProcessClient } from '../api/in-process-client';
import { registerResources } from './mcp-resources';
import { registerTools } from './mcp-tools';

export interface McpDeps {
  dispatch: Dispatch;
  events: EventHub;
  version: string;
}

/**
 * One MCP server (one client connection) over the studio: tools and resources only, every call
 * going through the StudioApi (the in-process client over the dispatch). A client is told when a job's files appear.
 */
export function createMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer(
    { name: 'reelforge', title: 'Reelforge', version: deps.version },
    {
      capabilities: { tools: {}, resources: { listChanged: true } },
      instructions:
        'Reelforge makes short videos on this machine. create_video queues one (script or topic, template, voice, format, captions); ' +
        'follow it with get_job (wait: true) or a progress token; a completed job links its video and caption files as resources.',
    },
  );
  const api = inProcessClient(deps.dispatch, deps.events);
  registerTools(server, api);
  registerResources(server, api);
  const unsubscribe = api.on('job', (job) => {
    if (job.state === 'completed' && server.isConnected()) server.sendResourceListChanged();
  });
  const close = server.close.bind(server);
  server.close = async () => {
    unsubscribe();
    await close();
  };
  // a client that goes away without closing still releases the subscription
  server.server.onclose = () => unsubscribe();
  return server;
}
