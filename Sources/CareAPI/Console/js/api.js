// The JSON API at /api/v1: the bearer token, error bodies, and pages of lists.

let token = sessionStorage.getItem('carenode.token');
let onUnauthorized = () => {};

export const setToken = (value) => {
  token = value;
  if (value) sessionStorage.setItem('carenode.token', value);
  else sessionStorage.removeItem('carenode.token');
};
export const hasToken = () => Boolean(token);
export const whenUnauthorized = (handler) => { onUnauthorized = handler; };
export const authHeader = () => (token ? { authorization: `Bearer ${token}` } : {});

/** An error answer: status, message and, for 422, one entry per field (field, message, messageZh). */
export class APIError extends Error {
  constructor(status, body) {
    const detail = body?.error || {};
    super(detail.message || `HTTP ${status}`);
    this.status = status;
    this.messageZh = detail.messageZh || null;
    this.fields = detail.fields || [];
    this.allowed = detail.allowed || null;
  }
}

/** Sends a request; `body` objects go as JSON, Blobs as they are. */
export async function api(method, path, body, { headers = {}, signal } = {}) {
  const init = { method, headers: { accept: 'application/json', ...authHeader(), ...headers }, signal };
  if (body instanceof Blob) {
    init.body = body;
    init.headers['content-type'] = body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const response = await fetch('/api/v1' + path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/session')) onUnauthorized();
    throw new APIError(response.status, json);
  }
  return json;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body, options);
export const put = (path, body, options) => api('PUT', path, body, options);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Every item of a list, page by page, up to `max` (lists are capped at 500 a page). */
export async function all(path, params = {}, max = 2000) {
  const items = [];
  let cursor;
  let total = null;
  do {
    const page = await get(path + query({ ...params, limit: Math.min(500, max - items.length), cursor }));
    items.push(...page.items);
    total = page.total ?? total;
    cursor = page.next;
  } while (cursor && items.length < max);
  return { items, total, truncated: Boolean(cursor) };
}
