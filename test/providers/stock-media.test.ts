import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { creditsText, writeCreditsSidecar } from '../../main/providers/media/credits';
import { pexelsSource } from '../../main/providers/media/pexels';
import { pixabaySource } from '../../main/providers/media/pixabay';
import { searchStockForScenes } from '../../main/providers/media/stock-for-scenes';
import { downloadResumable } from '../../main/providers/http/download';
import { fast, startServer, type Seen } from './loopback';

const KEY = 'pexels-test-key-0123456789';
const tmp = () => mkdtempSync(join(tmpdir(), 'rf-stock-'));
const fileBytes = (id: number, size = 4000) => Buffer.alloc(size, id % 251);

/** A Pexels video as its API describes one; `slug` makes the page URL carry words, as Pexels' do. */
function pexelsVideo(id: number, slug: string, o: { w: number; h: number; duration: number }, base: string) {
  return {
    id,
    width: o.w,
    height: o.h,
    url: `https://www.pexels.com/video/${slug}-${id}/`,
    image: `${base}/thumbs/${id}.jpg`,
    duration: o.duration,
    user: { id: 7, name: `Author ${id}`, url: `https://www.pexels.com/@author${id}` },
    video_files: [
      { id: id * 10, quality: 'sd', file_type: 'video/mp4', width: Math.round(o.w / 3), height: Math.round(o.h / 3), link: `${base}/files/${id}-sd.mp4` },
      { id: id * 10 + 1, quality: 'hd', file_type: 'video/mp4', width: o.w, height: o.h, link: `${base}/files/${id}-hd.mp4` },
    ],
  };
}

function pexelsServer(pages: (base: string, page: number, query: string) => { videos: unknown[]; more: boolean }) {
  let base = '';
  return startServer((req: Seen) => {
    if (req.url.pathname.startsWith('/files/')) return { file: fileBytes(Number(/\/(\d+)-/.exec(req.url.pathname)![1])) };
    if (req.url.pathname === '/videos/search') {
      const page = Number(req.url.searchParams.get('page'));
      const p = pages(base, page, req.url.searchParams.get('query')!);
      return {
        json: { page, per_page: 15, total_results: 40, url: 'https://www.pexels.com/videos/', videos: p.videos, ...(p.more ? { next_page: `${base}/videos/search?page=${page + 1}` } : {}) },
        headers: { 'x-ratelimit-limit': '20000', 'x-ratelimit-remaining': '19999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      };
    }
    return { status: 404, json: { error: 'not found' } };
  }).then((s) => ((base = s.url), s));
}

test('stock media: one Pexels search per scene, shaped for the preset, best candidate first, never the same clip twice, credits written', async () => {
  const server = await pexelsServer((base, page, query) => ({
    videos: page === 1
      ? [
          pexelsVideo(1, 'aerial-view-of-a-city', { w: 1080, h: 1920, duration: 3 }, base), // too short, off-topic
          pexelsVideo(2, 'waves-on-a-sandy-beach', { w: 1080, h: 1920, duration: 20 }, base), // fits
          pexelsVideo(3, 'waves-on-a-beach-at-dusk', { w: 720, h: 1280, duration: 20 }, base), // on topic but smaller
        ]
      : [pexelsVideo(4, `${query.replace(/ /g, '-')}-close-up`, { w: 1080, h: 1920, duration: 30 }, base)],
    more: page === 1,
  }));
  const dir = tmp();
  const log: string[] = [];
  try {
    const source = pexelsSource({ apiKey: KEY, baseUrl: server.url });
    const picks = await searchStockForScenes(
      source,
      [
        { narration: 'The waves roll onto the beach.', keywords: ['waves', 'beach'], seconds: 6 },
        { narration: 'More waves on the beach at dusk.', keywords: ['waves', 'beach'], seconds: 6 },
        { narration: 'And again the waves.', keywords: ['waves', 'beach'], seconds: 6 },
      ],
      { width: 1080, height: 1920 },
      { ...fast, dir, cacheDir: join(dir, 'cache'), kinds: ['video'], log: (l) => log.push(l) },
    );
    const searches = server.seen.filter((s) => s.url.pathname === '/videos/search');
    // the key in the Authorization header as it is, the preset's shape and size in the query
    assert.equal(searches[0]!.headers.authorization, KEY);
    assert.equal(searches[0]!.url.searchParams.get('orientation'), 'portrait');
    assert.equal(searches[0]!.url.searchParams.get('size'), 'medium');
    assert.equal(searches[0]!.url.searchParams.get('query'), 'waves beach');
    // scene 1 gets the clip that is on topic, long enough and full size; scene 2 the next best; scene 3 needs page 2
    assert.deepEqual(picks.map((p) => p.candidate?.id), ['2', '3', '4']);
    assert.ok(searches.some((s) => s.url.searchParams.get('page') === '2'), 'the next page was fetched once page 1 was used up');
    assert.equal(new Set(picks.map((p) => p.file)).size, 3);
    for (const p of picks) assert.ok(existsSync(p.file!), `${p.file} downloaded`);
    // the HD rendition (covers 1080×1920) was downloaded, not the SD one
    assert.ok(server.seen.some((s) => s.url.pathname === '/files/2-hd.mp4'));
    assert.equal(picks[0]!.attribution!.author, 'Author 2');
    assert.equal(picks[0]!.attribution!.pageUrl, 'https://www.pexels.com/video/waves-on-a-sandy-beach-2/');
    assert.match(log[0]!, /scene 1: Pexels video 2 \(1080×1920, 20 s\) by Author 2/);

    const written = writeCreditsSidecar(join(dir, 'video.mp4'), picks.map((p) => ({ sceneIndex: p.sceneIndex, attribution: p.attribution! })));
    assert.deepEqual(written.map((w) => w.slice(dir.length + 1)), ['video.credits.txt', 'video.credits.json']);
    const text = readFileSync(written[0]!, 'utf8');
    assert.match(text, /Scene 1: by Author 2 on Pexels — https:\/\/www\.pexels\.com\/video\/waves-on-a-sandy-beach-2\//);
    assert.equal(text, creditsText(picks.map((p) => ({ sceneIndex: p.sceneIndex, attribution: p.attribution! }))));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stock media: a search made in the last 24 hours is answered from the cache; an older one is made again', async () => {
  const server = await pexelsServer((base) => ({ videos: [pexelsVideo(5, 'mountain-lake', { w: 1920, h: 1080, duration: 12 }, base)], more: false }));
  const dir = tmp();
  let now = Date.parse('2026-01-01T10:00:00Z');
  const run = (session: string) =>
    searchStockForScenes(pexelsSource({ apiKey: KEY, baseUrl: server.url }), [{ narration: 'A quiet mountain lake.', seconds: 4 }], { width: 1920, height: 1080 }, { ...fast, dir: join(dir, session), cacheDir: join(dir, 'cache'), kinds: ['video'], now: () => now });
  try {
    for (const s of ['a', 'b', 'c']) mkdirSync(join(dir, s), { recursive: true });
    const first = await run('a');
    assert.equal(first[0]!.candidate?.id, '5');
    now += 23 * 3600_000;
    const second = await run('b');
    assert.equal(second[0]!.candidate?.id, '5');
    assert.match(second[0]!.reason, /search cached/);
    assert.equal(server.seen.filter((s) => s.url.pathname === '/videos/search').length, 1, 'the second search came from the cache');
    now += 2 * 3600_000;
    await run('c');
    assert.equal(server.seen.filter((s) => s.url.pathname === '/videos/search').length, 2, 'after 24 h the search is made again');
    // the cache holds results, never the key
    for (const f of readdirSync(join(dir, 'cache', 'stock-search'))) assert.ok(!readFileSync(join(dir, 'cache', 'stock-search', f), 'utf8').includes(KEY));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});


test('stock media: Pixabay — key as a query parameter, photo orientation and minimum size, pages by totalHits, author and page URL', async () => {
  const PKEY = 'pixabay-key-abcdef123456';
  let base = '';
  const server = await startServer((req) => {
    if (req.url.pathname.startsWith('/get/')) return { file: fileBytes(9, 3000), contentType: 'image/jpeg' };
    if (req.url.pathname === '/api/') {
      const page = Number(req.url.searchParams.get('page'));
      const hit = (id: number, tags: string) => ({ id, pageURL: `https://pixabay.com/photos/${id}/`, type: 'photo', tags, imageWidth: 3000, imageHeight: 4500, largeImageURL: `${base}/get/${id}_1280.jpg`, user: `user${id}`, user_id: 100 + id });
      return {
        json: { total: 4, totalHits: 4, hits: page === 1 ? [hit(11, 'office, desk, laptop'), hit(12, 'laptop, coffee')] : [hit(13, 'laptop, desk, keyboard'), hit(14, 'window')] },
        headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '98', 'x-ratelimit-reset': '60' },
      };
    }
    return { status: 404, text: 'no' };
  });
  base = server.url;
  const dir = tmp();
  try {
    const picks = await searchStockForScenes(
      pixabaySource({ apiKey: PKEY, baseUrl: server.url }),
      [
        { narration: 'x', keywords: ['laptop', 'desk'], seconds: 3 },
        { narration: 'x', keywords: ['laptop', 'desk'], seconds: 3 },
        { narration: 'x', keywords: ['laptop', 'desk'], seconds: 3 },
      ],
      { width: 720, height: 1280 },
      { ...fast, dir, cacheDir: join(dir, 'cache'), kinds: ['photo'], perPage: 2 },
    );
    const q = server.seen[0]!.url.searchParams;
    assert.equal(q.get('key'), PKEY);
    assert.equal(q.get('orientation'), 'vertical');
    assert.equal(q.get('image_type'), 'photo');
    assert.equal(q.get('min_width'), '720');
    assert.equal(q.get('per_page'), '3', 'Pixabay takes 3 per page at least');
    assert.deepEqual(picks.map((p) => p.candidate?.id), ['11', '13', '12']);
    assert.equal(picks[0]!.attribution!.authorUrl, 'https://pixabay.com/users/user11-111/');
    assert.equal(picks[0]!.attribution!.pageUrl, 'https://pixabay.com/photos/11/');
    assert.equal(picks[0]!.candidate!.height, 1280, 'largeImageURL is 1280 px on its long side');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stock media: when the rate limit is used up, the next search waits for a short reset and refuses a long one without calling', async () => {
  const PKEY = 'pixabay-key-ratelimited-999';
  let reset = '1';
  const server = await startServer(() => ({ json: { total: 0, totalHits: 0, hits: [] }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } }));
  const dir = tmp();
  const log: string[] = [];
  try {
    const source = pixabaySource({ apiKey: PKEY, baseUrl: server.url });
    const query = (text: string) => source.search({ text, kind: 'video', orientation: 'landscape', minWidth: 1280, minHeight: 720, page: 1, perPage: 3 }, { ...fast, log: (l) => log.push(l) });
    await query('one');
    await query('two'); // the window resets in 1 s: it waits, then calls
    assert.equal(server.seen.length, 2);
    assert.match(log.join('\n'), /rate limit reached, waiting 1 s/);
    reset = '3600';
    await query('three');
    await assert.rejects(query('four'), (e: Error & { code?: string }) => e.code === 'PROVIDER_FAILED' && /rate limit is used up; it resets in about 60 min/.test(e.message) && !e.message.includes(PKEY));
    assert.equal(server.seen.length, 3, 'no request was sent into a used-up limit');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('downloads: a dropped connection resumes with a Range request; the file appears whole, under its name only at the end', async () => {
  const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 256));
  let first = true;
  const server = await startServer(() => {
    const drop = first;
    first = false;
    return { file: bytes, ...(drop ? { dropAfter: 20_000 } : {}) };
  });
  const dir = tmp();
  try {
    const dest = join(dir, 'clip.mp4');
    const r = await downloadResumable(`${server.url}/clip.mp4`, dest, { ...fast, provider: 'Test', maxBytes: 1_000_000 });
    assert.equal(r.resumed, true);
    assert.equal(server.seen[1]!.headers.range, 'bytes=20000-');
    assert.ok(readFileSync(dest).equals(bytes), 'the resumed file is byte-identical');
    assert.ok(!existsSync(`${dest}.part`));
    // a finished file is never fetched again
    await downloadResumable(`${server.url}/clip.mp4`, dest, { ...fast, provider: 'Test', maxBytes: 1_000_000 });
    assert.equal(server.seen.length, 2);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('downloads: a file over the size cap is refused before it is written, and stock search moves to the next candidate', async () => {
  let base = '';
  const server = await startServer((req) => {
    if (req.url.pathname === '/files/20-hd.mp4') return { file: Buffer.alloc(900_000) };
    if (req.url.pathname.startsWith('/files/')) return { file: Buffer.alloc(1000, 1) };
    return { json: { page: 1, per_page: 15, videos: [pexelsVideo(20, 'forest-path', { w: 1920, h: 1080, duration: 30 }, base), pexelsVideo(21, 'forest', { w: 1920, h: 1080, duration: 10 }, base)] } };
  });
  base = server.url;
  const dir = tmp();
  try {
    const picks = await searchStockForScenes(pexelsSource({ apiKey: KEY, baseUrl: server.url }), [{ narration: 'x', keywords: ['forest', 'path'], seconds: 20 }], { width: 1920, height: 1080 }, { ...fast, dir, cacheDir: join(dir, 'cache'), kinds: ['video'], maxBytes: 500_000 });
    assert.equal(picks[0]!.candidate?.id, '21');
    assert.match(picks[0]!.reason, /Pexels video 21/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.mp4') || f.endsWith('.part')), ['pexels-video-21.mp4']);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
