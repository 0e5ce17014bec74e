import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const root = new URL('../..', import.meta.url).pathname;

/** Starts a CLI server and waits for the line that names `label`; resolves with that URL. */
function start(args: string[], label: RegExp): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = label.exec(out);
      if (m) resolve({ child, url: m[1]!, out: () => out });
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`exited ${code} before it was ready:\n${out}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('the doors for scripts and agents, as the CLI starts them', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-doors-'));
  });

  after(async () => {
    for (const c of children) await stop(c);
    rmSync(dir, { recursive: true, force: true });
  });

  test('reelforge serve --token-file: the REST API and MCP share the bridge\'s port and the token kept in the file (owner-only)', async () => {
    const tokenFile = join(dir, 'token');
    const s = await start(['serve', '--home', join(dir, 'home'), '--port', '0', '--token-file', tokenFile, '--no-worker', '--renderer', join(dir, 'none')], /REST API: (\S+)/);
    children.push(s.child);
    const token = readFileSync(tokenFile, 'utf8').trim();
    assert.ok(token.length >= 32);
    if (process.platform !== 'win32') assert.equal(statSync(tokenFile).mode & 0o077, 0, 'nobody else can read the token');

    const templates = await fetch(`${s.url}/templates`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(templates.status, 200);
    assert.equal((await fetch(`${s.url}/templates`)).status, 401);

    const mcpUrl = /MCP \(Streamable HTTP\): (\S+)/.exec(s.out())![1]!;
    const client = new Client({ name: 'reelforge-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'create_video'));
    await client.close();
    await stop(s.child);
    assert.equal(s.child.exitCode, 0);
  });

  test('reelforge mcp --http keeps the same token across restarts when it lives in a file, and does not print it', async () => {
    const tokenFile = join(dir, 'mcp-token');
    const urls: string[] = [];
    for (let run = 0; run < 2; run++) {
      const s = await start(['mcp', '--http', '--home', join(dir, 'home'), '--token-file', tokenFile, '--no-worker'], /MCP endpoint: (\S+)/);
      children.push(s.child);
      urls.push(s.url);
      assert.doesNotMatch(s.out(), new RegExp(readFileSync(tokenFile, 'utf8').trim()), 'a token kept in a file is not printed');
      const client = new Client({ name: 'reelforge-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(s.url), { requestInit: { headers: { authorization: `Bearer ${readFileSync(tokenFile, 'utf8').trim()}` } } }));
      const r = (await client.callTool({ name: 'list_templates', arguments: {} })) as unknown as { structuredContent: { templates: unknown[] } };
      assert.ok(r.structuredContent.templates.length > 0);
      await client.close();
      await stop(s.child);
    }
    assert.match(urls[0]!, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/, 'loopback by default');
  });
});
