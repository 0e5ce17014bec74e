import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScript } from '../../main/script/llm/generate-script';
import { chatCompletion } from '../../main/script/llm/chat-client';
import { CircuitBreaker } from '../../main/net/circuit-breaker';
import { findTemplate } from '../../main/templates/load-templates';
import { scriptParamsSchema } from '../../preload/contract/template';
import { startLoopback } from './openai-loopback';

const template = findTemplate('bold-shorts');
const params = scriptParamsSchema.parse({ topic: 'tyre pressure', audience: 'new drivers', tone: 'practical', lengthSeconds: 25, language: 'de' });
const good = JSON.stringify({
  title: 'Tyre pressure',
  language: 'de',
  scenes: [
    { narration: 'Dein Reifen verliert jeden Monat Luft.', keywords: ['tyre', 'car'], role: 'hook' },
    { narration: 'Prüfe ihn einmal im Monat.', keywords: ['gauge'], role: 'point' },
    { narration: 'Folge für mehr Tipps.', keywords: ['road'], role: 'cta' },
  ],
});
const fast = { backoff: { baseMs: 5, maxMs: 50 }, timeoutMs: 2000 };
const freshBreaker = () => new CircuitBreaker('test', { failureThreshold: 10, cooldownMs: 60_000 });

test('LLM script: the request carries every parameter, the key and the model; a valid answer becomes the script', async () => {
  const server = await startLoopback([{ kind: 'answer', content: 'Here you go:\n```json\n' + good + '\n```' }]);
  try {
    const script = await generateScript({ baseUrl: server.baseUrl, model: 'llama3.2', apiKey: 'sk-local' }, template, params, { ...fast, breaker: freshBreaker() });
    assert.deepEqual(script.scenes.map((s) => s.role), ['hook', 'point', 'cta']);
    assert.equal(script.scenes[1]!.narration, 'Prüfe ihn einmal im Monat.');
    const req = server.seen[0]!;
    assert.equal(req.body.model, 'llama3.2');
    assert.equal(req.headers.authorization, 'Bearer sk-local');
    const prompt = req.body.messages.map((m) => m.content).join('\n');
    for (const s of ['tyre pressure', 'new drivers', 'practical', 'de', '25 seconds', `${template.structure.points.count} "point"`]) {
      assert.ok(prompt.includes(s), `prompt lacks ${s}`);
    }
  } finally {
    await server.close();
  }
});

test('LLM script: streaming (SSE cut at arbitrary bytes) delivers deltas as they come and the whole answer', async () => {
  const server = await startLoopback([{ kind: 'stream', content: good, pieces: 8, gapMs: 1 }]);
  try {
    const deltas: string[] = [];
    const script = await generateScript({ baseUrl: server.baseUrl, model: 'm' }, template, params, {
      ...fast,
      stream: true,
      onDelta: (d) => deltas.push(d),
      breaker: freshBreaker(),
    });
    assert.equal(server.seen[0]!.body.stream, true);
    assert.ok(deltas.length >= 8, `${deltas.length} deltas`);
    assert.equal(deltas.join(''), good);
    assert.equal(script.scenes.length, 3);
  } finally {
    await server.close();
  }
});

test('LLM script: malformed JSON and schema violations are sent back with the error until the answer is valid', async () => {
  const server = await startLoopback([
    { kind: 'answer', content: '{"title": "x", "scenes": [ {"narration": "unterminated' },
    { kind: 'answer', content: JSON.stringify({ title: 'x', scenes: [{ narration: '', keywords: [] }] }) },
    { kind: 'answer', content: good },
  ]);
  try {
    const script = await generateScript({ baseUrl: server.baseUrl, model: 'm' }, template, params, { ...fast, breaker: freshBreaker() });
    assert.equal(script.scenes.length, 3);
    assert.equal(server.seen.length, 3);
    const second = server.seen[1]!.body.messages.at(-1)!.content;
    assert.match(second, /not valid JSON/);
    const third = server.seen[2]!.body.messages.at(-1)!.content;
    assert.match(third, /scenes\.0\.narration: a scene needs narration/);
  } finally {
    await server.close();
  }
});

test('LLM script: gives up with LLM_FAILED when the model never answers with valid JSON', async () => {
  const server = await startLoopback([], { kind: 'answer', content: 'I cannot do JSON, sorry.' });
  try {
    await assert.rejects(
      generateScript({ baseUrl: server.baseUrl, model: 'm' }, template, params, { ...fast, maxRepairs: 1, breaker: freshBreaker() }),
      (e: Error & { code?: string }) => e.code === 'LLM_FAILED' && /after 2 tries/.test(e.message),
    );
    assert.equal(server.seen.length, 2);
  } finally {
    await server.close();
  }
});

test('LLM client: 429 (with Retry-After), 500 and a too-slow answer are retried; 400 is not', async () => {
  const server = await startLoopback([
    { kind: 'status', status: 429, retryAfter: '0' },
    { kind: 'status', status: 500 },
    { kind: 'answer', content: '{"late": true}', delayMs: 600 },
    { kind: 'answer', content: '{"ok": true}' },
    { kind: 'status', status: 400, body: '{"error":{"message":"model not found"}}' },
  ]);
  try {
    const logs: string[] = [];
    const text = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'hi' }], {
      ...fast,
      timeoutMs: 300,
      breaker: freshBreaker(),
      log: (l) => logs.push(l),
    });
    assert.equal(text, '{"ok": true}');
    assert.equal(server.seen.length, 4);
    assert.match(logs.join('\n'), /HTTP 429[\s\S]*HTTP 500[\s\S]*no answer within 300 ms/);
    await assert.rejects(
      chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'hi' }], { ...fast, breaker: freshBreaker() }),
      (e: Error & { code?: string }) => e.code === 'LLM_FAILED' && /HTTP 400.*model not found/.test(e.message),
    );
    assert.equal(server.seen.length, 5);
  } finally {
    await server.close();
  }
});

test('LLM client: the circuit opens after repeated failures and refuses calls without touching the server', async () => {
  const server = await startLoopback([], { kind: 'status', status: 503 });
  try {
    const breaker = new CircuitBreaker(server.baseUrl, { failureThreshold: 3, cooldownMs: 60_000 });
    const call = () => chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'hi' }], { ...fast, maxRetries: 5, breaker });
    await assert.rejects(call(), /not calling it again/);
    assert.equal(server.seen.length, 3);
    assert.equal(breaker.state, 'open');
    await assert.rejects(call(), (e: Error & { code?: string }) => e.code === 'LLM_FAILED' && /not calling it again for 60 s/.test(e.message));
    assert.equal(server.seen.length, 3, 'an open circuit must not send requests');
  } finally {
    await server.close();
  }
});

test('LLM client: cancelling stops a request that is waiting on a silent server', async () => {
  const server = await startLoopback([{ kind: 'hang' }]);
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(
      chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'hi' }], { ...fast, timeoutMs: 60_000, signal: controller.signal, breaker: freshBreaker() }),
      (e: Error & { code?: string }) => e.code === 'CANCELLED',
    );
    assert.equal(server.seen.length, 1);
  } finally {
    await server.close();
  }
});
