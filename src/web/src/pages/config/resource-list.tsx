import { useEffect, useState } from 'preact/hooks';
import { navigate, onLinkClick } from '../../router.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import { Breadcrumbs } from './breadcrumbs.js';
import { type ConfigKind, documentTitle, isManagedByConfig } from './config-kinds.js';
import { viewAddress } from './config-query.js';
import { filterDocuments } from './list-filter.js';
import { ManagedBadge } from './managed-note.js';
import { listDocuments, type StoredDocument } from './resource-client.js';
import { useLiveChanges } from './use-live-changes.js';

/** `/config/<kind>`: the kind's documents with their key fields, a search, and New/Edit for writers. */
export function ResourceList({ kind, search }: { kind: ConfigKind; search: string }) {
  const canWrite = useCan(kind.writeRole);
  const first = useApi(kind.slug, () => listDocuments(kind));
  const [more, setMore] = useState<{ items: StoredDocument[]; next: string | null } | undefined>();
  const [moreError, setMoreError] = useState<unknown>();
  const [typed, setTyped] = useState(search);
  useEffect(() => setMore(undefined), [first.data]);
  useEffect(() => setTyped(search), [search]);
  useLiveChanges(kind, undefined, first.reload);

  const next = more ? more.next : (first.data?.next ?? null);
  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await listDocuments(kind, next);
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], next: page.next }));
    } catch (e) {
      setMoreError(e);
    }
  };
  const all = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const shown = filterDocuments(kind, all, search);
  const titleColumn = kind.named ? 'Name' : 'Matchers';

  return (
    <section class="config" aria-labelledby="config-kind-title">
      <Breadcrumbs />
      <div class="config-heading">
        <h1 id="config-kind-title">{kind.title}</h1>
        {canWrite && (
          <a class="button" href={viewAddress(kind.slug, { mode: 'new' })} onClick={onLinkClick}>
            New {kind.singular}
          </a>
        )}
      </div>
      <p>{kind.description}</p>
      <div class="config-search">
        <label for="config-search">Search</label>
        <input
          id="config-search"
          type="search"
          value={typed}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setTyped(value);
            navigate(viewAddress(kind.slug, { mode: 'list', search: value }), { replace: true });
          }}
        />
      </div>
      <ErrorMessage error={first.error} />
      {!first.data && first.loading && <p aria-busy="true">Loading {kind.title.toLowerCase()}…</p>}
      {first.data && shown.length === 0 && (
        <p>{all.length === 0 ? `No ${kind.title.toLowerCase()} yet.` : 'Nothing matches the search.'}</p>
      )}
      {shown.length > 0 && (
        <div class="table-scroll">
          <table class="config-table">
            <thead>
              <tr>
                <th scope="col">{titleColumn}</th>
                {kind.columns.map((column) => (
                  <th scope="col" key={column.title}>
                    {column.title}
                  </th>
                ))}
                {canWrite && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((doc) => {
                const id = String(doc.id);
                const managed = isManagedByConfig(kind, doc);
                return (
                  <tr key={id}>
                    <td>
                      <a href={viewAddress(kind.slug, { mode: 'view', id })} onClick={onLinkClick}>
                        {documentTitle(kind, doc)}
                      </a>{' '}
                      {managed && <ManagedBadge />}
                    </td>
                    {kind.columns.map((column) => (
                      <td key={column.title}>{column.value(doc)}</td>
                    ))}
                    {canWrite && (
                      <td>
                        {!managed && (
                          <a
                            href={viewAddress(kind.slug, { mode: 'edit', id })}
                            onClick={onLinkClick}
                            aria-label={`Edit ${documentTitle(kind, doc)}`}
                          >
                            Edit
                          </a>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" onClick={loadMore}>
          Show more
        </button>
      )}
      <ErrorMessage error={moreError} />
    </section>
  );
}
