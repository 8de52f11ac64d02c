import { onLinkClick } from '../../router.js';
import type { ConfigKind } from './config-kinds.js';
import { viewAddress } from './config-query.js';

/** Where the page is: Configuration › <kind>, each a link back. */
export function Breadcrumbs({ kind }: { kind?: ConfigKind }) {
  return (
    <nav aria-label="Breadcrumb" class="breadcrumbs">
      <a href="/config" onClick={onLinkClick}>
        Configuration
      </a>
      {kind && (
        <>
          {' › '}
          <a href={viewAddress(kind.slug, { mode: 'list', search: '' })} onClick={onLinkClick}>
            {kind.title}
          </a>
        </>
      )}
    </nav>
  );
}
