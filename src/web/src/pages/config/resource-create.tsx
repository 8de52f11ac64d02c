import { navigate } from '../../router.js';
import { useCan } from '../../session.js';
import { Breadcrumbs } from './breadcrumbs.js';
import type { ConfigKind } from './config-kinds.js';
import { viewAddress } from './config-query.js';
import { createDocument } from './resource-client.js';
import { ResourceForm } from './resource-form.js';

/** `/config/<kind>?new=1`: the editor for a new document, starting from the kind's template. */
export function ResourceCreate({ kind }: { kind: ConfigKind }) {
  const canWrite = useCan(kind.writeRole);
  return (
    <section class="config" aria-labelledby="config-new-title">
      <Breadcrumbs kind={kind} />
      <h1 id="config-new-title">New {kind.singular}</h1>
      {canWrite ? (
        <ResourceForm
          kind={kind}
          initial={kind.template}
          submitLabel={`Create ${kind.singular}`}
          onCancel={() => navigate(viewAddress(kind.slug, { mode: 'list', search: '' }))}
          onSubmit={async (doc) => {
            const created = await createDocument(kind, doc);
            navigate(viewAddress(kind.slug, { mode: 'view', id: created.id }));
          }}
        />
      ) : (
        <p role="status">Your role may not create {kind.title.toLowerCase()}.</p>
      )}
    </section>
  );
}
