import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia, type MediaInfo } from '../../native/ffmpeg/probe';
import type { JobView } from '../../preload/contract/studio-api';

export const small = { preset: 'shorts-1080' as const, width: 180, height: 320, fps: 12 };

/** Calls a tool; a protocol-level failure (a crash, a refused request) fails the test, a tool error does not. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>, opts: { onprogress?: (p: Progress) => void } = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, { ...opts, timeout: 600_000, resetTimeoutOnProgress: true })) as CallToolResult;
}

export const structured = <T>(r: CallToolResult) => r.structuredContent as T;
export const errorText = (r: CallToolResult) => (r.content as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');

/**
 * Makes a small video through create_video with a progress token: the call follows the job, and
 * every progress notification is collected.
 */
export async function makeVideoFollowingProgress(client: Client, title: string): Promise<{ result: CallToolResult; job: JobView; progress: Progress[] }> {
  const progress: Progress[] = [];
  const result = await callTool(
    client,
    'create_video',
    { title, script: `${title} live in rivers.\n\nThey can swim upstream for miles.`, voice: 'espeak-ng:en-us', settings: small, captions: 'both' },
    { onprogress: (p) => progress.push(p) },
  );
  return { result, job: structured<JobView>(result), progress };
}

/** Progress as a user watches it: several steps, never going back, out of 100, naming the stage. */
export function assertProgressRose(progress: Progress[]) {
  assert.ok(progress.length >= 3, `several progress notifications (got ${progress.length})`);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.progress > progress[i - 1]!.progress || progress[i]!.progress === 100, `progress never goes back: ${progress.map((p) => p.progress).join(', ')}`);
  assert.ok(progress.every((p) => p.total === 100));
  assert.ok(progress.some((p) => /active · \w+/.test(p.message ?? '')), `messages name the stage: ${progress.map((p) => p.message).join(' | ')}`);
}

/** Reads a resource of the server into a file and probes it. */
export async function probeResource(client: Client, uri: string, file: string): Promise<MediaInfo> {
  const read = await client.readResource({ uri });
  const content = read.contents[0] as { blob?: string; mimeType?: string };
  assert.equal(content.mimeType, 'video/mp4');
  writeFileSync(file, Buffer.from(content.blob!, 'base64'));
  return probeMedia(locateFfmpeg({ env: process.env }).ffprobe.path, file);
}

/** Asks for the job until it is running (the queue's worker picks it up). */
export async function untilActive(client: Client, id: string): Promise<JobView> {
  for (;;) {
    const job = structured<JobView>(await callTool(client, 'get_job', { id }));
    if (job.state !== 'waiting') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}
