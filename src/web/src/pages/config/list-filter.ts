import { type ConfigKind, documentTitle } from './config-kinds.js';
import type { ConfigDocument } from './kind-columns.js';

/**
 * The documents a list shows for a search: those whose title or a column's text contains every
 * word of it (case-insensitive), sorted by title.
 */
export function filterDocuments(
  kind: ConfigKind,
  docs: readonly ConfigDocument[],
  search: string,
): ConfigDocument[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const texts = (doc: ConfigDocument) =>
    [documentTitle(kind, doc), ...kind.columns.map((column) => column.value(doc))].join(' ').toLowerCase();
  return docs
    .filter((doc) => {
      const text = texts(doc);
      return words.every((word) => text.includes(word));
    })
    .sort((a, b) => documentTitle(kind, a).localeCompare(documentTitle(kind, b)));
}
