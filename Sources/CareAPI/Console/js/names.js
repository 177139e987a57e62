// Names for ids: elders, organisations and staff are looked up through the API once and
// cached, so no table ever shows a UUID.
import { get, all } from './api.js';

const kinds = ['elders', 'organisations', 'staff'];
const known = Object.fromEntries(kinds.map((kind) => [kind, new Map()]));
const pending = Object.fromEntries(kinds.map((kind) => [kind, new Map()]));

function lookup(kind, id) {
  if (!id) return Promise.resolve(null);
  if (known[kind].has(id)) return Promise.resolve(known[kind].get(id));
  if (!pending[kind].has(id)) {
    pending[kind].set(id, get(`/${kind}/${id}`)
      .then((record) => { known[kind].set(id, record); return record; })
      // A record outside this node's scope (or deleted) is shown as unknown, not retried.
      .catch(() => { known[kind].set(id, null); return null; }));
  }
  return pending[kind].get(id);
}

export const elder = (id) => lookup('elders', id);
export const organisation = (id) => lookup('organisations', id);
export const staff = (id) => lookup('staff', id);

/** Stores records already fetched by a list, so their names need no further request. */
export function remember(kind, records) {
  for (const record of records) known[kind].set(record.id, record);
}

/** Resolves the names a set of rows refers to, before they are drawn. */
export async function resolve(rows, fields) {
  const jobs = [];
  for (const row of rows) {
    for (const [field, kind] of Object.entries(fields)) if (row[field]) jobs.push(lookup(kind, row[field]));
  }
  await Promise.all(jobs);
}

/** The name now, from the cache (call resolve first). */
export function nameNow(kind, id) {
  if (!id) return '—';
  if (!known[kind].has(id)) return '…';
  return known[kind].get(id)?.name ?? '？';
}

export const recordNow = (kind, id) => known[kind].get(id) ?? null;

/** The registry (organisations, staff) is small: load it whole for pickers and names. */
export async function registry() {
  const [organisations, people] = await Promise.all([all('/organisations', {}, 2000), all('/staff', {}, 5000)]);
  remember('organisations', organisations.items);
  remember('staff', people.items);
  return { organisations: organisations.items, staff: people.items };
}
