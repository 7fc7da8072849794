export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitOptions {
  failureThreshold: number;
  coolDownMs: number;
  now?: () => number;
}

/**
 * In-process, per model: after `failureThreshold` consecutive failed calls the circuit opens and calls
 * fall back to local at once instead of waiting out timeouts; after the cool-down one trial call is let
 * through (half-open), and its outcome closes or re-opens the circuit.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; in half-open only one trial call at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt !== null || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
  }
}

const breakers = new Map<string, CircuitBreaker>();

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, coolDownMs: 30_000 };

export function breakerFor(model: string, options: CircuitOptions = DEFAULT_CIRCUIT): CircuitBreaker {
  let breaker = breakers.get(model);
  if (!breaker) {
    breaker = new CircuitBreaker(options);
    breakers.set(model, breaker);
  }
  return breaker;
}

/** For tests and for an operator's "reset" after fixing a cloud outage. */
export function resetBreakers(): void {
  breakers.clear();
}
