import type { DocumentDetail } from '../../shared/api/index.js';
import { api, ApiRequestError } from '../api.js';

/** The last details seen of a document, so that it still opens from this device's copy when offline. */
const cacheKey = (id: string) => `accord-doc-meta-${id}`;

export async function loadDocument(id: string): Promise<DocumentDetail> {
  try {
    const { document } = await api.document(id);
    try {
      localStorage.setItem(cacheKey(id), JSON.stringify(document));
    } catch {
      // Storage full or disabled: the page works without the offline cache.
    }
    return document;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 0) {
      const cached = localStorage.getItem(cacheKey(id));
      if (cached) return JSON.parse(cached) as DocumentDetail;
    }
    if (error instanceof ApiRequestError && (error.status === 403 || error.status === 404)) localStorage.removeItem(cacheKey(id));
    throw error;
  }
}
