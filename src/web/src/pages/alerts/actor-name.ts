/**
 * Who did something, as people read it: the server records actors as `user:<name>`,
 * `token:<name>` or `system:<what>`; a user is shown by name, the others with their kind.
 */
export function actorName(actor: string): string {
  const at = actor.indexOf(':');
  if (at === -1) return actor;
  const kind = actor.slice(0, at);
  const name = actor.slice(at + 1);
  if (!name) return actor;
  if (kind === 'user') return name;
  if (kind === 'token') return `API token ${name}`;
  return `${name} (${kind})`;
}
