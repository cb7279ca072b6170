/**
 * Pages by the part of the address after `#`, so that the server serves one file at `/` and every
 * page has an address to reload, bookmark and share: `#/`, `#/problems/two-sum`,
 * `#/submissions`, `#/submissions/<id>`, `#/signin`, `#/admin`, `#/admin/problems/<slug>`.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'problems' }
  | { page: 'problem'; slug: string }
  | { page: 'submissions' }
  | { page: 'submission'; id: string }
  | { page: 'signin' }
  | { page: 'admin' }
  | { page: 'admin-problem'; slug: string }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
      return { page: 'problems' };
    case 'problems':
      return parts[1] ? { page: 'problem', slug: parts[1] } : { page: 'problems' };
    case 'submissions':
      return parts[1] ? { page: 'submission', id: parts[1] } : { page: 'submissions' };
    case 'signin':
      return { page: 'signin' };
    case 'admin':
      return parts[1] === 'problems' && parts[2] ? { page: 'admin-problem', slug: parts[2] } : { page: 'admin' };
    default:
      return { page: 'not-found', path };
  }
}

/** The address of a page, for links. */
export function href(route: Route): string {
  switch (route.page) {
    case 'problems':
      return '#/';
    case 'problem':
      return `#/problems/${encodeURIComponent(route.slug)}`;
    case 'submissions':
      return '#/submissions';
    case 'submission':
      return `#/submissions/${encodeURIComponent(route.id)}`;
    case 'signin':
      return '#/signin';
    case 'admin':
      return '#/admin';
    case 'admin-problem':
      return `#/admin/problems/${encodeURIComponent(route.slug)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
