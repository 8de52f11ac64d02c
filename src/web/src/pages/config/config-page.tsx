import './config.css';
import { onLinkClick } from '../../router.js';
import { configKind } from './config-kinds.js';
import { viewOf } from './config-query.js';
import { KindIndex } from './kind-index.js';
import { ResourceCreate } from './resource-create.js';
import { ResourceDetail } from './resource-detail.js';
import { ResourceList } from './resource-list.js';

/**
 * The configuration page: `/config` lists the kinds; `/config/<kind>` lists one kind's documents,
 * `?id=…` shows one (`&edit=1` edits it), `?new=1` creates one.
 */
export function ConfigPage({ kind, query }: { kind: string | undefined; query: URLSearchParams }) {
  if (kind === undefined) return <KindIndex />;
  const spec = configKind(kind);
  if (!spec) {
    return (
      <section class="config">
        <h1>No such configuration</h1>
        <p>
          Vigia has no configuration called “{kind}”.{' '}
          <a href="/config" onClick={onLinkClick}>
            See every kind
          </a>
          .
        </p>
      </section>
    );
  }
  const view = viewOf(query);
  switch (view.mode) {
    case 'list':
      return <ResourceList key={spec.slug} kind={spec} search={view.search} />;
    case 'new':
      return <ResourceCreate key={spec.slug} kind={spec} />;
    default:
      return (
        <ResourceDetail
          key={`${spec.slug}/${view.id}`}
          kind={spec}
          id={view.id}
          editing={view.mode === 'edit'}
        />
      );
  }
}
