// Calls on the console's event stream (来电弹屏, Anhui §4.3.2; 一键呼叫 §5.3.2.3): the alert
// stream also carries `event: call` with the call's pop-up (the caller's profile, open orders
// and open alerts). A ringing incoming call pops up once per session, with a sound, on
// whatever screen is open; answering opens it on the call screen, where the agent completes it.
import { h } from './dom.js';
import { t, label } from './i18n.js';
import { dateTime } from './format.js';
import { alarm } from './sound.js';
import { can } from './session.js';

const listeners = new Set();
const popped = new Set();

/** Called with each call pop-up as it arrives or changes; returns a function that unsubscribes. */
export function onCall(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function forgetCalls() {
  popped.clear();
}

/** One `event: call` from the stream. */
export function handleCall(popup) {
  for (const listener of listeners) listener(popup);
  const call = popup.call;
  if (!call.open) {
    document.querySelector(`.call-popup[data-call-id="${call.id}"]`)?.remove();
    return;
  }
  if (call.direction !== 'incoming' || popped.has(call.id) || !can('call.handle')) return;
  popped.add(call.id);
  popUp(popup);
}

/** Who is calling, in a line: the matched elder(s) or the number alone. */
export function callerLine(popup) {
  if (!popup.callers.length) return t('callerUnknown');
  return popup.callers.map((c) => `${c.elder.name}（${label('callMatch', c.matchedBy)}）`).join('、');
}

function popUp(popup) {
  const box = document.getElementById('alert-popups');
  if (!box) return;
  const call = popup.call;
  const orders = popup.callers.reduce((n, c) => n + c.openOrders.length, 0);
  const alerts = popup.callers.reduce((n, c) => n + c.openAlerts.length, 0);
  const element = h('section.alert-popup.call-popup', { role: 'alertdialog', 'aria-labelledby': `call-${call.id}`, dataset: { callId: call.id }, tabIndex: -1 },
    h('h2', { id: `call-${call.id}` }, `${t('incomingCall')} · ${call.number || call.deviceSerial || ''}`),
    h('p.popup-elder', h('strong', callerLine(popup))),
    h('p', `${dateTime(call.startedAt)} · ${t('openOrders')} ${orders} · ${t('openAlerts')} ${alerts}`),
    h('div.popup-actions',
      h('button.btn.btn-lg.btn-danger', { type: 'button', dataset: { action: 'answer' }, onclick: () => { element.remove(); location.hash = `#/calls/${call.id}`; } }, t('answerCall')),
      h('button.btn.btn-lg.btn-secondary', { type: 'button', onclick: () => element.remove() }, t('later'))));
  box.prepend(element);
  element.focus();
  alarm().then((played) => { element.dataset.sound = played ? 'played' : 'blocked'; });
}
