// Steps a caregiver takes where the network is gone are kept on the phone and sent, in order,
// when it returns. Each carries its own event id, so a step sent twice is still one step.
// A step's photos and voice recording wait with it: their bytes in IndexedDB (too large for
// localStorage), uploaded to /blobs first when the network is back, then the step that names
// them by their SHA-256.
import { post, APIError } from './api.js';

const key = 'carenode.outbox';
const listeners = new Set();

const load = () => JSON.parse(localStorage.getItem(key) || '[]');
const save = (items) => { localStorage.setItem(key, JSON.stringify(items)); for (const listener of listeners) listener(items); };

export const pending = () => load();
export const onChange = (listener) => { listeners.add(listener); return () => listeners.delete(listener); };

// ---- the files' bytes, keyed by a random id, in one IndexedDB store

let database = null;
function files() {
  database ??= new Promise((resolve, reject) => {
    const request = indexedDB.open('carenode-outbox', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('files');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

async function keep(id, blob) {
  const db = await files();
  // Stored as bytes and type: every browser keeps an ArrayBuffer, not every one a Blob.
  const value = { type: blob.type || 'application/octet-stream', bytes: await blob.arrayBuffer() };
  return new Promise((resolve, reject) => {
    const tx = db.transaction('files', 'readwrite');
    tx.objectStore('files').put(value, id);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

async function kept(id) {
  const db = await files();
  return new Promise((resolve, reject) => {
    const request = db.transaction('files').objectStore('files').get(id);
    request.onsuccess = () => resolve(request.result ? new Blob([request.result.bytes], { type: request.result.type }) : null);
    request.onerror = () => reject(request.error);
  });
}

async function forget(id) {
  const db = await files();
  return new Promise((resolve) => {
    const tx = db.transaction('files', 'readwrite');
    tx.objectStore('files').delete(id);
    tx.oncomplete = () => resolve();
    tx.onerror = () => resolve();
  });
}

/** Puts an uploaded file into the step: a photo into `photos`, a voice rating into `rating.voice`. */
function attach(body, file, sha256) {
  if (file.voice) body.rating = { ...body.rating, voice: sha256 };
  else body.photos = [...(body.photos || []), { sha256, stage: file.stage }];
}

const upload = (blob) => post('/blobs', blob.type ? blob : new Blob([blob], { type: 'image/jpeg' }));

/**
 * Sends a step now, or keeps it (with the files not yet uploaded) when the network fails.
 * `attachments`: [{ blob, stage }] photos, or [{ blob, voice: true }] a voice rating.
 * Resolves {sent, queued, result}; an API refusal is thrown, as it would be again later.
 */
export async function sendStep(orderId, body, attachments = []) {
  const step = { ...body, id: body.id || crypto.randomUUID() };
  const waiting = [...attachments];
  try {
    while (waiting.length) {
      const stored = await upload(waiting[0].blob);
      attach(step, waiting[0], stored.sha256);
      waiting.shift();
    }
    return { sent: true, result: await post(`/orders/${orderId}/events`, step) };
  } catch (error) {
    if (error instanceof APIError) throw error;
    const queued = [];
    for (const file of waiting) {
      const id = crypto.randomUUID();
      await keep(id, file.blob);
      queued.push({ id, stage: file.stage, voice: Boolean(file.voice) });
    }
    save([...load(), { orderId, body: step, files: queued, at: Date.now() }]);
    return { queued: true };
  }
}

/** Sends one waiting step: its files first (each saved as done once uploaded), then the step. */
async function send(item, items) {
  while (item.files?.length) {
    const file = item.files[0];
    const blob = await kept(file.id);
    // A file the browser lost is left out; the API judges the step without it.
    if (blob) attach(item.body, file, (await upload(blob)).sha256);
    item.files.shift();
    save(items);
    await forget(file.id);
  }
  await post(`/orders/${item.orderId}/events`, item.body);
}

let flushing = null;

/**
 * Sends what is waiting, oldest first; a refused step is dropped with its reason reported to
 * `onRefused`. A call while a flush runs waits for that one instead of starting another.
 */
export function flush(onRefused = () => {}) {
  flushing ??= (async () => {
    let items = load();
    while (items.length) {
      const first = items[0];
      try {
        await send(first, items);
      } catch (error) {
        if (!(error instanceof APIError)) break;
        for (const file of first.files || []) await forget(file.id);
        onRefused(first, error);
      }
      items = items.slice(1);
      save(items);
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

window.addEventListener('online', () => flush());
