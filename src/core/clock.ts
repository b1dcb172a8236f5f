// Time is injected everywhere so expiry logic can be tested without waiting.
export interface Clock {
  now(): number; // milliseconds since the epoch
}

export const systemClock: Clock = { now: () => Date.now() };
