import type { DocumentDetail } from '../../shared/api/index.js';
import { api, ApiRequestError } from '../api.js';

/** The last details seen of a document, so that it still opens from this device's copy when offline. */
const cacheKey = (id: string) => `accord-doc-meta-${id}`;

/** How long details fetched ahead stay good for the page that asks for them. */
const PREFETCH_FRESH_MS = 10_000;
const prefetched = new Map<string, { loading: Promise<DocumentDetail>; at: number; value?: DocumentDetail }>();

/**
 * Starts loading a document's details before its page asks: opening a document by its address, they
 * come with the session instead of after it. The page's first load takes them (once); a failure is
 * forgotten, for the page's own load to try again and report.
 */
export function prefetchDocument(id: string): void {
  if (prefetched.has(id)) return;
  const loading = fetchDocument(id);
  const entry: { loading: Promise<DocumentDetail>; at: number; value?: DocumentDetail } = { loading, at: performance.now() };
  prefetched.set(id, entry);
  loading.then(
    (value) => {
      entry.value = value;
    },
    () => {
      if (prefetched.get(id) === entry) prefetched.delete(id);
    },
  );
}

/**
 * The details fetched ahead, if they have already arrived (taken once, as loadDocument takes them):
 * the page draws the document with its first render, not one render and a frame later, after its
 * load's promise has come back to say what was already here.
 */
export function takeLoadedDocument(id: string): DocumentDetail | null {
  const early = prefetched.get(id);
  if (!early?.value || performance.now() - early.at >= PREFETCH_FRESH_MS) return null;
  prefetched.delete(id);
  return early.value;
}

export function loadDocument(id: string): Promise<DocumentDetail> {
  const early = prefetched.get(id);
  prefetched.delete(id);
  if (early && performance.now() - early.at < PREFETCH_FRESH_MS) return early.loading;
  return fetchDocument(id);
}

async function fetchDocument(id: string): Promise<DocumentDetail> {
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
