import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_CHANNEL, SUBSCRIBE_CHANNEL, studioMethodNames, type Envelope, type StudioHandlers, type StudioMethodName } from '../../preload/contract/studio-api';
import { StudioError } from '../../preload/contract/errors';
import { buildExposedStudio } from '../../preload/expose';
import { registerIpc } from '../../main/app/ipc';
import { createDispatch } from '../../main/api/dispatch';
import { EventHub } from '../../main/api/event-hub';
import { createStudio } from '../../main/api/create-studio';
import { bridgeTransport } from '../../renderer/api/bridge-client';
import { connectOverBridge } from '../api/bridge-harness';

const doc = { version: 1, id: 'p1', scenes: [{ visual: { type: 'color', color: '#000000' }, duration: 1 }] };

/**
 * One valid call of every method, as a renderer would make it. Typed by method name, so a method
 * added to the contract without an entry here fails the typecheck (and the first test).
 */
const validCalls: Record<StudioMethodName, unknown[]> = {
  getAppInfo: [],
  listProjects: [],
  getProject: ['p1'],
  saveProject: [doc],
  duplicateProject: ['p1'],
  renameProject: ['p1', 'New title'],
  deleteProject: ['p1'],
  listTemplates: [],
  applyTemplate: [doc, 'bold-shorts'],
  getTemplate: ['bold-shorts'],
  saveTemplate: [{ id: 'mine', name: 'Mine', structure: { hook: { phrase: { en: 'Hi' } }, points: { phrase: { en: '{point}' } }, cta: { phrase: { en: 'Bye' } } } }],
  duplicateTemplate: ['bold-shorts'],
  renameTemplate: ['mine', 'Mine again'],
  deleteTemplate: ['mine'],
  templateFromProject: [doc, 'From a project'],
  importTemplate: [{ name: 't.reelforge-template.json', path: '/tmp/t.reelforge-template.json' }],
  exportTemplate: ['bold-shorts'],
  listFonts: [],
  importFont: [{ name: 'a.ttf', path: '/tmp/a.ttf' }],
  importMedia: [[{ name: 'a.png', path: '/tmp/a.png' }]],
  renderPreview: [{ project: doc }],
  renderFrame: [{ project: doc, sceneIndex: 0, offset: 0.5 }],
  streamPreview: [{ project: doc, sceneIndex: 0, offset: 1.5 }],
  stopPreviewStream: [{ id: 's1' }],
  describeOutput: ['j1'],
  chooseFolder: [{}],
  enqueueRender: [{ projectId: 'p1' }],
  createVideo: [{ script: 'Hello.' }],
  voiceScene: [{ project: doc, sceneIndex: 0 }],
  listVoices: [],
  speakSample: [{}],
  voiceModel: [],
  importVoiceModel: [{ name: 'model.onnx', path: '/tmp/model.onnx' }],
  templatePreview: ['bold-shorts'],
  listMedia: [],
  listJobs: [],
  listJobsPage: [{ limit: 10 }],
  cancelJob: ['j1'],
  retryJob: ['j1'],
  revealOutput: ['j1'],
  getSettings: [],
  updateSettings: [{}],
  chooseFfmpeg: [],
  getCapabilities: [],
  listProviders: [],
  testProvider: ['openai-chat'],
  setProviderKey: ['openai-chat', null],
  getFarm: [],
  setFarm: [{ url: 'redis://127.0.0.1:6379' }],
  farmStatus: [],
  getJob: ['j1'],
  generateScript: [{ topic: 'tide pools' }],
  synthesizeVoice: [{ text: 'Hello.' }],
  captionVideo: [{ video: '/tmp/v.mp4', script: 'Hello.' }],
};

/** A call every method must refuse: a number where its first argument goes, or one argument too many. */
const badCall = (m: StudioMethodName): unknown[] => (validCalls[m].length === 0 ? ['unexpected'] : [12345, ...validCalls[m].slice(1)]);

/** main's IPC handlers, registered on a stand-in ipcMain, and the preload built on a stand-in ipcRenderer that calls them. */
function wired(trusted = true) {
  const handled = new Map<string, (e: { sender: unknown }, ...a: unknown[]) => Promise<unknown>>();
  const ran: Array<[string, unknown[]]> = [];
  const handlers = Object.fromEntries(studioMethodNames.map((m) => [m, async (...a: unknown[]) => void ran.push([m, a])])) as unknown as StudioHandlers;
  registerIpc({ handle: (c, fn) => void handled.set(c, fn), removeHandler: (c) => void handled.delete(c), on: () => undefined }, createDispatch(handlers), new EventHub(), () => trusted);
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = handled.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler({ sender: {} }, ...args);
    },
    on: () => undefined,
    removeListener: () => undefined,
    send: () => undefined,
  };
  return { exposed: buildExposedStudio(ipcRenderer, () => '/x'), ran, handled };
}

test('the preload exposes the contract and nothing else; every method reaches its own implementation over IPC, arguments parsed', async () => {
  assert.deepEqual(Object.keys(validCalls).sort(), [...studioMethodNames].sort(), 'an example call for every method');
  const { exposed, ran, handled } = wired();
  assert.deepEqual(Object.keys(exposed).sort(), [...studioMethodNames, 'on', 'pathForFile'].sort());
  assert.ok(![...handled.keys()].some((c) => c === EVENT_CHANNEL || c === SUBSCRIBE_CHANNEL), 'no method answers on the event channels');
  for (const m of studioMethodNames) {
    const env = await exposed[m]!(...validCalls[m]);
    assert.deepEqual(env, { ok: true, value: undefined }, `${m}: ${JSON.stringify(env)}`);
    assert.equal(ran.length, 1, `${m} ran exactly one implementation`);
    assert.equal(ran.pop()![0], m, `${m} reached its own implementation`);
  }
  // Arguments arrive parsed: defaults filled in by the method's schema.
  await exposed.getCapabilities!();
  assert.deepEqual(ran.pop(), ['getCapabilities', [{ refresh: false }]]);
  await exposed.createVideo!({ script: 'Hello.' });
  const [, [request]] = ran.pop()! as [string, [{ templateId: string; captions: string; render: boolean }]];
  assert.deepEqual([request.templateId, request.captions, request.render], ['bold-shorts', 'burn', true]);
});

test('over IPC every method refuses a bad argument with INVALID_INPUT naming the method, and never runs', async () => {
  const { exposed, ran } = wired();
  for (const m of studioMethodNames) {
    const env = (await exposed[m]!(...badCall(m))) as Envelope;
    assert.equal(env.ok, false, m);
    if (env.ok) continue;
    assert.equal(env.error.code, 'INVALID_INPUT', m);
    assert.match(env.error.message, new RegExp(`^bad arguments for ${m}:`));
  }
  assert.deepEqual(ran, [], 'no implementation saw a bad call');
  // A frame that is not the app's page is refused before anything is parsed or run.
  const untrusted = wired(false);
  const env = (await untrusted.exposed.listProjects!()) as Envelope;
  assert.deepEqual(env.ok ? 'ran' : env.error.message, 'call from an untrusted frame refused');
  assert.deepEqual(untrusted.ran, []);
  // main gone (invoke itself throws): still an envelope, never a raw throw into the page.
  const gone = buildExposedStudio({ invoke: async () => { throw new Error('gone'); }, on: () => undefined, removeListener: () => undefined, send: () => undefined }, () => '');
  assert.equal((await gone.listProjects!()).ok, false);
});

test('over the WebSocket bridge every method is served with its schema enforced; an unknown method is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-contract-'));
  const studio = await createStudio({ home: dir, transport: 'bridge', worker: false });
  const bridge = await connectOverBridge(studio);
  t.after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const raw = bridgeTransport(bridge.server.wsUrl);
  await raw.ready;
  t.after(() => raw.close());
  for (const m of studioMethodNames) {
    await assert.rejects(raw.call(m, badCall(m)), (err: unknown) => {
      assert.ok(err instanceof StudioError, `${m}: ${String(err)}`);
      assert.equal(err.code, 'INVALID_INPUT', m);
      assert.match(err.message, new RegExp(`^bad arguments for ${m}:`));
      return true;
    });
  }
  await assert.rejects(raw.call('runShell' as StudioMethodName, ['rm -rf /']), (err: unknown) => err instanceof StudioError && err.code === 'NOT_FOUND' && /no such studio method: runShell/.test(err.message));
  // and a good call is answered, through the typed client that parses results with their schemas
  assert.equal((await bridge.api.getAppInfo()).transport, 'bridge');
  assert.deepEqual(await bridge.api.listProjects(), []);
});
