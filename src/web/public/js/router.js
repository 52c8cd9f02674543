// A small router on the history API: routes are patterns with named parameters; links inside the app are
// followed without reloading the page.
/* global URL, URLSearchParams, document, history, location, window */

const routes = [];
let renderRoute = () => {};

/** route('/tasks/:id', handler): the handler gets { params, query, path }. */
export function route(pattern, handler) {
  const keys = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  routes.push({ regex: new RegExp(`^${source}/?$`), keys, handler });
}

export function match(pathname) {
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    const params = {};
    r.keys.forEach((k, i) => {
      params[k] = decodeURIComponent(m[i + 1]);
    });
    return { handler: r.handler, params };
  }
  return null;
}

/** Goes to a URL inside the app; `replace` does not add a history entry. */
export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.origin);
  const same = target.pathname + target.search === location.pathname + location.search;
  if (replace || same) history.replaceState(null, '', target.pathname + target.search + target.hash);
  else history.pushState(null, '', target.pathname + target.search + target.hash);
  renderRoute({ focus: true });
}

/** Renders the current URL again (after a language switch or a change of data). */
export function refresh() {
  renderRoute({ focus: false });
}

export function currentQuery() {
  return new URLSearchParams(location.search);
}

function linkTarget(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return null;
  const a = event.target.closest?.('a');
  if (!a) return null;
  const href = a.getAttribute('href');
  if (!href || href.startsWith('#') || a.hasAttribute('download')) return null;
  const target = a.getAttribute('target');
  if (target && target !== '_self') return null;
  const url = new URL(href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/assets/'))
    return null;
  return url;
}

export function start(render) {
  renderRoute = render;
  document.addEventListener('click', (event) => {
    const url = linkTarget(event);
    if (!url) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener('popstate', () => renderRoute({ focus: true }));
  renderRoute({ focus: false });
}
