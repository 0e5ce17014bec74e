import type { Command } from './command';

/**
 * The CLI's command table. Each command's module is imported only when that command runs, so
 * `reelforge render` doesn't load ONNX Runtime, the SQLite driver or the bridge server. Add a
 * command by writing commands/<name>.ts and listing it here.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'render', summary: 'render a project file to a video', load: async () => (await import('./commands/render')).renderCommand },
  { name: 'make', summary: 'script (or topic) → voice → captions → media → template → video', load: async () => (await import('./commands/make')).makeCommand },
  { name: 'doctor', summary: 'show what this machine can do: FFmpeg, encoders, providers, database', load: async () => (await import('./commands/doctor')).doctorCommand },
  { name: 'upscale', summary: 'upscale an image or a video with Real-ESRGAN', load: async () => (await import('./commands/upscale')).upscaleCommand },
  { name: 'models', summary: 'list, pull, import, convert and verify models (the Kokoro voice, upscalers)', load: async () => (await import('./commands/models')).modelsCommand },
  { name: 'queue', summary: 'the persistent job queue: add, list, show, cancel, retry, pause, resume', load: async () => (await import('./commands/queue')).queueCommand },
  { name: 'worker', summary: 'run queued jobs headless; with --farm, take render chunks and whole jobs from a render farm', load: async () => (await import('./commands/worker')).workerCommand },
  { name: 'farm', summary: "the render farm's Redis and its workers (capabilities, heartbeat, current work)", load: async () => (await import('./commands/farm')).farmCommand },
  { name: 'status', summary: "show a job's progress (--follow for a live bar)", load: async () => (await import('./commands/status')).statusCommand },
  { name: 'batch', summary: 'queue one video per CSV row', load: async () => (await import('./commands/batch')).batchCommand },
  { name: 'mcp', summary: 'serve the studio to AI assistants over MCP (stdio, or Streamable HTTP with --http)', load: async () => (await import('./commands/mcp')).mcpCommand },
  { name: 'serve', summary: 'serve the studio over a loopback WebSocket bridge, with the REST task API at /api/v1', load: async () => (await import('./commands/serve')).serveCommand },
  { name: 'templates', summary: 'list, show, import, export and validate templates', load: async () => (await import('./commands/templates')).templatesCommand },
  { name: 'voices', summary: 'list the voices on this machine', load: async () => (await import('./commands/voices')).voicesCommand },
  { name: 'providers', summary: 'list the script, voice, media, clip, avatar and upscaler providers; test one', load: async () => (await import('./commands/providers')).providersCommand },
];
