import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerKinds } from '../../preload/contract/providers';
import { createRegistry } from '../../main/providers/registry';
import { providerContext } from '../../main/providers/test-provider';
import { startServer } from './loopback';

/** A port nothing listens on, so "is Ollama running?" has the same answer on every machine. */
async function closedPort(): Promise<string> {
  const s = await startServer(() => ({ json: {} }));
  await s.close();
  return s.url;
}

async function setup(env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'rf-registry-'));
  const dead = await closedPort();
  const ctx = providerContext({ home, env: { REELFORGE_OLLAMA_URL: `${dead}/v1`, REELFORGE_LMSTUDIO_URL: `${dead}/v1`, ...env } });
  return { home, ctx, registry: createRegistry(), done: () => rmSync(home, { recursive: true, force: true }) };
}

test('registry: every kind has providers, each says what it can do, what it needs and whether it works offline', async () => {
  const { registry, ctx, done } = await setup();
  try {
    const info = await registry.info(ctx);
    for (const kind of providerKinds) assert.ok(info.some((p) => p.kind === kind), `a ${kind} provider is registered`);
    for (const kind of ['script', 'voice', 'media', 'upscaler']) assert.ok(info.some((p) => p.kind === kind && p.offline), `${kind} has an offline provider to fall back to`);
    const eleven = info.find((p) => p.id === 'elevenlabs')!;
    assert.equal(eleven.offline, false);
    assert.equal(eleven.capabilities.wordTimings, true);
    assert.equal(eleven.needs.apiKey?.env, 'REELFORGE_ELEVENLABS_API_KEY');
    assert.equal(eleven.status.reason, 'no API key yet', 'the status names no environment variable: each door says how to add a key');
    assert.match(eleven.sends, /api\.elevenlabs\.io/);
    assert.equal(info.find((p) => p.id === 'veo')!.capabilities.maxDurationSeconds, 8);
    assert.throws(() => registry.register(registry.get('pexels')), /registered twice/);
    assert.throws(() => registry.get('nope'), (e: Error & { code?: string }) => e.code === 'PROVIDER_UNAVAILABLE' && /known: .*pexels/.test(e.message));
  } finally {
    done();
  }
});

test('registry: with no keys and no network, a neural voice with word timings falls back to the OS voice, and the reason says why', async () => {
  const { registry, ctx, done } = await setup();
  try {
    const sel = await registry.select('voice', { neural: true, language: 'en', wordTimings: true }, ctx);
    assert.equal(sel.provider?.id, 'os-voice');
    assert.match(sel.reason, /^voice: chose os-voice for "neural, en, word timings" — has en, word timings; lacks neural/);
    assert.match(sel.reason, /passed over neural \(Kokoro-82M is not installed: run `reelforge models pull kokoro`/);
    assert.match(sel.reason, /elevenlabs \(no API key/);
    const media = await registry.select('media', { language: 'en' }, ctx);
    assert.equal(media.provider?.id, 'library');
    const script = await registry.select('script', { language: 'en' }, ctx);
    assert.equal(script.provider?.id, 'template');
    assert.match(script.reason, /ollama \(not running at/);
    // generated clips and avatars have no offline stand-in: the stage is skipped and says why
    const clip = await registry.select('clip', { durationSeconds: 6 }, ctx);
    assert.equal(clip.provider, undefined);
    assert.match(clip.reason, /^clip: no provider fits "6 s": veo \(no API key yet\)/);
  } finally {
    done();
  }
});

test('registry: a key makes the cloud voice the choice; offline-only and a preference that is not ready are honoured and explained', async () => {
  const { registry, ctx, done } = await setup({ REELFORGE_ELEVENLABS_API_KEY: 'el-secret-key-777' });
  try {
    const cloud = await registry.select('voice', { neural: true, language: 'en', wordTimings: true }, ctx);
    assert.equal(cloud.provider?.id, 'elevenlabs');
    assert.match(cloud.reason, /has en, neural, word timings/);
    assert.ok(!cloud.reason.includes('el-secret-key-777'));
    const offline = await registry.select('voice', { neural: true, language: 'en', wordTimings: true, offline: true }, ctx);
    assert.equal(offline.provider?.id, 'os-voice');
    assert.match(offline.reason, /elevenlabs \(needs the network\)/);
    const preferred = await registry.select('voice', { language: 'en', prefer: 'openai-speech' }, ctx);
    assert.notEqual(preferred.provider?.id, 'openai-speech');
    assert.match(preferred.reason, /openai-speech was asked for but no API key/);
    const asked = await registry.select('voice', { language: 'en', prefer: 'os-voice' }, ctx);
    assert.equal(asked.provider?.id, 'os-voice');
  } finally {
    done();
  }
});

test('registry: a local LLM server that answers is ready and chosen before the template', async () => {
  const server = await startServer((req) => (req.path === '/v1/models' ? { json: { object: 'list', data: [{ id: 'llama3.2', object: 'model' }] } } : { status: 404, json: {} }));
  const { registry, ctx, done } = await setup({ REELFORGE_OLLAMA_URL: `${server.url}/v1` });
  try {
    const sel = await registry.select('script', { language: 'de' }, ctx);
    assert.equal(sel.provider?.id, 'ollama');
    assert.equal(sel.considered.find((c) => c.id === 'ollama')?.why, 'fits');
    const info = (await registry.info(ctx, 'script')).find((p) => p.id === 'ollama')!;
    assert.match(info.status.reason, /running at http:\/\/127\.0\.0\.1:\d+\/v1 \(1 models\)/);
  } finally {
    done();
    await server.close();
  }
});

test('registry: the chosen id becomes a client with its key and URL resolved; a missing key says what to set', async () => {
  const { stockSourceFor, chatBackendFor, clipServiceFor } = await import('../../main/providers/factories');
  const server = await startServer((req) =>
    req.path === '/v1/chat/completions'
      ? { json: { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: `model ${req.json.model}` }, finish_reason: 'stop' }] } }
      : { json: { page: 1, per_page: 1, videos: [] } },
  );
  const { ctx, done } = await setup({ REELFORGE_OLLAMA_URL: `${server.url}/v1`, REELFORGE_PEXELS_URL: server.url, REELFORGE_PEXELS_API_KEY: 'pk-factory-secret' });
  try {
    assert.equal(await chatBackendFor('ollama', ctx, 'llama3.2').chat([{ role: 'user', content: 'hi' }], { timeoutMs: 3000 }), 'model llama3.2');
    const page = await stockSourceFor('pexels', ctx).search({ text: 'sea', kind: 'video', orientation: 'landscape', minWidth: 1280, minHeight: 720, page: 1, perPage: 5 });
    assert.deepEqual(page, { candidates: [], more: false });
    assert.equal(server.seen.at(-1)!.headers.authorization, 'pk-factory-secret');
    assert.throws(() => clipServiceFor('veo', ctx), (e: Error & { code?: string }) => e.code === 'PROVIDER_UNAVAILABLE' && /^veo has no API key: add one in Settings → Providers \(or `reelforge providers key veo`\)$/.test(e.message));
  } finally {
    done();
    await server.close();
  }
});
