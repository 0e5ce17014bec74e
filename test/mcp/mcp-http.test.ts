import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { startMcpHttpServer, type McpHttpServer } from '../../main/mcp/mcp-http';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { readWav } from '../../native/tts/wav';
import type { JobView } from '../../preload/contract/studio-api';
import { startLoopback } from '../script/openai-loopback';
import { assertProgressRose, callTool, errorText, makeVideoFollowingProgress, probeResource, small, structured, untilActive } from './mcp-helpers';

interface Words {
  path: string;
  durationSeconds: number;
  words: Array<{ text: string; start: number; end: number }>;
  timing: string;
  voice: string;
}

describe('reelforge mcp --http: Streamable HTTP on 127.0.0.1 behind the token', () => {
  let dir: string;
  let studio: Studio;
  let server: McpHttpServer;
  let client: Client;

  const connect = async (headers: Record<string, string>) => {
    const c = new Client({ name: 'reelforge-test', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }));
    return c;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-mcp-http-'));
    studio = await createStudio({ home: join(dir, 'home'), transport: 'bridge' });
    server = await startMcpHttpServer({ dispatch: studio.dispatch, events: studio.events, version: studio.version });
    client = await connect({ authorization: `Bearer ${server.token}` });
  });

  after(async () => {
    await client.close().catch(() => undefined);
    await server.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('no token, a wrong token or a page of another origin cannot open a session', async () => {
    await assert.rejects(connect({}), /401|token/i);
    await assert.rejects(connect({ authorization: 'Bearer wrong' }), /401|token/i);
    await assert.rejects(connect({ authorization: `Bearer ${server.token}`, origin: 'http://evil.example' }), /403|not allowed/i);
  });

  test('a session whose client vanished is closed after the idle time; a live one is kept', async () => {
    const idle = await startMcpHttpServer({ dispatch: studio.dispatch, events: studio.events, version: studio.version, idleMs: 1000 });
    try {
      const headers = { authorization: `Bearer ${idle.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      const init = await fetch(idle.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gone', version: '1' } } }),
      });
      const session = init.headers.get('mcp-session-id')!;
      await init.text();
      const live = new Client({ name: 'live', version: '1' });
      await live.connect(new StreamableHTTPClientTransport(new URL(idle.url), { requestInit: { headers: { authorization: `Bearer ${idle.token}` } } }));
      assert.equal(idle.sessionCount(), 2);
      while (idle.sessionCount() > 1) await new Promise((r) => setTimeout(r, 50));
      const late = await fetch(idle.url, { method: 'POST', headers: { ...headers, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
      assert.equal(late.status, 404, 'the vanished client\'s session is gone');
      const tools = await live.listTools();
      assert.ok(tools.tools.length > 0, 'the client that stayed is still served');
      await live.close();
    } finally {
      await idle.close();
    }
  });

  test('create_video over HTTP: progress notifications while it runs, then the finished video as a resource', async () => {
    const { result, job, progress } = await makeVideoFollowingProgress(client, 'Otters');
    assert.ok(!result.isError, errorText(result));
    assert.equal(job.state, 'completed', JSON.stringify(job.error));
    assertProgressRose(progress);
    const video = (result.content as Array<{ type: string; uri?: string; mimeType?: string }>).find((c) => c.type === 'resource_link' && c.mimeType === 'video/mp4')!;
    const info = await probeResource(client, video.uri!, join(dir, 'otters.mp4'));
    assert.equal(info.video?.codec, 'h264');
    assert.deepEqual([info.video?.width, info.video?.height], [small.width, small.height]);
  });

  test('cancel over HTTP, and a job that cannot be made ends failed with its reason', async () => {
    const script = Array.from({ length: 24 }, (_, i) => `Line ${i + 1} of a narration that is cancelled half way.`).join('\n\n');
    const id = structured<JobView>(await callTool(client, 'create_video', { script, voice: 'espeak-ng:en-us', settings: small })).id;
    await untilActive(client, id);
    assert.equal(structured<JobView>(await callTool(client, 'cancel_job', { id })).id, id);
    assert.equal(structured<JobView>(await callTool(client, 'get_job', { id, wait: true })).state, 'cancelled');

    const failed = await callTool(client, 'create_video', { script: 'Hello.', voice: 'espeak-ng:no-such-voice-anywhere', settings: small }, { onprogress: () => undefined });
    assert.equal(failed.isError, true, 'a followed video that failed is a tool error');
    assert.match(errorText(failed), /failed: .*no-such-voice-anywhere/);
    assert.equal(structured<JobView>(failed).state, 'failed');
  });

  test('generate_script: the template\'s structure with the given points, or the LLM\'s script when an LLM is given', async () => {
    const structure = structured<{ title: string; scenes: Array<{ narration: string; role: string }> }>(
      await callTool(client, 'generate_script', { topic: 'tyre pressure', points: ['Check it monthly', 'Use a gauge'] }),
    );
    assert.deepEqual(structure.scenes.map((s) => s.role), ['hook', 'point', 'point', 'cta']);
    assert.ok(structure.scenes.some((s) => s.narration.includes('Use a gauge')));

    const answer = { title: 'Why bees dance', language: 'en', scenes: [{ narration: 'Bees dance to talk.', keywords: ['bee'], role: 'hook' }, { narration: 'Follow the waggle.', keywords: ['hive'], role: 'cta' }] };
    const llm = await startLoopback([{ kind: 'answer', content: JSON.stringify(answer) }]);
    try {
      const written = structured<typeof answer>(await callTool(client, 'generate_script', { topic: 'bees', llm: { baseUrl: llm.baseUrl, model: 'tiny' }, tone: 'playful' }));
      assert.equal(written.title, 'Why bees dance');
      assert.deepEqual(written.scenes.map((s) => s.narration), ['Bees dance to talk.', 'Follow the waggle.']);
      assert.match(llm.seen[0]!.body.messages.map((m) => m.content).join('\n'), /Tone: playful/);
    } finally {
      await llm.close();
    }
    const noPoints = await callTool(client, 'generate_script', { topic: 'tyres' });
    assert.equal(noPoints.isError, true);
    assert.match(errorText(noPoints), /main point/);
  });

  test('list_templates and list_voices give exactly what the StudioApi gives, an error as a tool error', async () => {
    const templates = structured<{ templates: unknown[] }>(await callTool(client, 'list_templates', {}));
    assert.deepEqual(templates.templates, await studio.dispatch('listTemplates', []));
    const direct = await studio.dispatch('listVoices', []).then(
      (value) => ({ value, error: undefined }),
      (error: Error) => ({ value: undefined, error }),
    );
    const voices = await callTool(client, 'list_voices', {});
    if (direct.error) {
      assert.equal(voices.isError, true);
      assert.ok(errorText(voices).includes(direct.error.message));
    } else assert.deepEqual(voices.structuredContent, direct.value);
  });

  test('synthesize_voice: a WAV with every word timed, in order, inside the audio', async () => {
    const r = await callTool(client, 'synthesize_voice', { text: 'Rivers carry water to the sea.', voice: 'espeak-ng:en-us' });
    assert.ok(!r.isError, errorText(r));
    const v = structured<Words>(r);
    assert.deepEqual(v.words.map((w) => w.text), ['Rivers', 'carry', 'water', 'to', 'the', 'sea.']);
    for (let i = 1; i < v.words.length; i++) assert.ok(v.words[i]!.start >= v.words[i - 1]!.start);
    assert.ok(v.words[v.words.length - 1]!.end <= v.durationSeconds + 0.01);
    const pcm = readWav(v.path);
    assert.ok(Math.abs(pcm.samples.length / pcm.sampleRate - v.durationSeconds) < 0.05, 'the duration is the file\'s');
  });

  test('caption_video: captions timed to the speech of a video made elsewhere, never overwriting a file', async () => {
    const voice = structured<Words>(await callTool(client, 'synthesize_voice', { text: 'Mountains grow slowly. Rain wears them down again.', voice: 'espeak-ng:en-us' }));
    // a video of our own: two seconds of silence, then the speech, over a colour
    const tools = locateFfmpeg({ env: process.env });
    // in the app's renders folder: an agent door writes caption files only under the allowed folders
    const video = join(dir, 'home', 'renders', 'mountains.mp4');
    await runFfmpeg(tools.ffmpeg.path, [
      '-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', `color=c=navy:s=160x284:r=10:d=${(voice.durationSeconds + 2.5).toFixed(2)}`,
      '-i', voice.path, '-filter_complex', '[1:a]adelay=2000:all=1,apad[a]', '-map', '0:v', '-map', '[a]', '-shortest', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', video,
    ]);
    const r = await callTool(client, 'caption_video', { video, script: 'Mountains grow slowly.\n\nRain wears them down again.', formats: ['srt', 'vtt'] });
    assert.ok(!r.isError, errorText(r));
    const out = structured<{ files: string[]; cues: number; durationSeconds: number }>(r);
    assert.deepEqual(out.files, [join(dir, 'home', 'renders', 'mountains.srt'), join(dir, 'home', 'renders', 'mountains.vtt')]);
    const srt = readFileSync(out.files[0]!, 'utf8');
    const times = [...srt.matchAll(/(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})/g)].map((m) => [Number(m[3]) + Number(m[4]) / 1000, Number(m[7]) + Number(m[8]) / 1000] as const);
    assert.equal(times.length, out.cues);
    assert.ok(times[0]![0] >= 1.7, `the first caption waits for the speech after the silence (starts at ${times[0]![0]} s)`);
    assert.ok(times[times.length - 1]![1] <= out.durationSeconds + 0.01, 'the last caption ends within the video');
    assert.match(srt, /Mountains/);
    assert.match(srt, /again\./);
    const info = await probeMedia(tools.ffprobe.path, video);
    assert.ok(Math.abs((info.duration ?? 0) - out.durationSeconds) < 0.2);

    const again = await callTool(client, 'caption_video', { video, script: 'Something else entirely.', formats: ['srt'] });
    assert.equal(again.isError, true);
    assert.match(errorText(again), /already (exist|there)/);
    assert.equal(readFileSync(out.files[0]!, 'utf8'), srt, 'the existing file is untouched');

    const silent = await callTool(client, 'caption_video', { video: join(dir, 'nothing-here.mp4'), script: 'Hi.' });
    assert.equal(silent.isError, true);
    assert.match(errorText(silent), /no file at/);
    assert.ok(!existsSync(join(dir, 'nothing-here.srt')));
  });
});
