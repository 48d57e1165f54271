import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A tiny router over the history API. The server answers index.html for every path outside /api,
 * so a reload on /documents/:id lands here and renders the same page.
 */

export type Route =
  | { name: 'signIn' }
  | { name: 'signUp'; invitation: string | null }
  | { name: 'documents' }
  | { name: 'admin' }
  | { name: 'document'; id: string }
  | { name: 'documentDiscussion'; id: string }
  | { name: 'documentDesk'; id: string }
  | { name: 'documentAmendments'; id: string }
  | { name: 'documentRevisions'; id: string; view: string | null }
  | { name: 'documentCompare'; id: string; from: string | null; to: string | null }
  | { name: 'archive' }
  | { name: 'archiveRecord'; id: string }
  | { name: 'import' }
  | { name: 'notFound' };

const NAVIGATE = 'accord:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const currentLocation = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The path and query string, re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const location = useSyncExternalStore(subscribe, currentLocation);
  const [path = '/', query = ''] = location.split('?');
  return { path, search: new URLSearchParams(query) };
}

export function matchRoute(path: string, search: URLSearchParams): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (clean === '/') return { name: 'documents' };
  if (clean === '/sign-in') return { name: 'signIn' };
  if (clean === '/sign-up') return { name: 'signUp', invitation: search.get('invitation') };
  if (clean === '/admin') return { name: 'admin' };
  if (clean === '/admin/import') return { name: 'import' };
  if (clean === '/archive') return { name: 'archive' };
  const record = /^\/archive\/([^/]+)$/.exec(clean);
  if (record?.[1]) return { name: 'archiveRecord', id: decodeURIComponent(record[1]) };
  const revisions = /^\/documents\/([^/]+)\/revisions$/.exec(clean);
  if (revisions?.[1]) return { name: 'documentRevisions', id: decodeURIComponent(revisions[1]), view: search.get('view') };
  const compare = /^\/documents\/([^/]+)\/compare$/.exec(clean);
  if (compare?.[1]) return { name: 'documentCompare', id: decodeURIComponent(compare[1]), from: search.get('from'), to: search.get('to') };
  const document = /^\/documents\/([^/]+)$/.exec(clean);
  if (document?.[1]) return { name: 'document', id: decodeURIComponent(document[1]) };
  const sub = /^\/documents\/([^/]+)\/(discussion|desk|amendments)$/.exec(clean);
  if (sub?.[1]) {
    const name = sub[2] === 'desk' ? 'documentDesk' : sub[2] === 'amendments' ? 'documentAmendments' : 'documentDiscussion';
    return { name, id: decodeURIComponent(sub[1]) };
  }
  return { name: 'notFound' };
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An anchor that navigates in place; modified clicks (new tab, download) keep the browser's meaning. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...rest} />;
}
