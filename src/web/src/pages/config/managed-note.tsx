import { type ConfigKind, configFileOf } from './config-kinds.js';
import type { ConfigDocument } from './kind-columns.js';

/** The badge of a document that comes from the configuration file. */
export function ManagedBadge() {
  return <span class="badge managed">managed by config</span>;
}

/** Why a document from the configuration file is read-only here, and where to change it. */
export function ManagedNote({ kind, doc }: { kind: ConfigKind; doc: ConfigDocument }) {
  const file = kind.slug === 'monitors' ? configFileOf(doc) : undefined;
  return (
    <p class="managed-note">
      <ManagedBadge /> This {kind.singular} comes from the configuration file{file ? ` ${file}` : ''}: change
      it there and reload the configuration (SIGHUP or <code>POST /api/config/reload</code>). It cannot be
      edited or deleted here{kind.slug === 'monitors' ? '; pausing and resuming still work' : ''}.
    </p>
  );
}
