import { api } from '../../api.js';
import { type ConfigKind, resourcePath } from './config-kinds.js';
import type { ConfigDocument } from './kind-columns.js';

/** A stored document as the API returns it: its fields, plus id and version (the ETag). */
export interface StoredDocument extends ConfigDocument {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One page of a kind's list; `next` is the cursor of the following page. */
export interface DocumentPage {
  items: StoredDocument[];
  next: string | null;
}

/** A page of a kind's documents, after the cursor `after` (the first page without one). */
export function listDocuments(kind: ConfigKind, after?: string): Promise<DocumentPage> {
  const query = new URLSearchParams({ limit: '500' });
  if (after) query.set('after', after);
  return api<DocumentPage>('GET', `${resourcePath(kind)}?${query}`);
}

/** One document, with the version to send back as If-Match. */
export function getDocument(kind: ConfigKind, id: string): Promise<StoredDocument> {
  return api<StoredDocument>('GET', resourcePath(kind, id));
}

/** Creates a document (201 with the stored one). */
export function createDocument(kind: ConfigKind, doc: ConfigDocument): Promise<StoredDocument> {
  return api<StoredDocument>('POST', resourcePath(kind), doc);
}

/** Replaces a document if it is still at `version` (412 PRECONDITION_FAILED when someone changed it). */
export function replaceDocument(
  kind: ConfigKind,
  id: string,
  version: number,
  doc: ConfigDocument,
): Promise<StoredDocument> {
  return api<StoredDocument>('PUT', resourcePath(kind, id), doc, ifMatch(version));
}

/** Deletes a document if it is still at `version`. */
export async function deleteDocument(kind: ConfigKind, id: string, version: number): Promise<void> {
  await api('DELETE', resourcePath(kind, id), undefined, ifMatch(version));
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
