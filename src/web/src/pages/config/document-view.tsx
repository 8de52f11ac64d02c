import type { ConfigKind } from './config-kinds.js';
import { SERVER_FIELDS } from './field-spec.js';
import type { ConfigDocument } from './kind-columns.js';

/** A document's fields, read-only: the kind's fields in their order, then any others. */
export function DocumentView({ kind, doc }: { kind: ConfigKind; doc: ConfigDocument }) {
  const known = kind.fields.map((f) => f.name).filter((name) => doc[name] !== undefined);
  const others = Object.keys(doc).filter(
    (name) => !known.includes(name) && !SERVER_FIELDS.has(name) && doc[name] !== undefined,
  );
  const labelOf = (name: string) => kind.fields.find((f) => f.name === name)?.label ?? name;
  return (
    <dl class="document-view">
      {[...known, ...others].map((name) => (
        <div key={name}>
          <dt>
            {labelOf(name)} <code>{name}</code>
          </dt>
          <dd>
            <FieldValue value={doc[name]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function FieldValue({ value }: { value: unknown }) {
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (typeof value === 'string' || typeof value === 'number') return <>{String(value)}</>;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.length === 0 ? (
      <>none</>
    ) : (
      <ul class="plain">
        {value.map((item, i) => (
          <li key={`${i}-${item}`}>
            <code>{item}</code>
          </li>
        ))}
      </ul>
    );
  }
  return <pre class="code">{JSON.stringify(value, null, 2)}</pre>;
}
