import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { BridgeServer } from '../../main/api/http/bridge-server';
import type { Studio } from '../../main/api/create-studio';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runningProcesses } from '../../native/process-registry';
import type { JobView } from '../../preload/contract/studio-api';
import { serveStudio, type ServedStudio } from './served-studio';

const small = { preset: 'shorts-1080' as const, width: 180, height: 320, fps: 12 };

/** The chunks of a response body as they arrive. */
async function* chunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Reads a server-sent event stream to its end; every `job` event's job, in order. */
async function jobEvents(url: string, token: string): Promise<{ jobs: JobView[]; ended: boolean; contentType: string | null }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const jobs: JobView[] = [];
  let ended = false;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of chunks(res.body!)) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === 'job') jobs.push(JSON.parse(data!) as JobView);
      if (event === 'end') ended = true;
    }
  }
  return { jobs, ended, contentType: res.headers.get('content-type') };
}

/** A raw request, so Host and Origin go out exactly as written. */
function raw(server: BridgeServer, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the REST task API (/api/v1 in reelforge serve)', () => {
  let dir: string;
  let studio: Studio;
  let server: BridgeServer;
  let base: string;
  let auth: Record<string, string>;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/videos`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const jobCount = async () => ((await (await fetch(`${base}/jobs`, { headers: auth })).json()) as { jobs: JobView[] }).jobs.length;

  let served: ServedStudio;
  before(async () => {
    served = await serveStudio('rest');
    ({ dir, studio, server, base, auth } = served);
  });

  after(() => served.close());

  test('a script becomes a video: 202 with the job URL, the event stream follows it to completion, the output is a playable video with Range support and caption files', async () => {
    const res = await post({ title: 'Bees', script: 'Bees dance to share directions.\n\nA hive can hold fifty thousand bees.', voice: 'espeak-ng:en-us', settings: small, captions: 'both' });
    assert.equal(res.status, 202);
    const created = (await res.json()) as { id: string; url: string; job: JobView };
    assert.equal(created.url, `${base}/jobs/${created.id}`);
    assert.equal(res.headers.get('location'), created.url);
    assert.equal(created.job.state, 'waiting');

    const { jobs, ended, contentType } = await jobEvents(`${created.url}/events`, server.token);
    assert.match(contentType ?? '', /^text\/event-stream/);
    assert.ok(ended, 'the stream says when it is over');
    const last = jobs[jobs.length - 1]!;
    assert.equal(last.state, 'completed', JSON.stringify(last.error));
    assert.ok(jobs.some((j) => j.state === 'active' && j.stage), 'the stream showed the job running, stage by stage');
    const progress = jobs.map((j) => j.progress);
    assert.ok(progress.some((p) => p > 0 && p < 1), `progress between 0 and 1 on the way (saw ${progress.join(', ')})`);

    const job = (await (await fetch(created.url, { headers: auth })).json()) as JobView;
    assert.deepEqual([job.state, job.progress], ['completed', 1]);
    assert.ok(job.output && existsSync(job.output));

    const video = await fetch(`${created.url}/output`, { headers: auth });
    assert.equal(video.status, 200);
    assert.equal(video.headers.get('content-type'), 'video/mp4');
    const file = join(dir, 'downloaded.mp4');
    writeFileSync(file, Buffer.from(await video.arrayBuffer()));
    const info = await probeMedia(locateFfmpeg({ env: process.env }).ffprobe.path, file);
    assert.equal(info.video?.codec, 'h264');
    assert.deepEqual([info.video?.width, info.video?.height], [180, 320]);
    assert.ok(info.audio, 'the narration is in the video');
    assert.ok((info.duration ?? 0) > 1.5, `the video lasts as long as its narration (${info.duration} s)`);

    const part = await fetch(`${created.url}/output`, { headers: { ...auth, range: 'bytes=0-99' } });
    assert.equal(part.status, 206);
    assert.match(part.headers.get('content-range') ?? '', /^bytes 0-99\/\d+$/);
    assert.equal((await part.arrayBuffer()).byteLength, 100);

    const srtName = job.companions?.map((f) => f.split('/').pop()!).find((n) => n.endsWith('.srt'));
    assert.ok(srtName, `caption files are listed with the job (${job.companions?.join(', ')})`);
    const srt = await fetch(`${created.url}/files/${encodeURIComponent(srtName)}`, { headers: auth });
    assert.equal(srt.status, 200);
    assert.match(await srt.text(), /00:00:0\d,\d{3} --> 00:00:\d\d,\d{3}\nBees/);

    const listed = (await (await fetch(`${base}/jobs`, { headers: auth })).json()) as { jobs: JobView[] };
    assert.ok(listed.jobs.some((j) => j.id === created.id));
  });

  test('DELETE cancels a running job: its processes stop, it ends cancelled, nothing is left at its output path', async () => {
    const script = Array.from({ length: 24 }, (_, i) => `This is sentence number ${i + 1} of a long narration about rivers and the sea.`).join('\n\n');
    const res = await post({ title: 'Long', script, voice: 'espeak-ng:en-us', settings: small });
    const { id, url } = (await res.json()) as { id: string; url: string };
    // cancel as soon as the job is seen running
    const events = await fetch(`${url}/events`, { headers: auth });
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of chunks(events.body!)) {
      text += decoder.decode(chunk, { stream: true });
      if (/"state":"active"/.test(text)) break;
    }
    await events.body!.cancel();
    const cancelled = await fetch(url, { method: 'DELETE', headers: auth });
    assert.equal(cancelled.status, 200);
    let job = (await cancelled.json()) as JobView;
    const { jobs } = await jobEvents(`${url}/events`, server.token);
    job = jobs[jobs.length - 1] ?? job;
    assert.equal(job.state, 'cancelled');
    assert.equal(job.id, id);
    assert.ok(!job.output || !existsSync(job.output), 'no video at the output path');
    assert.deepEqual(runningProcesses(id), [], 'no voice or FFmpeg process of the job is left running');
    const output = await fetch(`${url}/output`, { headers: auth });
    assert.equal(output.status, 409, 'a cancelled job has no output to serve');
  });

  test('a job that cannot be made ends failed with a readable reason, never stuck running', async () => {
    const res = await post({ script: 'Hello there.', voice: 'espeak-ng:no-such-voice-anywhere', settings: small });
    assert.equal(res.status, 202);
    const { url } = (await res.json()) as { url: string };
    const { jobs } = await jobEvents(`${url}/events`, server.token);
    const last = jobs[jobs.length - 1]!;
    assert.equal(last.state, 'failed');
    assert.match(last.error?.message ?? '', /no-such-voice-anywhere/);
  });

  test('bad bodies are refused naming the field, before anything is queued', async () => {
    const before = await jobCount();
    const missing = await post({ templateId: 'bold-shorts' });
    assert.equal(missing.status, 400);
    const body = (await missing.json()) as { error: { code: string; message: string; details: { issues: Array<{ path: string; message: string }> } } };
    assert.equal(body.error.code, 'INVALID_INPUT');
    assert.deepEqual(body.error.details.issues.map((i) => i.path), ['script']);

    const wrongType = (await (await post({ script: 'Hi.', templateId: 5, captions: 'sometimes' })).json()) as typeof body;
    assert.deepEqual(wrongType.error.details.issues.map((i) => i.path).sort(), ['captions', 'templateId']);
    assert.equal((await post({ script: 'Hi.', templateId: 'no-such-template' })).status, 400);
    assert.equal((await post('{"script": ')).status, 400);
    assert.equal((await post('script=hi', { 'content-type': 'application/x-www-form-urlencoded' })).status, 415);
    assert.equal((await post({ script: 'x'.repeat(2 * 1024 * 1024) })).status, 413);
    assert.equal(await jobCount(), before, 'nothing was queued');
    assert.equal((await fetch(`${base}/jobs/no-such-job`, { headers: auth })).status, 404);
    assert.equal((await fetch(`${base}/videos`, { headers: auth })).status, 405);
  });

  test('the token and Origin rules of the bridge: no token, a wrong one, another origin or another host are refused', async () => {
    const none = await fetch(`${base}/jobs`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await fetch(`${base}/jobs`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    assert.equal(await raw(server, '/api/v1/jobs', { ...auth, origin: 'http://evil.example' }), 403);
    assert.equal(await raw(server, '/api/v1/jobs', { ...auth, host: `rebound.example:${server.port}` }), 403, 'a DNS-rebinding page is refused');
    assert.equal(await raw(server, '/api/v1/jobs', { ...auth, origin: server.url }), 200, 'the studio\'s own page may call');
    assert.equal(await raw(server, `/api/v1/jobs?token=${encodeURIComponent(server.token)}`, {}), 200, 'a <video> or EventSource passes the token in the query');
  });

  test('templates and voices list what the studio offers, exactly as the StudioApi gives them', async () => {
    const templates = (await (await fetch(`${base}/templates`, { headers: auth })).json()) as { templates: Array<{ id: string }> };
    assert.ok(templates.templates.some((t) => t.id === 'bold-shorts'));
    // the route is a transport: it answers exactly what the StudioApi answers, an error included
    const direct = await studio.dispatch('listVoices', []).then(
      (value) => ({ value, error: undefined }),
      (error: Error) => ({ value: undefined, error }),
    );
    const voices = await fetch(`${base}/voices`, { headers: auth });
    const body = (await voices.json()) as { voices?: Array<{ id: string }>; error?: { message: string } };
    if (direct.error) {
      assert.equal(body.error?.message, direct.error.message);
    } else {
      assert.equal(voices.status, 200, body.error?.message);
      assert.deepEqual(body, direct.value);
    }
  });

  test('the OpenAPI document is generated from the contract: every route, the make request with its fields, readable without the token', async () => {
    const res = await fetch(`${base}/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/api/v1/videos', '/api/v1/jobs', '/api/v1/jobs/{id}', '/api/v1/jobs/{id}/output', '/api/v1/jobs/{id}/events', '/api/v1/templates', '/api/v1/voices']) assert.ok(doc.paths[p], p);
    assert.ok(doc.paths['/api/v1/jobs/{id}']!.delete);
    const make = doc.components.schemas.MakeRequest!.properties!;
    for (const f of ['script', 'topic', 'templateId', 'voice', 'language', 'format', 'mediaFolders', 'captions', 'upscale', 'settings']) assert.ok(make[f], f);
    assert.ok(doc.components.schemas.Job!.properties!.eta);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 0);
    for (const r of refs) assert.ok(doc.components.schemas[r], `$ref ${r} resolves`);
  });
});
