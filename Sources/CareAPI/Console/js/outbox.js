// Steps a caregiver takes where the network is gone are kept on the phone and sent, in order,
// when it returns. Each carries its own event id, so a step sent twice is still one step.
import { post, APIError } from './api.js';

const key = 'carenode.outbox';
const listeners = new Set();

const load = () => JSON.parse(localStorage.getItem(key) || '[]');
const save = (items) => { localStorage.setItem(key, JSON.stringify(items)); for (const listener of listeners) listener(items); };

export const pending = () => load();
export const onChange = (listener) => { listeners.add(listener); return () => listeners.delete(listener); };

/** Sends a step now, or keeps it when the network fails. Resolves {sent, queued, result}. */
export async function sendStep(orderId, body) {
  const step = { ...body, id: body.id || crypto.randomUUID() };
  try {
    return { sent: true, result: await post(`/orders/${orderId}/events`, step) };
  } catch (error) {
    if (error instanceof APIError) throw error;
    save([...load(), { orderId, body: step, at: Date.now() }]);
    return { queued: true };
  }
}

let flushing = null;

/**
 * Sends what is waiting; a refused step is dropped with its reason reported to `onRefused`.
 * A call while a flush runs waits for that one instead of starting another.
 */
export function flush(onRefused = () => {}) {
  flushing ??= (async () => {
    let items = load();
    while (items.length) {
      const [first, ...rest] = items;
      try {
        await post(`/orders/${first.orderId}/events`, first.body);
      } catch (error) {
        if (!(error instanceof APIError)) break;
        onRefused(first, error);
      }
      items = rest;
      save(items);
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

window.addEventListener('online', () => flush());
