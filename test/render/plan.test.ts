import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { join } from 'node:path';
import { loudnessPassArgs, planRender, transitionChain } from '../../main/render/plan';
import { renderFilters } from '../../main/render/render-filters';
import { filtersInGraph } from '../../native/ffmpeg/graph-filters';
import { computeTimeline } from '../../main/render/timeline';
import { projectCaptionEvents } from '../../main/captions/project-captions';
import { buildAss } from '../../main/captions/ass';
import type { PreparedRender } from '../../main/render/prepare';
import type { MediaInfo } from '../../native/ffmpeg/probe';
import { parseProject } from '../../main/project/load-project';
import { media, tempDir } from './fixtures';

const dir = tempDir();
const still = media.still(dir, 'a.png', 'red');
const clip = media.clip(dir, 'c.mp4');
const voice = media.voice(dir, 'v.m4a', 1);

function project(scenes: unknown[], extra: Record<string, unknown> = {}) {
  return parseProject({ version: 1, settings: { width: 180, height: 320, fps: 10 }, scenes, ...extra }, dir).project;
}

const fakeMedia = new Map<string, MediaInfo>([
  [clip, { path: clip, format: 'mov', duration: 1, streams: [], video: { index: 0, type: 'video', codec: 'h264' }, audio: { index: 1, type: 'audio', codec: 'aac' } }],
]);

function prepared(p: ReturnType<typeof project>, narration: Array<number | undefined>): PreparedRender {
  const frame = { width: 180, height: 320, fps: 10 };
  return { project: p, frame, timeline: computeTimeline(p, narration, 10), media: fakeMedia };
}

test('fit-to-narration scenes last transition halves + narration + padding, and narrations never overlap', () => {
  const p = project([
    { visual: { type: 'color', color: '#000000' }, audio: voice, padding: 0.5 },
    { visual: { type: 'color', color: '#ffffff' }, audio: voice, padding: 0.5, transition: { type: 'fade', duration: 1 } },
    { visual: { type: 'color', color: '#ff0000' }, duration: 2, transition: { type: 'cut' } },
  ]);
  const t = computeTimeline(p, [2, 3, undefined], 10);
  assert.deepEqual(t.slots.map((s) => s.duration), [3, 4, 2]); // 2+0.5+0.5 ; 0.5+3+0.5 ; fixed
  assert.deepEqual(t.slots.map((s) => s.start), [0, 2, 6]);
  assert.equal(t.duration, 8);
  assert.equal(t.frames, 80);
  const [a, b] = t.slots;
  assert.ok(a!.narrationStart + 2 + 0.5 <= b!.narrationStart + 1e-9, 'the padding separates the narrations');
});

test('a transition longer than half a scene is shortened, not refused', () => {
  const p = project([
    { visual: { type: 'color', color: '#000000' }, duration: 1 },
    { visual: { type: 'color', color: '#ffffff' }, duration: 1, transition: { type: 'fade', duration: 3 } },
  ]);
  const t = computeTimeline(p, [undefined, undefined], 10);
  assert.equal(t.slots[1]!.transitionIn.duration, 0.5);
  assert.equal(t.duration, 1.5);
});

test("'fit' without narration audio is refused with the scene's path", () => {
  const p = project([{ visual: { type: 'color', color: '#000000' } }]);
  assert.throws(() => computeTimeline(p, [undefined], 10), /scenes\[0\]\.duration/);
});

test('the whole timeline compiles to one graph: a chain per scene, xfade at each transition offset, concat at cuts', () => {
  const p = project([
    { visual: { type: 'image', path: still }, duration: 2 },
    { visual: { type: 'video', path: clip }, duration: 2, transition: { type: 'wipeleft', duration: 0.5 } },
    { visual: { type: 'text', text: 'Hello' }, duration: 2, transition: { type: 'cut' } },
    { visual: { type: 'gradient', from: '#000000', to: '#ffffff' }, duration: 2 },
  ]);
  const plan = planRender(prepared(p, [undefined, undefined, undefined, undefined]), {
    encoder: encoderProfile('libx264')!, loudness: { kind: 'none' }, hasXfade: true,
  });
  const g = plan.filterGraph;
  for (const i of [0, 1, 2, 3]) assert.ok(g.includes(`[v${i}]`), `scene ${i} has a chain`);
  // a sub-pixel Ken Burns: the still held for 20 frames, each cut by numbers sent for that frame
  assert.match(g, /loop=loop=19:size=1:start=0,.*sendcmd=c='-0\.05-0\.05 \[enter\] crop@kb0s0a w \d+, crop@kb0s0a h \d+, crop@kb0s0a x \d+, crop@kb0s0a y \d+;/, 'the still gets a Ken Burns zoom over its 20 frames');
  assert.match(g, /1\.85-1\.95 \[enter\] crop@kb0s0a w/, 'with numbers for its last frame');
  assert.match(g, /scale=w='if\(lt\(n,\d+\).*:eval=frame:flags=bilinear:threads=1,crop=w=180:h=320:x='/, 'scaled and cropped per frame');
  // Only the overlaps go through xfade; everything is joined by one concat, in timeline order.
  assert.match(g, /\[v0\]split=2\[b0in\]\[t0in\]/);
  assert.match(g, /\[t0in\]trim=start_frame=15:end_frame=20,setpts=PTS-STARTPTS\[t0\]/);
  // a 0.5 s overlap at 10 fps is 5 frames; xfade is timed over 4 of them (see transitionChain)
  assert.match(g, /\[tb1\]\[h1\]xfade=transition=wipeleft:duration=0\.4:offset=0,trim=start_frame=1,setpts=PTS-STARTPTS,format=yuv420p\[xi1\]/);
  assert.match(g, /\[xo1\]\[xi1\]concat=n=2:v=1:a=0\[x1\]/, "the overlap's first frame is the outgoing scene's own");
  assert.match(g, /\[x1\]\[b1\]\[b2\]/, 'a cut joins scenes without xfade');
  // a plain fade is a blend in yuv420p, its opacity stepped from 1 down over the 0.5 s by sendcmd
  assert.match(g, /\[t2\]sendcmd=c='0-86400 \[expr\] blend@x3 all_opacity 1-T\/0\.5'\[t2c\];\[t2c\]\[h3\]blend@x3=all_mode=normal:all_opacity=1\[x3\]/);
  assert.ok(!g.includes('xfade=transition=fade'), 'no xfade for a plain fade');
  assert.match(g, /\[b0\]\[x1\]\[b1\]\[b2\]\[x3\]\[b3\]concat=n=6:v=1:a=0,setpts=N\/\(10\*TB\)\[vcat\]/);
  assert.match(g, /anullsrc/, 'a project without sound still gets a (silent) audio track');
  assert.deepEqual(plan.sources.map((s) => s.scene), [0, 1], 'only the still and the clip are read from files; cards are generated in the graph');
  assert.match(g, /movie=filename=[^,]*c\.mp4:loop=0:dec_threads=2,/, 'the clip is pulled by a movie source, looped, decoded on two threads');
  assert.equal(plan.inputs.length, 0, 'a muted clip adds no sound input');
  const args = plan.args('/tmp/g.txt', '/tmp/out.mp4');
  assert.equal(args.filter((a) => a === '-filter_complex_script').length, 1, 'one filter graph');
  assert.deepEqual(args.slice(args.indexOf('-frames:v'), args.indexOf('-frames:v') + 2), ['-frames:v', '70']);
  assert.ok(args.includes('libx264') && args.at(-1) === '/tmp/out.mp4');
});

test('without xfade, transitions fall back to fade-through-black and keep the same length', () => {
  const p = project([
    { visual: { type: 'color', color: '#000000' }, duration: 2 },
    { visual: { type: 'color', color: '#ffffff' }, duration: 2, transition: { type: 'fade', duration: 1 } },
  ]);
  const t = computeTimeline(p, [undefined, undefined], 10);
  const chain = transitionChain(t, false, 10);
  assert.ok(!chain.includes('xfade'));
  assert.match(chain, /\[v0\]trim=duration=1,setpts=PTS-STARTPTS,fade=t=out:st=0\.5:d=0\.5\[f0\]/);
  assert.match(chain, /\[v1\]trim=duration=2,setpts=PTS-STARTPTS,fade=t=in:st=0:d=0\.5\[f1\]/);
  assert.match(chain, /\[f0\]\[f1\]concat=n=2/);
});

test('narration is placed at each scene, music is looped, ducked under the voice and normalised', () => {
  const p = project(
    [
      { visual: { type: 'color', color: '#000000' }, audio: voice },
      { visual: { type: 'color', color: '#ffffff' }, audio: voice },
    ],
    { audio: { music: { path: voice, volume: 0.5 }, loudness: -16 } },
  );
  const plan = planRender(prepared(p, [1, 1]), {
    encoder: encoderProfile('libx264')!,
    loudness: { kind: 'apply', measured: { integrated: -20, truePeak: -3 } },
    hasXfade: true,
  });
  const g = plan.filterGraph;
  const second = plan.timeline.slots[1]!.narrationStart;
  assert.match(g, new RegExp(`adelay=delays=${Math.round(second * 1000)}:all=1\\[n1\\]`));
  assert.match(g, /sidechaincompress=.*\[ducked\]/); // how much it ducks is measured on a render: ducking.test.ts
  assert.match(g, /\[mix\]volume=4dB,alimiter=limit=0\.891251/, 'gain to the target, and a limiter because -3 dBTP + 4 dB is over the ceiling');
  assert.deepEqual(plan.inputs.find((i) => i.role === 'music')!.options, ['-stream_loop', '-1']);
});

test('captions follow the narration, and word timings become karaoke tags in output time', () => {
  const p = project([
    { visual: { type: 'color', color: '#000000' }, duration: 2, narration: 'Silent card' },
    { visual: { type: 'color', color: '#000000' }, audio: voice, narration: 'Hello there', transition: { type: 'fade', duration: 0.4 },
      words: [{ text: 'Hello', start: 0, end: 0.4 }, { text: 'there', start: 0.5, end: 0.9 }] },
  ]);
  const t = computeTimeline(p, [undefined, 1], 10);
  const events = projectCaptionEvents(p, t);
  assert.equal(events.length, 2);
  assert.equal(events[0]!.start, 0);
  assert.equal(events[0]!.end, 1.8, 'a silent scene is captioned until the next transition is half-way');
  assert.equal(events[1]!.start, t.slots[1]!.narrationStart);
  assert.equal(events[1]!.words![1]!.start, t.slots[1]!.narrationStart + 0.5);
  const ass = buildAss(events, p.style.caption, 180, 320);
  assert.match(ass, /Dialogue: 0,0:00:00\.00,0:00:01\.80,Caption,,0,0,0,,\{\\an2\\pos\(\d+,\d+\)\}Silent card/);
  // the word being spoken is in the highlight colour, one slice per word (issue 4 replaced \k fill)
  assert.match(ass, /Dialogue: 0,0:00:01\.80,0:00:02\.30,Caption,,0,0,0,,\{\\an2\\pos\(\d+,\d+\)\}\{\\1c&H00D4FF&\}Hello\{\\1c&HFFFFFF&\} there/);
  assert.match(ass, /Dialogue: 0,0:00:02\.30,0:00:02\.80,Caption,,0,0,0,,\{\\an2\\pos\(\d+,\d+\)\}Hello \{\\1c&H00D4FF&\}there/);
});

test('filter names are read from a graph as FFmpeg reads it: labels skipped, quoted and escaped commas kept in arguments', () => {
  assert.deepEqual(
    filtersInGraph("[0:a]aresample=48000,adelay=delays=10:all=1[n0];\n[v0]zoompan=z='min(1,2)':x='a,b',drawtext=text=a\\,b\\;c[out];[a][b]amix=inputs=2"),
    ['aresample', 'adelay', 'zoompan', 'drawtext', 'amix'],
  );
});

test('the filters doctor checks are exactly the ones real plans use, for every feature of a project', async () => {
  const scenes = [
    { visual: { type: 'image', path: still }, duration: 2, audio: voice, narration: 'Captioned words' },
    { visual: { type: 'image', path: still, fit: 'fit', kenBurns: false }, duration: 2, transition: { type: 'wipeleft', duration: 0.5 }, overlays: [{ text: 'Top line' }] },
    { visual: { type: 'image', path: still, fit: 'blur-pad', kenBurns: false }, duration: 2, transition: { type: 'cut' } },
    { visual: { type: 'image', path: still, zoom: [1.1, 1.1] }, duration: 1 },
    { visual: { type: 'video', path: clip, volume: 1 }, duration: 2 },
    { visual: { type: 'video', path: clip, fit: 'blur-pad', loop: false }, duration: 2 },
    { visual: { type: 'color', color: '#102030' }, duration: 1 },
    { visual: { type: 'gradient', from: '#000000', to: '#ffffff', direction: 'diagonal' }, duration: 1 },
    { visual: { type: 'text', text: 'The end' }, duration: 1 },
  ];
  const variants = [
    project(scenes, { audio: { music: { path: voice, volume: 0.5 } } }),
    project(scenes, { audio: { music: { path: voice, ducking: false } } }),
    project([{ visual: { type: 'color', color: '#000000' }, duration: 1 }], { audio: { music: { path: voice } } }),
    project([{ visual: { type: 'color', color: '#000000' }, duration: 1 }], { audio: { narration: voice } }),
    project([{ visual: { type: 'color', color: '#000000' }, duration: 1 }, { visual: { type: 'color', color: '#ffffff' }, duration: 1 }]),
  ];
  const { locateFfmpeg } = await import('../../native/ffmpeg/locate');
  const { prepareRender } = await import('../../main/render/prepare');
  const tools = locateFfmpeg({ env: process.env });
  const used = new Set<string>();
  const add = (graph: string) => filtersInGraph(graph).forEach((f) => used.add(f));
  for (const [i, p] of variants.entries()) {
    const prep = await prepareRender(p, { ffprobe: tools.ffprobe.path, workDir: join(dir, `prep-${i}`) });
    for (const hasXfade of [true, false]) {
      for (const loudness of [
        { kind: 'none' }, { kind: 'apply', measured: { integrated: -30, truePeak: -20 } }, { kind: 'apply', measured: { integrated: -16, truePeak: -0.5 } },
        { kind: 'apply', measured: { integrated: -16, truePeak: -0.5 }, mix: join(dir, 'mix.wav') }, { kind: 'none', mix: join(dir, 'mix.wav') },
      ] as const) {
        add(planRender(prep, { encoder: encoderProfile('libx264')!, loudness, hasXfade }).filterGraph);
      }
    }
    const pass = loudnessPassArgs(prep, join(dir, 'loudness.txt'), join(dir, 'mix.wav'));
    if (pass) add(pass.graph);
  }
  assert.deepEqual([...used].sort(), renderFilters.map((f) => f.name).sort(), 'render-filters.ts lists every filter a plan uses, and only those');
});
