import { matchRoute } from '../router.js';
import { prefetchDocument } from './loadDocument.js';

/**
 * Opening a document by its address, from the moment the page's first code runs (main.tsx), not once
 * the session has answered: the document page's code, the document's details, and its text (the
 * socket and this device's copy) all start loading at once. The server decides on each as it would
 * later (the socket is authorized from the session cookie); nothing is shown before the session and
 * the details say the person may see it, and what nobody takes is closed (connection.ts).
 *
 * The connection's code (Yjs, the socket, IndexedDB) is a chunk of its own, much smaller than the
 * editor's, so the socket opens while the editor's code is still being read.
 */

type DocumentPageModule = typeof import('../routes/DocumentPage.js');
type ConnectionModule = typeof import('../editor/connection.js');

let documentPageModule: DocumentPageModule | null = null;
let documentPageLoading: Promise<DocumentPageModule> | null = null;

/** The document page's code (TipTap, the editor, the panels), fetched once. */
export function loadDocumentPage(): Promise<DocumentPageModule> {
  documentPageLoading ??= import('../routes/DocumentPage.js').then((m) => (documentPageModule = m));
  return documentPageLoading;
}

/** The document page's code if it is already here, for drawing the page without suspending. */
export function loadedDocumentPage(): DocumentPageModule | null {
  return documentPageModule;
}

/** The document the page was opened on, and its connection opening early (null when not a document). */
let opened: { id: string; connection: Promise<ConnectionModule | null> } | null = null;

/**
 * Starts opening the document the address names, if it names one. Returns the page's code loading,
 * for the app to draw the page at once when the session answers.
 */
export function openFromAddress(): Promise<unknown> | undefined {
  const route = matchRoute(window.location.pathname, new URLSearchParams(window.location.search));
  if (route.name !== 'document') return undefined;
  const id = route.id;
  prefetchDocument(id);
  const connection = import('../editor/connection.js')
    .then((m) => {
      m.openEarly(id);
      return m;
    })
    .catch(() => null);
  opened = { id, connection };
  // A page whose code failed to load is reported where it is drawn (the lazy page), not here.
  return loadDocumentPage().catch(() => undefined);
}

/** Nobody is signed in: the connection opened for the address is closed now, not after a while. */
export function abandonOpening(): void {
  const held = opened;
  opened = null;
  void held?.connection.then((m) => m?.dropEarly(held.id));
}
