import { MissingSecretError } from './attempt-failure.js';
import { describeSecretRef, type SecretRef, type SecretResolver } from './secret-ref.js';

/**
 * The secrets one attempt resolved: handed to the channel, and remembered so that any error
 * text that quotes one (a URL in a network error …) is redacted before it is stored or logged.
 */
export class AttemptSecrets {
  private readonly values = new Set<string>();

  constructor(private readonly resolve: SecretResolver) {}

  /** The secret's value; MissingSecretError (permanent, naming the reference only) if it has none. */
  async get(ref: SecretRef): Promise<string> {
    let value: string | undefined;
    try {
      value = await this.resolve(ref);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new MissingSecretError(
        describeSecretRef(ref),
        `could not be read${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    }
    if (value === undefined || value.length === 0) throw new MissingSecretError(describeSecretRef(ref));
    this.values.add(value);
    return value;
  }

  /** `text` with every resolved secret (and its URL-encoded form) replaced by `[secret]`. */
  redact(text: string): string {
    let redacted = text;
    for (const value of this.values) {
      for (const form of new Set([value, encodeURIComponent(value), encodeURI(value)])) {
        redacted = redacted.split(form).join('[secret]');
      }
    }
    return redacted;
  }
}
