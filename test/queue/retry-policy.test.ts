// The job retry policy: what is retried, after how long, and what fails at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { StudioError } from '../../preload/contract/errors';
import { retryDelay, shouldRetry } from '../../main/queue/retry-policy';

test('a failure another attempt cannot fix fails the job at once; others retry until the attempts run out', () => {
  assert.equal(shouldRetry(new StudioError('INVALID_INPUT', 'scene 2 has no text'), 1, 3), false);
  assert.equal(shouldRetry(new StudioError('PROVIDER_FAILED', 'timed out', { unrecoverable: true }), 1, 3), false);
  assert.equal(shouldRetry(z.string().safeParse(1).error, 1, 3), false);
  assert.equal(shouldRetry(new StudioError('PROVIDER_FAILED', 'HTTP 503'), 1, 3), true);
  assert.equal(shouldRetry(new Error('disk hiccup'), 2, 3), true);
  assert.equal(shouldRetry(new Error('disk hiccup'), 3, 3), false);
});

test('the wait doubles per attempt, half of it random, and is capped', () => {
  const low = () => 0;
  const high = () => 0.999999;
  assert.equal(retryDelay(1, { baseMs: 1000, maxMs: 60_000 }, low), 500);
  assert.equal(retryDelay(3, { baseMs: 1000, maxMs: 60_000 }, low), 2000);
  assert.equal(retryDelay(3, { baseMs: 1000, maxMs: 60_000 }, high), 4000);
  assert.equal(retryDelay(20, { baseMs: 1000, maxMs: 60_000 }, high), 60_000);
});
