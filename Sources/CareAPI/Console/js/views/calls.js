// The call center's agent screen (呼叫中心, Anhui §4.3.2): take a ringing number (what a
// softphone posts, or the agent types), the caller popped up with the elder's profile, open
// orders and open alerts, the completion form (outcome, purpose, note; an order or a complaint
// made from the call in the same step, refusals shown beside their fields), the queue of open
// calls and callbacks due, and the figures per agent and day.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, api } from '../api.js';
import { heading, badge } from './common.js';
import { field, apiForm } from '../form.js';
import { dateTime } from '../format.js';
import { onCall, callerLine } from '../callwatch.js';

export async function render(view, { args, can }) {
  const current = h('section.call-current', { id: 'call-current', 'aria-live': 'polite' }, h('p.empty', t('noCurrentCall')));
  const queue = h('section', { id: 'call-queue' });
  const figures = h('section', { id: 'call-figures' });
  const ring = apiForm({
    fields: [field({ path: 'number', title: t('callNumber'), required: true, inputmode: 'tel' })],
    submitText: t('takeCall'),
    submit: (body) => post('/calls/incoming', body),
    onDone: (popup) => { show(popup); refresh(); },
  });
  ring.id = 'incoming-form';
  fill(view, heading(t('screenCalls')),
    h('div.call-layout', h('div.call-main', can('call.handle') ? ring : null, current), h('div.call-side', queue, figures)));
  let shown = null;
  let shownVersion = null;

  function show(popup) {
    shown = popup.call.id;
    shownVersion = popup.call.version;
    fill(current, panel(popup, { can, done: (next) => { show(next); refresh(); } }));
  }

  async function refresh() {
    const [q, f] = await Promise.all([get('/calls/queue'), get('/calls/figures')]);
    fill(queue, h('h2', t('callQueue')), callTable('open-calls', t('openCalls'), q.open, open),
      callTable('callbacks-due', t('callbacksDue'), q.callbacksDue, open));
    fill(figures, h('h2', t('callFigures')), figureTable(f));
  }

  async function open(call) { show(await get(`/calls/${call.id}`)); }

  if (args[0]) await open({ id: args[0] });
  await refresh();
  return onCall((popup) => {
    // Redrawn only when the call itself changed, so a reconnecting stream does not wipe the form.
    if (popup.call.id === shown && popup.call.version !== shownVersion) show(popup);
    refresh().catch(() => {});
  });
}

function callTable(id, title, calls, open) {
  if (!calls.length) return h('div', h('h3', title), h('p.empty', { id: `${id}-empty` }, t('none')));
  return h('div', h('h3', title), h('table.table.table-sm.table-hover', { id },
    h('thead', h('tr', [t('callTime'), t('callNumber'), t('callDirection'), t('callPurpose'), t('community')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', calls.map((call) => h('tr', { tabIndex: 0, dataset: { callId: call.id }, onclick: () => open(call) },
      h('td', dateTime(call.startedAt)), h('td', call.number || call.deviceSerial || ''), h('td', label('callDirection', call.direction)),
      h('td', label('callPurpose', call.purpose) || '—'), h('td', call.home))))));
}

function figureTable(f) {
  const row = (r) => h('tr', h('td', r.day || t('total')), h('td', r.agent || ''), h('td', String(r.calls)), h('td', String(r.answered)),
    h('td', String(r.missed)), h('td', r.averageHandlingSeconds == null ? '—' : `${Math.round(r.averageHandlingSeconds)} s`));
  return h('table.table.table-sm', { id: 'call-figures-table' },
    h('caption', `${f.from} – ${f.to}`),
    h('thead', h('tr', [t('day'), t('callAgent'), t('calls'), t('callsAnswered'), t('callsMissed'), t('averageHandling')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', f.rows.map(row), row(f.total)));
}

/** The pop-up on the call screen: the call, each caller with profile, open orders and alerts, and the completion form. */
function panel(popup, { can, done }) {
  const call = popup.call;
  return h('div.call-panel', { dataset: { callId: call.id, open: String(call.open) } },
    h('h2', `${label('callDirection', call.direction)} · ${call.number || call.deviceSerial || ''}`),
    h('p', `${dateTime(call.startedAt)} · ${t('callAgent')} ${call.agent}`, call.open ? null : [' · ', label('callOutcome', call.outcome)]),
    h('p.call-callers-line', callerLine(popup)),
    popup.callers.map(callerCard),
    can('call.handle') ? completion(popup, done, can) : null);
}

function callerCard(caller) {
  const e = caller.elder;
  return h('article.call-caller', { dataset: { elderId: e.id } },
    h('h3', e.name, ' ', h('small', label('callMatch', caller.matchedBy))),
    h('p', `${e.birthDate} · ${label('livingSituation', e.livingSituation)} · ${e.address?.text || ''} · ${e.phone || ''}`),
    h('p', `${t('emergencyContacts')}: ${e.emergencyContacts.map((c) => `${c.name}（${c.relation}）${c.phone}`).join('、')}`),
    h('h4', t('openOrders')),
    caller.openOrders.length
      ? h('ul.call-orders', caller.openOrders.map((o) => h('li', { dataset: { orderId: o.id } }, label('serviceCategory', o.category), ' ', badge('orderStatus', o.status))))
      : h('p.empty', t('none')),
    h('h4', t('openAlerts')),
    caller.openAlerts.length
      ? h('ul.call-alerts', caller.openAlerts.map((a) => h('li', { dataset: { alertId: a.id } }, badge('alertSeverity', a.severity), ' ', a.messageZh || a.message)))
      : h('p.empty', t('none')));
}

function completion(popup, done, can) {
  const call = popup.call;
  const elders = popup.callers.map((c) => ({ value: c.elder.id, text: c.elder.name }));
  const fields = [
    elders.length > 1 || !call.elderId ? field({ path: 'elderId', title: t('callElder'), type: 'select', options: elders, value: call.elderId }) : null,
    field({ path: 'outcome', title: t('callOutcome'), table: 'callOutcome', required: true, value: call.outcome }),
    field({ path: 'purpose', title: t('callPurpose'), table: 'callPurpose', value: call.purpose }),
    field({ path: 'durationSeconds', title: t('callDuration'), type: 'number', min: 0, value: call.durationSeconds }),
    field({ path: 'note', title: t('callNote'), type: 'textarea', value: call.note }),
  ];
  if (can('order.create') && !call.orderId) {
    fields.push(h('fieldset.call-order', h('legend', t('orderFromCall')),
      field({ path: 'order.category', title: t('category'), table: 'serviceCategory' }),
      field({ path: 'order.notes', title: t('notes'), type: 'textarea' })));
  }
  if (can('complaint.create') && !call.complaintId) {
    fields.push(h('fieldset.call-complaint', h('legend', t('complaintFromCall')),
      field({ path: 'complaint.complainant', title: t('complainant') }),
      field({ path: 'complaint.description', title: t('description'), type: 'textarea' })));
  }
  const form = apiForm({
    fields, submitText: t('completeCall'),
    submit: (body) => api('PATCH', `/calls/${call.id}`, body, { headers: { 'if-match': call.version } }),
    onDone: (next) => { toast(t('callCompleted')); done(next); },
  });
  form.id = 'call-complete-form';
  return form;
}
