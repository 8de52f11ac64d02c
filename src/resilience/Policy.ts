import type { PolicyEvent } from './PolicyEvent.js';

/** What a policy hands to the function it runs. */
export interface PolicyContext {
  /** Aborts when the caller gives up, a timeout fires, or a hedge loses. Created lazily where possible. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt; retries and hedges count up. */
  readonly attempt: number;
}

/** The function a policy protects. */
export type Guarded<T> = (context: PolicyContext) => PromiseLike<T> | T;

/** Called with every event a policy emits (state changes, rejections, retries, hedges …). */
export type PolicyListener = (event: PolicyEvent) => void;

/** A resilience policy: runs a function under its rule. Policies compose with `pipeline`. */
export interface Policy {
  /** Name used in events and metrics. */
  readonly name: string;
  execute<T>(fn: Guarded<T>, context?: PolicyContext): Promise<T>;
  /** Subscribes to this policy's events (and, for a pipeline, those of every policy in it). */
  on(listener: PolicyListener): () => void;
}

const neverAborted = new AbortController().signal;

/** The context of a call that came with no signal: one shared object, no allocation per call. */
export const ROOT_CONTEXT: PolicyContext = Object.freeze({ signal: neverAborted, attempt: 1 });

/** A context with a caller's AbortSignal. */
export function contextWithSignal(signal: AbortSignal, attempt = 1): PolicyContext {
  return { signal, attempt };
}
