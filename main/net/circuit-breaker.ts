import { StudioError, type ErrorCode } from '../../preload/contract/errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** consecutive failed attempts that open the circuit */
  failureThreshold: number;
  /** how long an open circuit refuses calls before letting one trial through */
  cooldownMs: number;
  now?: () => number;
  /** the code of the refusal (LLM_FAILED for language models, PROVIDER_FAILED for other services) */
  code?: ErrorCode;
}

/**
 * One breaker per provider: after repeated failures a dead or overloaded server is not called
 * again for a while, and every caller gets an immediate, clear error instead of a long wait.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private state_: CircuitState = 'closed';

  constructor(
    readonly name: string,
    private readonly opts: BreakerOptions,
  ) {}

  get state(): CircuitState {
    if (this.state_ === 'open' && this.now() - this.openedAt >= this.opts.cooldownMs) this.state_ = 'half-open';
    return this.state_;
  }

  /** Throws when the circuit refuses the call. */
  before(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    const wait = Math.max(0, this.opts.cooldownMs - (this.now() - this.openedAt));
    throw new StudioError(this.opts.code ?? 'LLM_FAILED', `${this.name} failed ${this.opts.failureThreshold} times in a row; not calling it again for ${Math.ceil(wait / 1000)} s`, { circuit: 'open' });
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.state_ = 'closed';
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.state_ === 'half-open' || this.failures >= this.opts.failureThreshold) {
      this.state_ = 'open';
      this.openedAt = this.now();
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

const breakers = new Map<string, CircuitBreaker>();

/** The process-wide breaker of a provider (keyed by its base URL). */
export function breakerFor(key: string, opts: BreakerOptions): CircuitBreaker {
  let b = breakers.get(key);
  if (!b) breakers.set(key, (b = new CircuitBreaker(key, opts)));
  return b;
}
