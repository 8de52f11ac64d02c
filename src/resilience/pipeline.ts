import type { Guarded, Policy, PolicyContext, PolicyListener } from './Policy.js';
import { ROOT_CONTEXT } from './Policy.js';

/**
 * Policies applied in the order given, outermost first: `pipeline(retry, breaker, timeout)`
 * retries calls that the breaker lets through and the timeout bounds. The result type is
 * preserved; `on` subscribes to every policy in it.
 */
export function pipeline(...policies: Policy[]): Policy {
  if (policies.length === 0) throw new Error('pipeline needs at least one policy');
  const name = policies.map((p) => p.name).join(' → ');
  const execute = <T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> => {
    let wrapped: Guarded<T> = fn;
    for (let i = policies.length - 1; i > 0; i--) {
      const policy = policies[i]!;
      const inner = wrapped;
      wrapped = (ctx) => policy.execute(inner, ctx);
    }
    return policies[0]!.execute(wrapped, context);
  };
  return {
    name,
    execute,
    on(listener: PolicyListener): () => void {
      const offs = policies.map((p) => p.on(listener));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
