import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../main/cli/main';
import { importVoiceModel, kokoroModelPath, pullVoiceModel, verifyVoiceModel, voiceModelDownloadPath, voiceModelStatus } from '../../main/models/voice-model';
import { Tts } from '../../native/tts/tts';
import { tinyKokoroModel } from './kokoro-test-model';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A loopback file server that speaks HTTP Range, and can be told to drop the connection half-way. */
async function fileServer(t: { after(fn: () => void): void }, body: Buffer) {
  const log: { range?: string; status: number }[] = [];
  let cutAfter: number | undefined;
  let cutWhen: () => boolean = () => true;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = range ? Number(range[1]) : 0;
    const status = range ? 206 : 200;
    log.push({ range: req.headers.range, status });
    res.writeHead(status, { 'content-length': body.length - from, ...(range ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
    if (cutAfter !== undefined) {
      // the first half, then the connection dropped once the client has written some of it: a
      // drop before a loaded client read anything leaves nothing to resume (rightly a fresh start)
      res.write(body.subarray(from, from + cutAfter));
      cutAfter = undefined;
      const started = Date.now();
      const drop = () => (cutWhen() || Date.now() - started > 10_000 ? res.destroy() : setTimeout(drop, 10));
      drop();
      return;
    }
    res.end(body.subarray(from));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kokoro.onnx`, log, cutNextAfter: (n: number, when: () => boolean = () => true) => ((cutAfter = n), (cutWhen = when)) };
}

test('models pull: an interrupted download resumes with a Range request, is checked by SHA-256, and only then installed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-vm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const model = Buffer.from(tinyKokoroModel());
  const srv = await fileServer(t, model);
  const part = `${voiceModelDownloadPath({ dir }, sha(model))}.part`;
  srv.cutNextAfter(Math.floor(model.length / 2), () => existsSync(part) && statSync(part).size > 0);
  const progress: number[] = [];
  await assert.rejects(pullVoiceModel({ dir, url: srv.url, sha256: sha(model), onProgress: (p) => progress.push(p.received) }));
  assert.equal(voiceModelStatus({ dir }).installed, false, 'half a model is not installed');
  const st = await pullVoiceModel({ dir, url: srv.url, sha256: sha(model) });
  assert.equal(srv.log.at(-1)!.status, 206, 'the second attempt continued where the first stopped');
  assert.match(srv.log.at(-1)!.range!, /^bytes=\d+-$/);
  assert.ok(progress.length > 1 && progress.at(-1)! > 0);
  assert.equal(st.installed, true);
  assert.equal(st.meta!.sha256, sha(model));
  assert.equal(st.meta!.durations, true);
  assert.deepEqual(readFileSync(kokoroModelPath({ dir })), model);
  assert.deepEqual(readdirSync(join(dir, 'tts', '.downloads')), [], 'no partial file left');
  assert.deepEqual(await verifyVoiceModel({ dir }), { ok: true, problems: [] });
  // the voice picker now offers Kokoro, found where the manager put it
  const tts = new Tts({ neuralModelDir: join(dir, 'tts') });
  assert.ok((await tts.listVoices()).some((v) => v.id === 'neural:af_heart'));
});

test('models pull: a file whose checksum does not match is deleted and nothing is installed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-vm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const srv = await fileServer(t, Buffer.from(tinyKokoroModel()));
  await assert.rejects(pullVoiceModel({ dir, url: srv.url, sha256: 'ab'.repeat(32) }), /checksum mismatch .* expected sha256 abab/);
  assert.equal(voiceModelStatus({ dir }).installed, false);
  assert.deepEqual(readdirSync(join(dir, 'tts', '.downloads')), []);
  await assert.rejects(pullVoiceModel({ dir, url: srv.url }), /--url needs --sha256/);
});

test('models import (offline) takes a Kokoro file, copies it (the user keeps theirs), and refuses one that is not Kokoro', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-vm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'my-kokoro.onnx');
  writeFileSync(file, tinyKokoroModel({ durations: false }));
  let out = '';
  const io = { out: { write: (s: string) => ((out += s), true) } as never, err: { write: () => true } as never };
  assert.equal(await main(['models', 'list', '--home', join(dir, 'home')], io), 0);
  assert.match(out, /kokoro \(neural voice\) not installed: run `reelforge models pull kokoro`/);
  assert.equal(await main(['models', 'import', file, '--home', join(dir, 'home')], io), 0);
  assert.match(out, /imported the Kokoro voice model \(without per-token durations\)/);
  assert.ok(existsSync(file), 'the imported file is still where the user had it');
  assert.equal(await main(['models', 'verify', 'kokoro', '--home', join(dir, 'home')], io), 0);
  assert.match(out, /kokoro: ok/);
  await assert.rejects(importVoiceModel(join(dir, 'nothing.onnx'), { dir }), /no such file/);
  writeFileSync(join(dir, 'junk.onnx'), 'not a model');
  await assert.rejects(importVoiceModel(join(dir, 'junk.onnx'), { dir }), /not a loadable ONNX model/);
});
