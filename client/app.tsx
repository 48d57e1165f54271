import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { Me } from '../shared/api/index.js';
import { api, errorMessage, setUnauthorizedHandler } from './api.js';
import { matchRoute, navigate, useLocation, type Route } from './router.js';
import { SessionContext, type Session } from './session.js';
import { TopBar } from './panels/TopBar.js';
import { SignInPage } from './routes/SignInPage.js';
import { SignUpPage } from './routes/SignUpPage.js';
import { DocumentsPage } from './routes/DocumentsPage.js';
import { AdminPage } from './routes/AdminPage.js';
import { NotFoundPage } from './routes/NotFoundPage.js';
import { abandonOpening, loadDocumentPage, loadedDocumentPage, openFromAddress } from './document/opening.js';

// The editor (TipTap, Yjs, providers) is most of the code: load it with the first document opened
// (client/document/opening.ts, which starts it as soon as the address names a document).
const LazyDocumentPage = lazy(() => loadDocumentPage().then((m) => ({ default: m.DocumentPage })));

/**
 * The document page, drawn at once when its code is already here: opening a document by its address
 * fetches that code with the session (below), and React, handed a lazy page, would suspend on it all
 * the same and hold the page behind its loading notice for up to 300 ms (its throttling of fallbacks).
 * Chosen once per page, so that a later render never swaps one for the other (which would remount it).
 */
function DocumentPage(props: { documentId: string }) {
  const [Loaded] = useState(() => loadedDocumentPage()?.DocumentPage ?? null);
  return Loaded ? <Loaded {...props} /> : <LazyDocumentPage {...props} />;
}
const DiscussionPage = lazy(() => import('./routes/DiscussionPage.js').then((m) => ({ default: m.DiscussionPage })));
const AmendmentsPage = lazy(() => import('./routes/AmendmentsPage.js').then((m) => ({ default: m.AmendmentsPage })));
const RevisionsPage = lazy(() => import('./routes/RevisionsPage.js').then((m) => ({ default: m.RevisionsPage })));
const ComparePage = lazy(() => import('./routes/ComparePage.js').then((m) => ({ default: m.ComparePage })));
const ArchivePage = lazy(() => import('./routes/ArchivePage.js').then((m) => ({ default: m.ArchivePage })));
const RecordPage = lazy(() => import('./routes/RecordPage.js').then((m) => ({ default: m.RecordPage })));
const ImportPage = lazy(() => import('./routes/ImportPage.js').then((m) => ({ default: m.ImportPage })));
const DeskPage = lazy(() => import('./routes/DeskPage.js').then((m) => ({ default: m.DeskPage })));

/** What the address started loading before the app was drawn (undefined when it names no document). */
let opening: Promise<unknown> | undefined;

/** Starts opening the document the address names, before the session answers: called once, by main.tsx. */
export function startFromAddress(): void {
  opening = openFromAddress();
}

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; me: Me | null };

const PUBLIC_ROUTES: Route['name'][] = ['signIn', 'signUp'];

/** Where to go after signing in: the page that sent the person to sign in, if it is one of ours. */
function nextPath(search: URLSearchParams): string {
  const next = search.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function App() {
  const { path, search } = useLocation();
  const route = matchRoute(path, search);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  const load = useCallback(async (alongside?: Promise<unknown>) => {
    try {
      const me = await api.me();
      await alongside;
      setLoaded({ state: 'ready', me });
    } catch (error) {
      setLoaded({ state: 'failed', message: errorMessage(error) });
    }
  }, []);
  const refresh = useCallback(() => load(), [load]);

  useEffect(() => {
    // A document's address: its page's code, its details and its text started loading with the
    // page's first code (main.tsx); the page is drawn once both its code and the session are here.
    void load(opening);
  }, [load]);

  // A 401 anywhere means the session ended (expired, signed out in another tab): back to sign-in.
  useEffect(() => {
    setUnauthorizedHandler(() => setLoaded({ state: 'ready', me: null }));
    return () => setUnauthorizedHandler(null);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setLoaded({ state: 'ready', me: null });
      navigate('/sign-in');
    }
  }, []);

  const me = loaded.state === 'ready' ? loaded.me : null;
  const isPublic = PUBLIC_ROUTES.includes(route.name);

  useEffect(() => {
    if (loaded.state !== 'ready') return;
    if (!loaded.me && !isPublic) {
      const here = path + (search.size ? `?${search.toString()}` : '');
      navigate(here === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
    } else if (loaded.me && isPublic) {
      navigate(nextPath(search), { replace: true });
    }
  }, [loaded, isPublic, path, search]);

  // Nobody signed in: what started loading for the address is not for this page.
  useEffect(() => {
    if (loaded.state === 'ready' && !loaded.me) abandonOpening();
  }, [loaded]);

  const session = useMemo<Session | null>(() => (me ? { me, refresh, signOut } : null), [me, refresh, signOut]);

  if (loaded.state === 'loading') return <div className="splash" aria-busy="true">Accord</div>;
  if (loaded.state === 'failed') {
    return (
      <div className="splash splash--error">
        <p>{loaded.message}</p>
        <button className="button" onClick={() => void refresh()}>
          Try again
        </button>
      </div>
    );
  }

  if (!session) {
    if (route.name === 'signUp') return <SignUpPage invitation={route.invitation} onSignedIn={refresh} />;
    return <SignInPage onSignedIn={refresh} />;
  }

  return (
    <SessionContext.Provider value={session}>
      <div className="app">
        <TopBar route={route} />
        <main className={`app__main app__main--${route.name}`}>{page(route, session)}</main>
      </div>
    </SessionContext.Provider>
  );
}

function page(route: Route, session: Session) {
  switch (route.name) {
    case 'documents':
      return <DocumentsPage />;
    case 'admin':
      return session.me.abilities.administer ? <AdminPage /> : <NotFoundPage />;
    case 'document':
      return (
        <Suspense fallback={<div className="page muted">Opening the document…</div>}>
          <DocumentPage key={route.id} documentId={route.id} />
        </Suspense>
      );
    case 'documentDiscussion':
      return (
        <Suspense fallback={<div className="page muted">Opening the discussion…</div>}>
          <DiscussionPage key={route.id} documentId={route.id} />
        </Suspense>
      );
    case 'documentAmendments':
      return (
        <Suspense fallback={<div className="page muted">Opening the amendments…</div>}>
          <AmendmentsPage key={route.id} documentId={route.id} />
        </Suspense>
      );
    case 'documentDesk':
      return (
        <Suspense fallback={<div className="page muted">Opening the chair’s desk…</div>}>
          <DeskPage key={route.id} documentId={route.id} />
        </Suspense>
      );
    case 'documentRevisions':
      return (
        <Suspense fallback={<div className="page muted">Opening the revisions…</div>}>
          <RevisionsPage key={route.id} documentId={route.id} view={route.view} />
        </Suspense>
      );
    case 'documentCompare':
      return (
        <Suspense fallback={<div className="page muted">Opening the comparison…</div>}>
          <ComparePage key={route.id} documentId={route.id} from={route.from} to={route.to} />
        </Suspense>
      );
    case 'archive':
      return (
        <Suspense fallback={<div className="page muted">Opening the archive…</div>}>
          <ArchivePage />
        </Suspense>
      );
    case 'archiveRecord':
      return (
        <Suspense fallback={<div className="page muted">Opening the record…</div>}>
          <RecordPage key={route.id} documentId={route.id} />
        </Suspense>
      );
    case 'import':
      return session.me.abilities.createDocument ? (
        <Suspense fallback={<div className="page muted">Opening the import…</div>}>
          <ImportPage />
        </Suspense>
      ) : (
        <NotFoundPage />
      );
    case 'signIn':
    case 'signUp':
      return null; // redirected to the page asked for, above
    case 'notFound':
      return <NotFoundPage />;
  }
}
