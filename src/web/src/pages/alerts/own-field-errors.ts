import { ApiError } from '../../api.js';

/**
 * The server's messages about exactly `field` (not the fields under it), for a list whose items
 * show their own errors: `body.matchers` gets "match every alert …", `body.matchers[0]` stays on its row.
 */
export function ownFieldErrors(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.filter((f) => f.field === field).map((f) => f.message);
}
