import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { JobView } from '../../preload/contract/studio-api';
import { assertProgressRose, callTool, errorText, makeVideoFollowingProgress, probeResource, small, structured, untilActive } from './mcp-helpers';

const root = new URL('../..', import.meta.url).pathname;

describe('reelforge mcp over stdio, driven by the SDK\'s own client', () => {
  let dir: string;
  let transport: StdioClientTransport;
  let client: Client;
  let stderr = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-mcp-stdio-'));
    transport = new StdioClientTransport({ command: process.execPath, args: [join(root, 'bin/reelforge.js'), 'mcp', '--home', join(dir, 'home')], cwd: root, stderr: 'pipe' });
    transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    client = new Client({ name: 'reelforge-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  test('every tool is listed with an input and an output schema', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['cancel_job', 'caption_video', 'create_video', 'generate_script', 'get_job', 'list_jobs', 'list_templates', 'list_voices', 'synthesize_voice']);
    for (const t of tools) {
      assert.equal(t.inputSchema.type, 'object', t.name);
      assert.equal(t.outputSchema?.type, 'object', `${t.name} has an output schema`);
    }
    const create = tools.find((t) => t.name === 'create_video')!;
    for (const f of ['script', 'topic', 'templateId', 'voice', 'language', 'format', 'mediaFolders', 'captions', 'upscale']) assert.ok(create.inputSchema.properties?.[f], `create_video takes ${f}`);
  });

  test('create_video with a progress token follows the job: progress rises to the end, the result links the video, which ffprobe reads as the size asked for', async () => {
    const { result, job, progress } = await makeVideoFollowingProgress(client, 'Salmon');
    assert.ok(!result.isError, errorText(result));
    assert.equal(job.state, 'completed', JSON.stringify(job.error));
    assertProgressRose(progress);
    const links = (result.content as Array<{ type: string; uri?: string; mimeType?: string }>).filter((c) => c.type === 'resource_link');
    const video = links.find((l) => l.mimeType === 'video/mp4');
    assert.ok(video, 'the result links the video');
    assert.ok(links.some((l) => l.uri!.endsWith('.srt')), 'and its caption files');

    const info = await probeResource(client, video.uri!, join(dir, 'salmon.mp4'));
    assert.equal(info.video?.codec, 'h264');
    assert.deepEqual([info.video?.width, info.video?.height], [small.width, small.height]);
    assert.ok(info.audio, 'with the narration');

    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === video.uri), 'the finished job\'s files are listed as resources');
    const vtt = await client.readResource({ uri: links.find((l) => l.uri!.endsWith('.vtt'))!.uri! });
    assert.match((vtt.contents[0] as { text: string }).text, /^WEBVTT/);
  });

  test('cancel_job stops a running job: it ends cancelled and leaves no video', async () => {
    const script = Array.from({ length: 24 }, (_, i) => `Sentence ${i + 1} of a narration long enough to be cancelled while it runs.`).join('\n\n');
    const created = await callTool(client, 'create_video', { title: 'To cancel', script, voice: 'espeak-ng:en-us', settings: small });
    assert.ok(!created.isError, errorText(created));
    const id = structured<JobView>(created).id;
    assert.equal((await untilActive(client, id)).state, 'active');
    const cancelled = await callTool(client, 'cancel_job', { id });
    assert.ok(!cancelled.isError, errorText(cancelled));
    const final = structured<JobView>(await callTool(client, 'get_job', { id, wait: true }));
    assert.equal(final.state, 'cancelled');
    assert.ok(!final.output || !existsSync(final.output), 'no video at the output path');
    const listed = structured<{ jobs: JobView[] }>(await callTool(client, 'list_jobs', { state: 'cancelled' }));
    assert.deepEqual(listed.jobs.map((j) => j.id), [id]);
  });

  test('bad arguments are tool errors that say what is wrong, and the server keeps serving', async () => {
    const neither = await callTool(client, 'create_video', { templateId: 'bold-shorts' });
    assert.equal(neither.isError, true);
    assert.match(errorText(neither), /script or a topic/);
    const wrongType = await callTool(client, 'create_video', { script: 'Hi.', captions: 'sometimes' });
    assert.equal(wrongType.isError, true);
    assert.match(errorText(wrongType), /captions/);
    const unknown = await callTool(client, 'get_job', { id: 'no-such-job' });
    assert.equal(unknown.isError, true);
    assert.match(errorText(unknown), /NOT_FOUND: no job no-such-job/);
    const missingId = await callTool(client, 'cancel_job', {});
    assert.equal(missingId.isError, true);
    const templates = structured<{ templates: Array<{ id: string }> }>(await callTool(client, 'list_templates', {}));
    assert.ok(templates.templates.some((t) => t.id === 'bold-shorts'), 'still serving after the errors');
    assert.doesNotMatch(stderr, /TypeError|ReferenceError|unhandled/i);
  });

  test('the server exits when its client goes away', async () => {
    const pid = transport.pid!;
    await client.close();
    for (;;) {
      try {
        process.kill(pid, 0);
      } catch {
        break; // gone
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.doesNotMatch(stderr, /TypeError|ReferenceError|unhandled/i, stderr);
  });
});
