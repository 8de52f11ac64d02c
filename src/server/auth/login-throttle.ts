import type { Clock } from '../../kernel/index.js';

export interface LoginThrottleSettings {
  /** Failed logins in a row allowed for one account before it is locked. */
  freeAttempts: number;
  /** The first lockout; each further failure doubles it. */
  baseLockoutMs: number;
  maxLockoutMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  freeAttempts: 5,
  baseLockoutMs: 1_000,
  maxLockoutMs: 15 * 60_000,
};

const MAX_TRACKED = 10_000;

/**
 * Exponential lockout of one account after repeated failed logins (1 s, 2 s, 4 s … 15 min),
 * reset by a success. It complements the per-IP lockout of RequestLimits: this one slows a
 * guesser spread over many addresses. State is per process (a restart forgets it).
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** Milliseconds the account stays locked; 0 when a login may be tried. */
  lockoutRemaining(account: string): number {
    const entry = this.accounts.get(account.toLowerCase());
    return entry ? Math.max(0, entry.lockedUntil - this.clock.now()) : 0;
  }

  recordFailure(account: string): void {
    const key = account.toLowerCase();
    const entry = this.accounts.get(key) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    const over = entry.failures - this.settings.freeAttempts;
    if (over >= 0) {
      const lockout = Math.min(
        this.settings.maxLockoutMs,
        this.settings.baseLockoutMs * 2 ** Math.min(over, 30),
      );
      entry.lockedUntil = this.clock.now() + lockout;
    }
    this.accounts.delete(key);
    if (this.accounts.size >= MAX_TRACKED) this.accounts.delete(this.accounts.keys().next().value!);
    this.accounts.set(key, entry);
  }

  recordSuccess(account: string): void {
    this.accounts.delete(account.toLowerCase());
  }
}
