import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { navigate, onLinkClick } from '../../router.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import { Breadcrumbs } from './breadcrumbs.js';
import { type ConfigKind, documentTitle, isManagedByConfig } from './config-kinds.js';
import { viewAddress } from './config-query.js';
import { DeleteControl } from './delete-control.js';
import { DocumentView } from './document-view.js';
import { KindActions } from './kind-actions.js';
import { ManagedNote } from './managed-note.js';
import { deleteDocument, getDocument, replaceDocument, type StoredDocument } from './resource-client.js';
import { ResourceForm } from './resource-form.js';
import { useLiveChanges } from './use-live-changes.js';

/**
 * One document: read-only, with Edit, Delete and the kind's actions for those who may; or, with
 * `editing`, the editor, saving with If-Match so a concurrent change is refused, not overwritten.
 */
export function ResourceDetail({ kind, id, editing }: { kind: ConfigKind; id: string; editing: boolean }) {
  const canWrite = useCan(kind.writeRole);
  const loaded = useApi(`${kind.slug}/${id}`, () => getDocument(kind, id));
  const [saved, setSaved] = useState<StoredDocument | undefined>();
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const doc = saved && (!loaded.data || saved.version > loaded.data.version) ? saved : loaded.data;

  const saving = useRef(false);
  useLiveChanges(kind, id, () => {
    if (!editing) loaded.reload();
    else if (!saving.current) setChangedElsewhere(true);
  });

  const list = viewAddress(kind.slug, { mode: 'list', search: '' });
  if (!doc) {
    const gone = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <section class="config" aria-labelledby="config-doc-title">
        <Breadcrumbs kind={kind} />
        <h1 id="config-doc-title">{gone ? `No such ${kind.singular}` : `Loading the ${kind.singular}…`}</h1>
        {gone ? (
          <p>
            It may have been deleted.{' '}
            <a href={list} onClick={onLinkClick}>
              Back to {kind.title.toLowerCase()}
            </a>
          </p>
        ) : (
          <ErrorMessage error={loaded.error} />
        )}
      </section>
    );
  }

  const title = documentTitle(kind, doc);
  const managed = isManagedByConfig(kind, doc);
  const mayEdit = canWrite && !managed;
  const reloadLatest = () => {
    setSaved(undefined);
    setChangedElsewhere(false);
    loaded.reload();
  };

  return (
    <section class="config" aria-labelledby="config-doc-title">
      <Breadcrumbs kind={kind} />
      <h1 id="config-doc-title">
        {editing && mayEdit ? `Edit ${kind.singular}` : capitalized(kind.singular)} {title}
      </h1>
      {managed && <ManagedNote kind={kind} doc={doc} />}
      <p class="doc-meta">
        Version {doc.version} · created {formatTime(doc.createdAt)} · updated {formatTime(doc.updatedAt)}
        {typeof doc.createdBy === 'string' && ` · by ${doc.createdBy}`}
      </p>
      {editing && mayEdit ? (
        <>
          {changedElsewhere && (
            <p role="status" class="stale-note">
              Someone else changed this {kind.singular} while you edit it: saving will be refused.{' '}
              <button type="button" onClick={reloadLatest}>
                Reload the latest version
              </button>
            </p>
          )}
          <ResourceForm
            key={doc.version}
            kind={kind}
            initial={doc}
            submitLabel="Save"
            onReloadLatest={reloadLatest}
            onCancel={() => navigate(viewAddress(kind.slug, { mode: 'view', id }))}
            onSubmit={async (body) => {
              saving.current = true;
              const updated = await replaceDocument(kind, id, doc.version, body).finally(() => {
                saving.current = false;
              });
              setSaved(updated);
              setChangedElsewhere(false);
              navigate(viewAddress(kind.slug, { mode: 'view', id }));
            }}
          />
        </>
      ) : (
        <>
          <div class="doc-actions">
            {mayEdit && (
              <a class="button" href={viewAddress(kind.slug, { mode: 'edit', id })} onClick={onLinkClick}>
                Edit
              </a>
            )}
            <KindActions kind={kind} doc={doc} onDone={loaded.reload} />
            {mayEdit && (
              <DeleteControl
                what={`${kind.singular} ${title}`}
                onDelete={async () => {
                  await deleteDocument(kind, id, doc.version);
                  navigate(list);
                }}
              />
            )}
          </div>
          {editing && !mayEdit && (
            <p role="status">
              {managed
                ? 'It cannot be edited here.'
                : `Your role may not change ${kind.title.toLowerCase()}.`}
            </p>
          )}
          <DocumentView kind={kind} doc={doc} />
        </>
      )}
    </section>
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
