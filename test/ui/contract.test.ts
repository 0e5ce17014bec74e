import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channels, EVENT_CHANNEL, studioEventNames, studioMethodNames, studioMethods, type StudioHandlers } from '../../preload/contract/studio-api';
import { buildExposedStudio } from '../../preload/expose';
import { registerIpc } from '../../main/app/ipc';
import { createDispatch } from '../../main/api/dispatch';
import { EventHub } from '../../main/api/event-hub';

test('the channel table covers every StudioApi method, one distinct channel each', () => {
  assert.deepEqual(Object.keys(channels).sort(), [...studioMethodNames].sort());
  assert.equal(new Set(Object.values(channels)).size, studioMethodNames.length);
  assert.ok(!Object.values(channels).includes(EVENT_CHANNEL));
});

test('the preload exposes exactly the contract, each method on its own channel', async () => {
  const invoked: Array<[string, unknown[]]> = [];
  const ipc = {
    invoke: async (channel: string, ...args: unknown[]) => (invoked.push([channel, args]), { ok: true, value: 42 }),
    on: () => undefined,
    removeListener: () => undefined,
    send: () => undefined,
  };
  const exposed = buildExposedStudio(ipc, () => '/x');
  assert.deepEqual(Object.keys(exposed).sort(), [...studioMethodNames, 'on', 'pathForFile'].sort());
  for (const m of studioMethodNames) {
    assert.deepEqual(await exposed[m]!('a'), { ok: true, value: 42 });
    assert.deepEqual(invoked.pop(), [channels[m], ['a']]);
  }
  // a failure of invoke itself (main gone) still arrives as an envelope, never a raw throw
  const broken = buildExposedStudio({ ...ipc, invoke: async () => { throw new Error('gone'); } }, () => '');
  const env = await broken.listProjects!();
  assert.equal(env.ok, false);
});

test('main registers one ipcMain.handle per method; every call is parsed before it runs', async () => {
  const handled = new Map<string, (e: { sender: unknown }, ...a: unknown[]) => Promise<unknown>>();
  const ran: string[] = [];
  const handlers = Object.fromEntries(studioMethodNames.map((m) => [m, async (...a: unknown[]) => (ran.push(m), a)])) as unknown as StudioHandlers;
  registerIpc({ handle: (c, fn) => void handled.set(c, fn), removeHandler: () => undefined, on: () => undefined }, createDispatch(handlers), new EventHub(), () => true);
  assert.deepEqual([...handled.keys()].sort(), Object.values(channels).sort());
  const bad = (await handled.get(channels.getProject)!({ sender: {} }, 42)) as { ok: boolean; error: { code: string } };
  assert.deepEqual([bad.ok, bad.error.code], [false, 'INVALID_INPUT']);
  assert.deepEqual(ran, [], 'a call with bad arguments never reaches the implementation');
  const good = (await handled.get(channels.getProject)!({ sender: {} }, 'abc')) as { ok: boolean; value: unknown };
  assert.deepEqual(good, { ok: true, value: ['abc'] });
});

test('every method and event has schemas', () => {
  for (const m of studioMethodNames) {
    assert.ok(studioMethods[m].args && studioMethods[m].result, m);
  }
  assert.deepEqual([...studioEventNames].sort(), ['job', 'jobRemoved', 'projectsChanged']);
});
