/**
 * Plays a fragmented MP4 that is still being written (the streamed preview): its bytes are
 * fetched as they arrive and appended to a MediaSource, so the video starts on the first fragment
 * instead of waiting for the whole file. `duration` is what the video will last when whole (the
 * scrub bar's length from the start). Returns the function that stops fetching.
 */
export function playGrowingMp4(video: HTMLVideoElement, opts: { url: string; mime: string; duration: number; onError(message: string): void }): () => void {
  const stop = new AbortController();
  const source = new MediaSource();
  const objectUrl = URL.createObjectURL(source);
  const feed = async () => {
    URL.revokeObjectURL(objectUrl);
    const buffer = source.addSourceBuffer(opts.mime);
    source.duration = opts.duration;
    const appended = () => new Promise<void>((res, rej) => {
      buffer.addEventListener('updateend', () => res(), { once: true });
      buffer.addEventListener('error', () => rej(new Error('the preview could not be decoded')), { once: true });
    });
    const res = await fetch(opts.url, { signal: stop.signal, cache: 'no-store' });
    if (!res.ok || !res.body) throw new Error(`the preview could not be loaded (${res.status})`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const wait = appended();
      buffer.appendBuffer(value);
      await wait;
    }
    if (source.readyState === 'open') source.endOfStream();
  };
  source.addEventListener(
    'sourceopen',
    () =>
      void feed().catch((err: unknown) => {
        if (!stop.signal.aborted) opts.onError(err instanceof Error ? err.message : String(err));
      }),
    { once: true },
  );
  video.src = objectUrl;
  return () => stop.abort();
}
