import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Voice } from '../../native/tts/types';
import { didService } from '../../main/providers/avatar/d-id';
import { heyGenService } from '../../main/providers/avatar/heygen';
import { veoService } from '../../main/providers/clip/veo';
import type { CallOptions } from '../../main/providers/http/provider-http';
import { pexelsSource } from '../../main/providers/media/pexels';
import { pixabaySource } from '../../main/providers/media/pixabay';
import { anthropicChat } from '../../main/providers/script/anthropic';
import { geminiChat } from '../../main/providers/script/gemini';
import { elevenLabsEngine } from '../../main/providers/voice/elevenlabs';
import { openAiSpeechEngine } from '../../main/providers/voice/openai-speech';
import { pcmToWav } from '../../main/providers/voice/pcm-wav';
import { startServer, type Reply, type Seen } from './loopback';

/**
 * Every online client against the same failures, each on a loopback server speaking its protocol:
 * the auth header it must send, 429 with Retry-After, a 5xx, an answer that is not JSON, a server
 * too slow to answer, a cancel mid-request, and a refusal that echoes the key back.
 */
const KEY = 'sk-resilience-secret-4242';
const out = mkdtempSync(join(tmpdir(), 'rf-resilience-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));

const tone = pcmToWav(Buffer.from(new Int16Array(Array.from({ length: 12_000 }, (_, i) => Math.round(Math.sin(i / 8) * 8000 * (i % 6000 < 4000 ? 1 : 0)))).buffer), 24_000);
const voice = (engine: Voice['engine'], name: string): Voice => ({ id: `${engine}:${name}`, engine, name, language: 'en' });

interface Client {
  name: string;
  ok: Reply;
  auth(req: Seen): void;
  call(base: string, o: CallOptions): Promise<unknown>;
  /** the answer to "not JSON" for clients that read bytes */
  garbled?: RegExp;
}

const clients: Client[] = [
  {
    name: 'Pexels search',
    ok: { json: { page: 1, per_page: 15, videos: [] } },
    auth: (r) => assert.equal(r.headers.authorization, KEY),
    call: (base, o) => pexelsSource({ apiKey: KEY, baseUrl: base }).search({ text: 'sea', kind: 'video', orientation: 'portrait', minWidth: 1080, minHeight: 1920, page: 1, perPage: 5 }, o),
  },
  {
    name: 'Pixabay search',
    ok: { json: { total: 0, totalHits: 0, hits: [] } },
    auth: (r) => assert.equal(r.url.searchParams.get('key'), KEY),
    call: (base, o) => pixabaySource({ apiKey: KEY, baseUrl: base }).search({ text: 'sea', kind: 'photo', orientation: 'portrait', minWidth: 1080, minHeight: 1920, page: 1, perPage: 5 }, o),
  },
  {
    name: 'OpenAI-compatible speech',
    ok: { bytes: tone, headers: { 'content-type': 'audio/wav' } },
    auth: (r) => {
      assert.equal(r.headers.authorization, `Bearer ${KEY}`);
      assert.equal(r.path, '/v1/audio/speech');
      assert.deepEqual({ ...r.json, input: undefined }, { model: 'tts-1', voice: 'nova', response_format: 'wav', speed: 1, input: undefined });
    },
    call: (base, o) => openAiSpeechEngine({ baseUrl: `${base}/v1`, apiKey: KEY, model: 'tts-1', call: o }).synthesize('Hello there.', voice('openai-speech', 'nova'), { outDir: out, fileName: `speech-${Math.random()}`, signal: o.signal }),
    garbled: /did not answer with WAV audio/,
  },
  {
    name: 'ElevenLabs with timestamps',
    ok: { json: { audio_base64: tone.subarray(44).toString('base64'), alignment: { characters: [...'Hi'], character_start_times_seconds: [0, 0.1], character_end_times_seconds: [0.1, 0.2] } } },
    auth: (r) => {
      assert.equal(r.headers['xi-api-key'], KEY);
      assert.equal(r.url.pathname, '/v1/text-to-speech/voice123/with-timestamps');
      assert.equal(r.url.searchParams.get('output_format'), 'pcm_24000');
    },
    call: (base, o) => elevenLabsEngine({ apiKey: KEY, baseUrl: base, call: o }).synthesize('Hi', voice('elevenlabs', 'voice123'), { outDir: out, fileName: `el-${Math.random()}`, signal: o.signal }),
  },
  {
    name: 'Anthropic Messages',
    ok: { json: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: '{}' }], stop_reason: 'end_turn' } },
    auth: (r) => {
      assert.equal(r.headers['x-api-key'], KEY);
      assert.equal(r.headers['anthropic-version'], '2023-06-01');
      assert.equal(r.path, '/v1/messages');
    },
    call: (base, o) => anthropicChat({ apiKey: KEY, model: 'claude-test', baseUrl: base }).chat([{ role: 'user', content: 'hi' }], o),
  },
  {
    name: 'Gemini generateContent',
    ok: { json: { candidates: [{ content: { role: 'model', parts: [{ text: '{}' }] }, finishReason: 'STOP' }] } },
    auth: (r) => {
      assert.equal(r.headers['x-goog-api-key'], KEY);
      assert.equal(r.path, '/v1beta/models/gemini-test:generateContent', 'the key is never in the URL');
    },
    call: (base, o) => geminiChat({ apiKey: KEY, model: 'gemini-test', baseUrl: base }).chat([{ role: 'user', content: 'hi' }], o),
  },
  {
    name: 'Veo operation poll',
    ok: { json: { name: 'models/veo/operations/abc', done: false } },
    auth: (r) => {
      assert.equal(r.headers['x-goog-api-key'], KEY);
      assert.equal(r.path, '/v1beta/models/veo/operations/abc');
    },
    call: (base, o) => veoService({ apiKey: KEY, baseUrl: base }).poll('models/veo/operations/abc', o),
  },
  {
    name: 'HeyGen video status',
    ok: { json: { code: 100, data: { status: 'processing' } } },
    auth: (r) => {
      assert.equal(r.headers['x-api-key'], KEY);
      assert.equal(r.path, '/v1/video_status.get?video_id=v1');
    },
    call: (base, o) => heyGenService({ apiKey: KEY, baseUrl: base }).status('v1', o),
  },
  {
    name: 'D-ID talk status',
    ok: { json: { id: 'tlk_1', status: 'started' } },
    auth: (r) => {
      assert.equal(r.headers.authorization, `Basic ${KEY}`);
      assert.equal(r.path, '/talks/tlk_1');
    },
    call: (base, o) => didService({ apiKey: KEY, baseUrl: base }).status('tlk_1', o),
  },
];

const quick = { backoff: { baseMs: 5, maxMs: 20 }, timeoutMs: 3000 };
const failed = (e: Error & { code?: string }) => e.code === 'PROVIDER_FAILED' || e.code === 'LLM_FAILED';

async function withServer(replies: Reply[], rest: Reply | undefined, body: (base: string, seen: Seen[], abandoned: () => number) => Promise<void>) {
  const server = await startServer(() => replies.shift() ?? rest ?? { status: 500, text: 'script exhausted' });
  try {
    await body(server.url, server.seen, server.abandoned);
  } finally {
    await server.close();
  }
}

for (const c of clients) {
  test(`${c.name}: sends its auth header, waits out a 429 (Retry-After) and a 5xx, then succeeds`, async () => {
    await withServer([{ status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'slow down' } } }, { status: 503, json: { error: 'overloaded' } }], c.ok, async (base, seen) => {
      await c.call(base, quick);
      assert.equal(seen.length, 3);
      for (const s of seen) c.auth(s);
    });
  });

  test(`${c.name}: an answer that is not what the protocol says is retried, then reported clearly`, async () => {
    await withServer([], { text: '<html>502 Bad Gateway</html>', headers: { 'content-type': 'text/html' } }, async (base, seen) => {
      await assert.rejects(c.call(base, { ...quick, maxRetries: 1 }), (e: Error & { code?: string }) => failed(e) && (c.garbled ?? /not JSON/).test(e.message));
      assert.ok(seen.length >= 1);
    });
  });

  test(`${c.name}: a server that does not answer in time is a clear timeout, not a hang`, async () => {
    await withServer([], { ...(c.ok as object), delayMs: 1500 } as Reply, async (base) => {
      await assert.rejects(c.call(base, { ...quick, timeoutMs: 150, maxRetries: 0 }), (e: Error & { code?: string }) => failed(e) && /no answer within 150 ms/.test(e.message));
    });
  });

  test(`${c.name}: cancelling stops the request at once and closes the connection`, async () => {
    await withServer([], { hang: true }, async (base, seen, abandoned) => {
      const controller = new AbortController();
      const pending = c.call(base, { ...quick, signal: controller.signal });
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'CANCELLED');
      while (abandoned() === 0) await new Promise((r) => setTimeout(r, 10));
      assert.equal(seen.length, 1, 'nothing was retried after the cancel');
    });
  });

  test(`${c.name}: a refusal is not retried, and the key it echoes never reaches the message`, async () => {
    await withServer([], { status: 401, json: { error: { message: `invalid api key ${KEY}` } } }, async (base, seen) => {
      await assert.rejects(c.call(base, quick), (e: Error & { code?: string }) => failed(e) && /HTTP 401/.test(e.message) && !e.message.includes(KEY) && /\[redacted\]/.test(e.message));
      assert.equal(seen.length, 1);
    });
  });
}
