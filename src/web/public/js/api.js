// The JSON API client: the bearer token from this tab's session, errors as ApiError with the API's body.
// A 401 ends the session and returns to sign-in, remembering where the person was.
/* global URLSearchParams, fetch, location, sessionStorage */

const TOKEN_KEY = 'zb.token';
const USER_KEY = 'zb.user';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }

  /** Field errors of a validation failure: [{ field, code, message, messageZh }]. */
  get fieldErrors() {
    return Array.isArray(this.body.errors) ? this.body.errors : [];
  }
}

let onUnauthorized = () => {};

/** Called with the current path when the API says the sign-in is no longer valid. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function currentUser() {
  const raw = sessionStorage.getItem(USER_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

export function saveSession(newToken, user) {
  if (newToken) sessionStorage.setItem(TOKEN_KEY, newToken);
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Calls the API. `options.auth === false` sends no token and treats 401 as an ordinary error (sign-in itself).
 * Resolves with the parsed body (null for 204); rejects with ApiError.
 */
export async function api(method, path, body, options = {}) {
  const headers = { accept: 'application/json' };
  const auth = options.auth !== false;
  if (auth && token()) headers.authorization = `Bearer ${token()}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, {
      code: 'network',
      message: 'The service cannot be reached; check the connection and try again',
      messageZh: '无法连接服务，请检查网络后重试',
    });
  }
  // a sign-in in use is renewed by the service: keep the token it gives
  const renewed = res.headers.get('x-auth-token');
  if (renewed && auth && token()) sessionStorage.setItem(TOKEN_KEY, renewed);
  const text = await res.text();
  let parsed = null;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (res.status === 401 && auth) {
    clearSession();
    onUnauthorized(location.pathname + location.search);
  }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed ?? (text || null);
}

export const get = (path, params) => api('GET', path + query(params));
export const post = (path, body) => api('POST', path, body ?? {});
export const patch = (path, body) => api('PATCH', path, body);

/** Every item of a paged list (the API pages at most 500 a page); bounded to 20 pages. */
export async function getAll(path, params = {}) {
  const items = [];
  for (let page = 1; page <= 20; page++) {
    const res = await get(path, { ...params, page, pageSize: 500 });
    items.push(...res.items);
    if (items.length >= res.total || res.items.length === 0) break;
  }
  return items;
}

let today = null;

/** "Today" as the service sees it (its clock may be set for a demo), from the dashboard's as-of date. */
export function serverToday() {
  today ??= get('/api/dashboard')
    .then((d) => d.asOf)
    .catch((e) => {
      today = null;
      throw e;
    });
  return today;
}

export function forgetServerState() {
  today = null;
}
