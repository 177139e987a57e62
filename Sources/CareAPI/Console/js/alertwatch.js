// The live alert feed: GET /api/v1/alerts/stream read with fetch (EventSource cannot send the
// bearer token), resumed with Last-Event-ID after a drop. Each critical alert still waiting
// for someone pops up (弹屏) with a sound (声音播报) once per session, on whatever screen is open.
import { h } from './dom.js';
import { t, label, lang } from './i18n.js';
import { authHeader, post } from './api.js';
import { dateTime } from './format.js';
import { alarm, canPlay } from './sound.js';
import { can } from './session.js';
import { messageOf } from './form.js';
import { handleCall, forgetCalls } from './callwatch.js';

const listeners = new Set();
const alerts = new Map();
const popped = new Set();
let controller = null;
let lastEventId = null;

/** Called with each alert as it arrives or changes; returns a function that unsubscribes. */
export function onAlert(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const knownAlerts = () => [...alerts.values()];
export const streaming = () => Boolean(controller);

export function startAlertWatch() {
  if (controller) return;
  controller = new AbortController();
  run(controller.signal);
}

export function stopAlertWatch() {
  controller?.abort();
  controller = null;
  alerts.clear();
  popped.clear();
  forgetCalls();
  document.getElementById('alert-popups')?.replaceChildren();
}

async function run(signal) {
  let delay = 1000;
  while (!signal.aborted) {
    try {
      const headers = { ...authHeader(), accept: 'text/event-stream' };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      const response = await fetch('/api/v1/alerts/stream', { headers, signal });
      // Signed out or expired: the shell asks for a new sign-in; retrying would only fail again.
      if (response.status === 401) { controller = null; return; }
      if (!response.ok) throw new Error(`alert stream: HTTP ${response.status}`);
      document.body.dataset.alertStream = 'open';
      delay = 1000;
      await read(response.body, signal);
    } catch (error) {
      if (signal.aborted) return;
    }
    document.body.dataset.alertStream = 'reconnecting';
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10000);
  }
}

async function read(stream, signal) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      handle(block);
    }
  }
}

function handle(block) {
  let event = 'message', data = '', id = null;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') event = value;
    else if (name === 'data') data += value;
    else if (name === 'id') id = value;
  }
  if (id) lastEventId = id;
  // A call's pop-up (来电弹屏) rides the same stream, without an id.
  if (event === 'call' && data) { handleCall(JSON.parse(data)); return; }
  if (event !== 'alert' || !data) return;
  const alert = JSON.parse(data);
  alerts.set(alert.id, alert);
  for (const listener of listeners) listener(alert);
  if (alert.severity === 'critical' && alert.status === 'raised' && !popped.has(alert.id)) {
    popped.add(alert.id);
    popUp(alert);
  } else if (alert.status !== 'raised') {
    document.querySelector(`.alert-popup[data-alert-id="${alert.id}"]`)?.remove();
  }
}

function message(alert) {
  return lang() === 'zh' ? alert.messageZh || alert.message : alert.message;
}

function popUp(alert) {
  const box = document.getElementById('alert-popups');
  const status = h('p.popup-status', { role: 'status' });
  const buttons = (can('alert.handle') ? ['acknowledge', 'handle', 'resolve'] : []).map((step) =>
    h('button.btn.btn-lg' + (step === 'acknowledge' ? '.btn-danger' : '.btn-outline-dark'), {
      type: 'button', dataset: { step },
      onclick: async () => {
        try {
          const body = step === 'handle' ? { step, action: 'visit' } : { step };
          const updated = await post(`/alerts/${alert.id}/steps`, body);
          alerts.set(updated.id, updated);
          for (const listener of listeners) listener(updated);
          if (step === 'acknowledge') status.textContent = t('alertAcknowledged');
          else popup.remove();
        } catch (error) {
          status.textContent = messageOf(error);
        }
      },
    }, label('alertStep', step)));
  const popup = h('section.alert-popup', { role: 'alertdialog', 'aria-labelledby': `popup-${alert.id}`, dataset: { alertId: alert.id }, tabIndex: -1 },
    h('h2', { id: `popup-${alert.id}` }, `${label('alertSeverity', alert.severity)} · ${message(alert)}`),
    h('p.popup-elder', h('strong', alert.elderName || t('unknownElder')), ` · ${alert.place || ''}`),
    h('p', `${t('raisedAt')} ${dateTime(alert.raisedAt)} · ${t('device')} ${alert.deviceSerial} · ${t('community')} ${alert.home}`),
    status,
    h('div.popup-actions', buttons,
      h('button.btn.btn-lg.btn-secondary', { type: 'button', onclick: () => popup.remove() }, t('later'))));
  box.prepend(popup);
  popup.focus();
  alarm().then((played) => {
    popup.dataset.sound = played ? 'played' : 'blocked';
    if (!played && !canPlay()) status.textContent = t('soundBlocked');
  });
}
