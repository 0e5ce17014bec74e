import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav } from '../../native/tts/wav';
import { generateScript } from '../../main/script/llm/generate-script';
import { CircuitBreaker } from '../../main/net/circuit-breaker';
import { findTemplate } from '../../main/templates/load-templates';
import { scriptParamsSchema } from '../../preload/contract/template';
import { anthropicChat } from '../../main/providers/script/anthropic';
import { geminiChat } from '../../main/providers/script/gemini';
import { wordsFromCharacters } from '../../main/providers/voice/char-timings';
import { elevenLabsEngine } from '../../main/providers/voice/elevenlabs';
import { openAiSpeechEngine } from '../../main/providers/voice/openai-speech';
import { startServer } from './loopback';

const quick = { backoff: { baseMs: 5, maxMs: 20 }, timeoutMs: 3000 };

/** ElevenLabs-style alignment of a text: every character, 50 ms each, a pause after punctuation. */
function alignmentOf(text: string) {
  const characters = Array.from(text);
  const starts: number[] = [];
  const ends: number[] = [];
  let t = 0.1;
  for (const c of characters) {
    starts.push(+t.toFixed(3));
    t += /[.,]/.test(c) ? 0.3 : 0.05;
    ends.push(+t.toFixed(3));
  }
  return { characters, character_start_times_seconds: starts, character_end_times_seconds: ends };
}

test('ElevenLabs: character timings become word timings — each word from its first letter to its last, punctuation riding along', () => {
  const words = wordsFromCharacters(alignmentOf('Check it — now. 🚗 ok'));
  assert.deepEqual(words.map((w) => w.text), ['Check', 'it —', 'now.', '🚗', 'ok']);
  assert.equal(words[0]!.start, 0.1);
  assert.equal(words[0]!.end, 0.35); // five letters × 50 ms
  for (let i = 1; i < words.length; i++) assert.ok(words[i]!.start >= words[i - 1]!.end, 'words never overlap');
});

test('ElevenLabs: the with-timestamps answer becomes a WAV of the right length and exact word timings for captions', async () => {
  const text = 'Tyres lose air every month.';
  const seconds = 1.5;
  const pcm = Buffer.alloc(24_000 * 2 * seconds);
  const server = await startServer((req) => {
    if (req.url.pathname === '/v1/voices') return { json: { voices: [{ voice_id: 'EXAVITQu4vr4xnSDxMaL', name: 'Sarah', labels: { gender: 'female', accent: 'american' } }] } };
    return { json: { audio_base64: pcm.toString('base64'), alignment: alignmentOf(text), normalized_alignment: alignmentOf(text.toLowerCase()) } };
  });
  const dir = mkdtempSync(join(tmpdir(), 'rf-eleven-'));
  try {
    const engine = elevenLabsEngine({ apiKey: 'el-key-abcdef', baseUrl: server.url, modelId: 'eleven_flash_v2_5', call: quick });
    const [voice] = await engine.listVoices();
    assert.equal(voice!.id, 'elevenlabs:EXAVITQu4vr4xnSDxMaL');
    assert.equal(voice!.gender, 'female');
    const r = await engine.synthesize(text, voice!, { outDir: dir, fileName: 'scene-1', speed: 1.1 });
    assert.equal(r.audioPath, join(dir, 'scene-1.wav'));
    assert.equal(r.duration, seconds);
    const wav = readWav(r.audioPath);
    assert.equal(wav.sampleRate, 24_000);
    assert.equal(wav.samples.length, 24_000 * seconds);
    assert.equal(r.timing, 'engine-events');
    assert.deepEqual(r.words.map((w) => w.text), ['Tyres', 'lose', 'air', 'every', 'month.']);
    assert.deepEqual(server.seen[1]!.json, { text, model_id: 'eleven_flash_v2_5', voice_settings: { speed: 1.1 } });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('OpenAI-compatible speech: a local server without a key; the WAV it returns is kept and its words placed on the speech', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-speech-'));
  const spoken = join(dir, 'espeak.wav');
  execFileSync('espeak-ng', ['-w', spoken, 'Check your tyres. Every month.']);
  const server = await startServer(() => ({ bytes: readFileSync(spoken), headers: { 'content-type': 'audio/wav' } }));
  try {
    const engine = openAiSpeechEngine({ baseUrl: `${server.url}/v1`, model: 'kokoro', voices: ['af_heart'], call: quick });
    const [voice] = await engine.listVoices();
    const r = await engine.synthesize('Check your tyres. Every month.', voice!, { outDir: dir, fileName: 'n' });
    assert.equal(server.seen[0]!.headers.authorization, undefined, 'no key, no Authorization header');
    assert.equal(server.seen[0]!.json.voice, 'af_heart');
    assert.ok(readFileSync(r.audioPath).equals(readFileSync(spoken)));
    assert.equal(r.timing, 'aligned');
    assert.deepEqual(r.words.map((w) => w.text), ['Check', 'your', 'tyres.', 'Every', 'month.']);
    assert.ok(r.words.at(-1)!.end <= r.duration + 1e-6 && r.words[0]!.start >= 0);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const template = findTemplate('bold-shorts');
const params = scriptParamsSchema.parse({ topic: 'tyre pressure', audience: 'new drivers', tone: 'practical', lengthSeconds: 25, language: 'en' });
const good = JSON.stringify({
  title: 'Tyre pressure',
  language: 'en',
  scenes: [
    { narration: 'Your tyres lose air every month.', keywords: ['tyre', 'car'], role: 'hook' },
    { narration: 'Check them once a month.', keywords: ['gauge'], role: 'point' },
    { narration: 'Follow for more tips.', keywords: ['road'], role: 'cta' },
  ],
});
const breaker = () => new CircuitBreaker('test', { failureThreshold: 10, cooldownMs: 60_000 });

test('Anthropic: a script through the Messages API — system prompt in `system`, an invalid answer sent back for repair, then validated', async () => {
  const answers = ['Sure! {"title": "x"}', `Here it is: ${good}`];
  const server = await startServer(() => ({ json: { id: 'msg', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text: answers.shift()! }], stop_reason: 'end_turn' } }));
  try {
    const script = await generateScript(anthropicChat({ apiKey: 'ak-test-123456', model: 'claude-x', baseUrl: server.url, maxTokens: 2000 }), template, params, { ...quick, breaker: breaker() });
    assert.deepEqual(script.scenes.map((s) => s.role), ['hook', 'point', 'cta']);
    const [first, second] = server.seen;
    assert.equal(first!.json.model, 'claude-x');
    assert.equal(first!.json.max_tokens, 2000);
    assert.match(first!.json.system, /Answer with one JSON object/);
    assert.ok(first!.json.messages.every((m: { role: string }) => m.role !== 'system'));
    assert.match(first!.json.messages[0].content, /Topic: tyre pressure/);
    assert.deepEqual(second!.json.messages.map((m: { role: string }) => m.role), ['user', 'assistant', 'user']);
    assert.match(second!.json.messages[2].content, /That answer is invalid: scenes/);
  } finally {
    await server.close();
  }
});

test('Gemini: a script through generateContent — JSON asked for, the assistant is "model", the key only in its header', async () => {
  const answers = ['not json at all', good];
  const server = await startServer(() => ({ json: { candidates: [{ content: { role: 'model', parts: [{ text: answers.shift()! }] }, finishReason: 'STOP' }], usageMetadata: { totalTokenCount: 10 } } }));
  try {
    const script = await generateScript(geminiChat({ apiKey: 'gm-test-123456', model: 'gemini-2.5-flash', baseUrl: server.url }), template, params, { ...quick, breaker: breaker() });
    assert.equal(script.title, 'Tyre pressure');
    const [first, second] = server.seen;
    assert.equal(first!.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(first!.headers['x-goog-api-key'], 'gm-test-123456');
    assert.equal(first!.json.generationConfig.responseMimeType, 'application/json');
    assert.match(first!.json.systemInstruction.parts[0].text, /Answer with one JSON object/);
    assert.deepEqual(second!.json.contents.map((c: { role: string }) => c.role), ['user', 'model', 'user']);
  } finally {
    await server.close();
  }
});

test('Gemini: a blocked prompt is reported as such, not retried as garbage', async () => {
  const server = await startServer(() => ({ json: { promptFeedback: { blockReason: 'SAFETY' } } }));
  try {
    await assert.rejects(geminiChat({ apiKey: 'gm-test-123456', model: 'g', baseUrl: server.url }).chat([{ role: 'user', content: 'x' }], quick), (e: Error & { code?: string }) => e.code === 'LLM_FAILED' && /refused the prompt \(SAFETY\)/.test(e.message));
    assert.equal(server.seen.length, 1);
  } finally {
    await server.close();
  }
});
