import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../main/cli/commands';
import { main } from '../../main/cli/main';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { bundledNcnn } from '../../main/upscale/model-catalog';
import { locateFfmpeg } from '../../native/ffmpeg/locate';

/**
 * The README's commands, run: every command in its shell blocks, every command of its CLI table
 * (with small inputs), every option it documents checked against the command's own usage. A README
 * that names a command, an option or an npm script the CLI doesn't have fails here, and so does a
 * CLI command the README doesn't list.
 */
const root = new URL('../..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const ffmpeg = locateFfmpeg({ env: process.env }).ffmpeg.path;
const ffprobe = locateFfmpeg({ env: process.env }).ffprobe.path;

/** Commands of the shell blocks that are not run here, each with why. Every other one is run. */
const notRun: Record<string, string> = {
  'npm ci': 'would reinstall the shared node_modules; CI (.ci/run) runs it on a fresh machine',
  'npm test': 'is this suite',
  'npm pkg set allowScripts.electron=true': "the Electron section: Electron's binary cannot be downloaded on the build machines (the README says so)",
  'npm install': 'the Electron section (see above)',
  'npx @electron/rebuild -f -w better-sqlite3': 'the Electron section (see above)',
  'cp node_modules/better-sqlite3/build/Release/better_sqlite3.node node_modules/better-sqlite3/build/Release/better_sqlite3-electron.node': 'the Electron section (see above)',
  'npm rebuild better-sqlite3': 'the Electron section (see above)',
  'npm start': 'the Electron section (see above)',
  'npm run dist': 'the Electron section (see above)',
  'redis-server --requirepass "$FARM_PASSWORD" --appendonly yes --appendfsync everysec --maxmemory-policy noeviction':
    'the Render farm section needs other machines; test/farm/ runs the same with a redis-server on a free loopback port',
  'reelforge worker --farm "redis://:$FARM_PASSWORD@redis-host:6379" --home ~/reelforge-worker': 'the Render farm section (see above): test/farm/ starts workers like this',
  'reelforge render project.json -o out.mp4 --farm "redis://:$FARM_PASSWORD@redis-host:6379" [--chunk-seconds 20] [--advertise 10.0.0.7]':
    'the Render farm section (see above): test/farm/ renders like this',
};

interface ShellCommand {
  command: string;
  /** options documented in the comment lines under it (`#   --media ./my-clips …`) */
  documentedOptions: string[];
}

/** The commands of every ```sh block: comments dropped, `a && b` split, option comment lines kept with their command. */
function shellCommands(text: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const body of shellBlocks(text).filter((b) => !isSession(b))) {
    for (const line of body.split('\n')) {
      const optionLine = /^#\s+--/.test(line);
      if (optionLine && out.length) out.at(-1)!.documentedOptions.push(...[...line.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]));
      const code = line.replace(/(^|\s)#.*$/, '').trim();
      if (!code) continue;
      for (const command of code.split(' && ')) out.push({ command: command.trim(), documentedOptions: [] });
    }
  }
  return out;
}

function shellBlocks(text: string): string[] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** A block that is one session (a server started, then requests to it with shell variables): it runs whole, in bash. */
const isSession = (block: string) => /^curl /m.test(block);

/**
 * The session as bash can run it here: the CLI by its path, a free port for 8787, a small frame for
 * the video, and the two things the README leaves to the reader filled in (the job id the POST
 * printed, the caption file's name from `companions`); the server is waited for and stopped.
 */
function sessionScript(block: string, port: number): string {
  const node = `"${process.execPath}"`;
  const lines = block
    .replace(/^reelforge (.*)&\s*$/m, `${node} "${join(root, 'bin/reelforge.js')}" $1&\nfor i in $(seq 300); do [ -s ~/.reelforge-token ] && curl -s -o /dev/null http://127.0.0.1:${port}/ && break; sleep 0.1; done`)
    .replace(/8787/g, String(port))
    .replace(/"templateId": "bold-shorts"/, '"templateId": "bold-shorts", "settings": {"width": 144, "height": 256, "fps": 12}')
    .replace(/(curl [^\n]*\$API\/videos -d '[^']*')/, `VIDEO=$($1); echo "$VIDEO"; ID=$(${node} -p 'JSON.parse(process.argv[1]).id' "$VIDEO")`)
    .replace(/^(curl .*\/files\/)bees-….srt/m, `SRT=$(curl -s -H "$AUTH" $API/jobs/$ID | ${node} -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).companions.find((f) => f.endsWith(".srt")).split("/").pop()')\n$1$SRT`);
  return `set -euo pipefail\n${lines}\nkill %1\nwait\n`;
}

/** The CLI table: for each row, the command name, the actions (`add\|list\|…`) and the options it shows. */
function tableRows(text: string): Array<{ name: string; actions: string[]; options: string[] }> {
  const rows: Array<{ name: string; actions: string[]; options: string[] }> = [];
  const table = text.slice(text.indexOf('| command | what it does |'));
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const firstCell = line.slice(1).split(/(?<!\\)\|/)[0]!;
    for (const [, code] of firstCell.matchAll(/`([^`]+)`/g)) {
      const words = code!.replace(/\\\|/g, '|').split(/\s+/);
      const name = words[0]!;
      const actions = words[1] && /^[a-z]+(\|[a-z]+)*$/.test(words[1]) ? words[1].split('|') : [];
      rows.push({ name, actions, options: [...code!.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]) });
    }
  }
  return rows;
}

/** `reelforge <cmd> …` written inline in the prose, e.g. `reelforge models pull kokoro`. */
function inlineCommands(text: string): string[][] {
  return [...text.matchAll(/`reelforge ([a-z][^`]*)`/g)].map((m) => m[1]!.split(/\s+/));
}

const usageOf = async (name: string) => (await commands.find((c) => c.name === name)!.load()).usage;

/** A copy of the checkout made of links, where `out/` and the inputs made small are its own. */
function sandbox(dir: string): string {
  const box = join(dir, 'checkout');
  mkdirSync(box);
  for (const entry of readdirSync(root)) if (!['out', 'assets', '.git'].includes(entry)) symlinkSync(join(root, entry), join(box, entry));
  // assets/: the same files, except the demo project at a small size (same scenes, media and sound).
  const linkAll = (from: string, to: string, except: string[]) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) if (!except.includes(entry)) symlinkSync(join(from, entry), join(to, entry));
  };
  linkAll(join(root, 'assets'), join(box, 'assets'), ['examples']);
  linkAll(join(root, 'assets/examples'), join(box, 'assets/examples'), ['demo']);
  linkAll(join(root, 'assets/examples/demo'), join(box, 'assets/examples/demo'), ['project.json']);
  const demo = JSON.parse(readFileSync(join(root, 'assets/examples/demo/project.json'), 'utf8')) as { settings?: Record<string, unknown> };
  demo.settings = { ...demo.settings, width: 144, height: 256, fps: 12 };
  writeFileSync(join(box, 'assets/examples/demo/project.json'), JSON.stringify(demo));
  return box;
}

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

function sh(cwd: string, env: NodeJS.ProcessEnv, argv: string[]): Ran {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, env, encoding: 'utf8', maxBuffer: 16 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Shell-like words: quotes grouped, nothing expanded (the README's commands need no more). */
const words = (command: string) => [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);

/** A port nothing listens on now (the README's 8787 may be taken on a shared machine). */
function freePort(): number {
  const r = spawnSync(process.execPath, ['-e', "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

function isVideo(file: string): boolean {
  const r = spawnSync(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return r.status === 0 && Number(r.stdout) > 0;
}

test("every command of the README's shell blocks runs (small inputs), or is listed here with why it cannot", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const box = sandbox(dir);
  const env = { ...process.env, REELFORGE_HOME: join(dir, 'home') };
  const found = shellCommands(readme);
  assert.ok(found.some((c) => c.command.startsWith('node bin/reelforge.js make')), 'the README shows make');
  for (const stale of Object.keys(notRun)) assert.ok(found.some((c) => c.command === stale), `"${stale}" is no longer in the README: drop it from notRun`);

  for (const block of shellBlocks(readme).filter(isSession)) {
    const port = freePort();
    const script = sessionScript(block, port);
    const r = spawnSync('bash', ['-c', script], { cwd: dir, env: { ...env, HOME: dir }, encoding: 'utf8', maxBuffer: 16 << 20, timeout: 300_000 });
    assert.equal(r.status, 0, `the session block:\n${script}\n${r.stderr.slice(-2000)}`);
    const answered = (pattern: RegExp, what: string) => assert.ok(pattern.test(r.stdout), `${what}: ${r.stdout.slice(0, 3000)}`);
    answered(/"bold-shorts"/, 'GET /templates');
    // natural voices come first (listed, marked not installed, where the model is absent)
    answered(/"voices":\[\{"id":"neural:/, 'GET /voices');
    answered(/event: end/, "the job's event stream ends");
    answered(/"state":\s*"completed"/, 'GET /jobs/$ID says completed');
    assert.ok(isVideo(join(dir, 'bees.mp4')), 'GET /jobs/$ID/output is the video');
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.srt')), 'a caption file by its name in companions');
  }

  for (const { command } of found) {
    if (notRun[command]) continue;
    let argv = words(command);
    if (argv[0] === 'npm' && argv[1] === 'run') {
      assert.ok(scripts[argv[2]!], `the README runs "npm run ${argv[2]}", which package.json does not have`);
    } else if (argv[0] === 'node' && argv[1] === 'bin/reelforge.js') {
      // make at a small frame (the script, template and voice as written)
      if (argv[2] === 'make') argv = [...argv, '--size', '144x256'];
      argv = [process.execPath, ...argv.slice(1)];
    } else {
      assert.fail(`the README shows "${command}": run it here or add it to notRun with a reason`);
    }
    const r = sh(box, env, argv);
    assert.equal(r.code, 0, `${command}\n${r.err.slice(-2000)}`);
    // Whatever it says it writes under out/ is there, and is a video.
    for (const out of command.match(/out\/[\w.-]+\.mp4/g) ?? []) assert.ok(isVideo(join(box, out)), `${command} wrote ${out}`);
    if (argv[1] === 'run') for (const out of scripts[argv[2]!]!.match(/out\/[\w.-]+\.mp4/g) ?? []) assert.ok(isVideo(join(box, out)), `${command} wrote ${out}`);
  }
});

test("the options the README documents under its commands are the command's own", async () => {
  for (const { command, documentedOptions } of shellCommands(readme)) {
    if (!documentedOptions.length) continue;
    const name = words(command)[2]!;
    const usage = await usageOf(name);
    for (const option of documentedOptions) assert.ok(usage.includes(option), `the README documents ${option} for ${name}; its usage does not have it:\n${usage}`);
  }
});

test('the CLI table lists exactly the CLI\'s commands, each action and option in the command\'s usage; inline commands exist too', async () => {
  const help = spawnSync(process.execPath, [join(root, 'bin/reelforge.js'), '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  const cliNames = [...help.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
  assert.deepEqual(cliNames, commands.map((c) => c.name), '--help lists the command table');
  const rows = tableRows(readme);
  assert.deepEqual([...new Set(rows.map((r) => r.name))].sort(), [...cliNames].sort(), 'the README table and the CLI have the same commands');
  for (const row of rows) {
    const usage = await usageOf(row.name);
    for (const a of row.actions) assert.match(usage, new RegExp(`(^|\\s)${a}(\\s|$)`, 'm'), `README: ${row.name} ${a}; usage:\n${usage}`);
    for (const o of row.options) assert.ok(usage.includes(o), `README: ${row.name} ${o}; usage:\n${usage}`);
  }
  for (const [name, action] of inlineCommands(readme)) {
    assert.ok(cliNames.includes(name!), `the README says \`reelforge ${name}\``);
    if (action && /^[a-z]+$/.test(action)) assert.match(await usageOf(name!), new RegExp(`(^|\\s)${action}(\\s|$)`, 'm'), `the README says \`reelforge ${name} ${action}\``);
  }
  for (const [, script] of readme.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts[script!], `the README mentions "npm run ${script}"`);
  for (const [, script] of readme.matchAll(/`(bench:\w+)`/g)) assert.ok(scripts[script!], `the README mentions ${script}`);
});

test('every command of the CLI table runs with small inputs, as the table writes it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-readme-table-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const home = join(dir, 'home');
  const env = { ...process.env, REELFORGE_HOME: home };
  const ran = new Set<string>();
  // Run in this process through the CLI's own main() (what bin/reelforge.js calls), in the folder
  // the inputs are in and with REELFORGE_HOME set, as a user's shell would have them (read by the
  // configuration main() is handed, as its entry point would read it): the spawned CLI is already
  // exercised by the shell blocks above, and a process per command costs a second.
  const cwd = process.cwd();
  process.chdir(dir);
  t.after(() => process.chdir(cwd));
  const config = buildRuntimeConfig({ env });
  const cli = async (...args: string[]): Promise<Ran> => {
    ran.add(args[0]!);
    let out = '';
    let err = '';
    const sink = (add: (s: string) => void) => ({ write: (s: string | Uint8Array) => (add(String(s)), true) }) as unknown as NodeJS.WritableStream;
    const code = await main(args, { out: sink((s) => (out += s)), err: sink((s) => (err += s)), config });
    return { code, out, err };
  };
  const ok = (r: Ran, what: string) => assert.equal(r.code, 0, `${what}: ${r.err.slice(-1500)}`);

  // Small inputs: a 1 s project, a CSV of one row, a 32×32 picture.
  spawnSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x64', '-frames:v', '1', join(dir, 'still.png')]);
  spawnSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=32x32', '-frames:v', '1', join(dir, 'small.png')]);
  writeFileSync(join(dir, 'project.json'), JSON.stringify({
    version: 1, title: '{{title}}', settings: { width: 144, height: 256, fps: 10 },
    scenes: [{ visual: { type: 'image', path: 'still.png' }, duration: 0.5 }, { visual: { type: 'text', text: '{{title}}' }, duration: 0.5, transition: { type: 'cut' } }],
  }));
  writeFileSync(join(dir, 'rows.csv'), 'title\nFrom a row\n');

  // render, with the table's options
  ok((await cli('render', 'project.json', '-o', 'out.mp4', '--encoder', 'auto', '--quiet')), 'render');
  assert.ok(isVideo(join(dir, 'out.mp4')));
  const plan = (await cli('render', 'project.json', '--plan'));
  ok(plan, 'render --plan');
  assert.ok((JSON.parse(plan.out) as { filterGraph: unknown }).filterGraph, 'the plan is JSON with the filter graph');
  ok((await cli('render', 'project.json', '-o', 'verbose.mp4', '--verbose')), 'render --verbose');
  // make: the README's shell block runs it (test above); here its table form, with a script of one line
  writeFileSync(join(dir, 's.txt'), 'One short line.\n');
  ok((await cli('make', '--script', 's.txt', '--template', 'calm-explainer', '--voice', 'espeak-ng:en-us', '--captions', 'sidecar', '--format', 'square', '--size', '128x128', '-o', 'made.mp4', '--quiet')), 'make');
  assert.ok(isVideo(join(dir, 'made.mp4')));
  assert.ok(existsSync(join(dir, 'made.srt')) && existsSync(join(dir, 'made.vtt')) && existsSync(join(dir, 'made.ass')), `--captions sidecar writes .srt, .vtt and .ass next to the video: ${readdirSync(dir).join(', ')}`);
  ok((await cli('doctor')), 'doctor');

  // the queue: add, list, show, pause, resume, cancel, retry; batch; worker; status --follow
  const add = (await cli('queue', 'add', 'project.json', '-o', join(dir, 'queued.mp4')));
  ok(add, 'queue add');
  const id = add.out.trim();
  ok((await cli('batch', 'project.json', 'rows.csv', '--out-dir', join(dir, 'batch'), '--size', '128x228')), 'batch');
  ok((await cli('queue', 'pause')), 'queue pause');
  ok((await cli('queue', 'resume')), 'queue resume');
  const list = (await cli('queue', 'list'));
  ok(list, 'queue list');
  assert.match(list.out, /2 waiting/);
  ok((await cli('queue', 'show', id)), 'queue show');
  ok((await cli('queue', 'cancel', id)), 'queue cancel');
  ok((await cli('queue', 'retry', id)), 'queue retry');
  ok((await cli('worker')), 'worker');
  const status = (await cli('status', id, '--follow'));
  ok(status, 'status --follow');
  assert.ok(isVideo(join(dir, 'queued.mp4')), 'the queued job was rendered');
  assert.deepEqual(readdirSync(join(dir, 'batch')).filter((f) => f.endsWith('.mp4')).length, 1, 'one video per CSV row');

  // models and upscale
  const model = bundledNcnn('realesrgan-x4fast')!;
  ok((await cli('models', 'import', model.param, model.bin, '--name', 'realesrgan-x4fast')), 'models import');
  assert.match((await cli('models', 'list')).out, /realesrgan-x4fast/);
  ok((await cli('models', 'verify', 'realesrgan-x4fast')), 'models verify');
  ok((await cli('models', 'convert', model.param, model.bin, '-o', join(dir, 'converted.onnx'))), 'models convert');
  ok((await cli('upscale', 'small.png', '-o', 'big.png', '--model', 'realesrgan-x4fast', '--scale', '2', '--tile', '32', '--provider', 'cpu', '--quiet')), 'upscale');
  assert.ok(existsSync(join(dir, 'big.png')));

  // the render farm: its status against a real Redis with no workers yet (test/farm/ runs the rest)
  const { startRedis } = await import('../farm/farm-harness');
  const redis = await startRedis();
  t.after(() => redis.stop());
  const farm = await cli('farm', 'status', '--farm', redis.url);
  ok(farm, 'farm status');
  assert.match(farm.out, /: 0 workers/);

  assert.match((await cli('templates')).out, /bold-shorts/);
  assert.match((await cli('voices')).out, /espeak-ng/);
  assert.match((await cli('providers', 'list')).out, /os-voice/);
  assert.match((await cli('providers', 'test', 'os-voice')).out, /✓ os-voice: espeak-ng/);

  // serve and mcp: each prints where it listens, answers there (refusing a request without the
  // token), and stops on Ctrl-C
  const listen = async (args: string[], pattern: RegExp) => {
    ran.add(args[0]!);
    const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let printed = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString();
        const m = pattern.exec(printed);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`${args[0]} exited: ${printed}`)));
    });
    return { url, printed, stop: async () => (child.kill('SIGINT'), exited) };
  };
  const serve = await listen(['serve', '--port', '0', '--token-file', join(dir, 'serve.token'), '--host', '127.0.0.1', '--no-worker'], /REST API: (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/);
  const token = readFileSync(join(dir, 'serve.token'), 'utf8').trim();
  assert.equal((await fetch(`${serve.url}/templates`)).status, 401, 'no token, no answer');
  const templates = await fetch(`${serve.url}/templates`, { headers: { authorization: `Bearer ${token}` } });
  assert.match(await templates.text(), /bold-shorts/);
  assert.equal(await serve.stop(), 0);
  const mcp = await listen(['mcp', '--http', '0', '--token-file', join(dir, 'mcp.token'), '--no-worker'], /MCP endpoint: (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
  assert.equal((await fetch(mcp.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 401, 'no token, no answer');
  assert.equal(await mcp.stop(), 0);

  assert.deepEqual([...ran].sort(), [...new Set(tableRows(readme).map((r) => r.name))].sort(), 'every command of the table was run');
});
