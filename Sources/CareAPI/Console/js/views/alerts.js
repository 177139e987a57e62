// The live alert board (智能预警): open alerts first, fed by the alert stream, with the
// operator's steps (acknowledge, handle with an action, resolve, false alarm) on each.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, lang, codes } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dateTime, since } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, badge, facts } from './common.js';
import { onAlert, startAlertWatch, streaming } from '../alertwatch.js';

const nextSteps = { raised: ['acknowledge', 'handle', 'resolve', 'falseAlarm'], acknowledged: ['handle', 'resolve', 'falseAlarm'], handled: ['resolve', 'falseAlarm'] };

export async function render(view, { can }) {
  const live = h('span.badge.stream-state', t('streamConnecting'));
  const table = dataTable({
    id: 'alert-table',
    pageSizes: [50, 100, 200],
    filters: [
      { name: 'status', title: t('status'), options: codes('alertStatus').map((e) => ({ value: e.code, text: label('alertStatus', e.code) })) },
      { name: 'severity', title: t('severity'), options: codes('alertSeverity').map((e) => ({ value: e.code, text: label('alertSeverity', e.code) })) },
    ],
    // Newest first across the whole list; the status column orders the screen when it holds them all.
    initialSort: { index: 4, descending: true },
    load: async ({ limit, cursor, filters, sort }) => get('/alerts' + query({ limit, cursor, sort, ...filters })),
    columns: [
      { title: t('status'), cell: (a) => badge('alertStatus', a.status), sort: (a) => ['raised', 'acknowledged', 'handled', 'resolved', 'falseAlarm'].indexOf(a.status) * 1e13 - new Date(a.raisedAt).getTime() },
      { title: t('severity'), cell: (a) => badge('alertSeverity', a.severity), sort: (a) => a.severity },
      { title: t('alert'), cell: (a) => (lang() === 'zh' ? a.messageZh : a.message), sort: (a) => a.condition },
      { title: t('elder'), cell: (a) => h('strong', a.elderName || t('unknownElder')), sort: (a) => a.elderName },
      { title: t('raisedAt'), cell: (a) => [dateTime(a.raisedAt), h('div.muted', since(a.raisedAt))], sortKey: 'raisedAt' },
      { title: t('repeats'), cell: (a) => a.count, sort: (a) => a.count },
      { title: t('escalatedTo'), cell: (a) => (a.escalatedTo ? label('nodeRole', a.escalatedTo) : '—'), sort: (a) => a.escalatedTo },
      { title: t('community'), cell: (a) => a.home, sort: (a) => a.home },
      { title: t('actions'), cell: (a) => stepButtons(a) },
    ],
    rowClass: (a) => (a.severity === 'critical' && a.status === 'raised' ? 'row-critical' : null),
    onRow: (alert) => showAlert(alert),
  });

  function stepButtons(alert) {
    if (!can('alert.handle')) return '';
    return h('div.row-actions', (nextSteps[alert.status] || []).map((step) =>
      h('button.btn.btn-sm.btn-outline-dark', { type: 'button', dataset: { step }, onclick: (event) => { event.stopPropagation(); takeStep(alert, step); } }, label('alertStep', step))));
  }

  function takeStep(alert, step) {
    const fields = [field({ path: 'note', title: t('note'), type: 'textarea' })];
    if (step === 'handle') fields.unshift(field({ path: 'action', title: t('alertAction'), table: 'alertAction', required: true }));
    const box = dialog(`${label('alertStep', step)} · ${alert.elderName || ''}`, apiForm({
      fields, submitText: label('alertStep', step),
      submit: (values) => post(`/alerts/${alert.id}/steps`, { step, ...values }),
      onDone: () => { box.close(); toast(t('saved'), 'success'); table.refresh(); },
    }));
  }

  async function showAlert(alert) {
    try {
      const detail = await get(`/alerts/${alert.id}`);
      const a = detail.alert;
      dialog(`${label('alertSeverity', a.severity)} · ${lang() === 'zh' ? a.messageZh : a.message}`, [
        facts([[t('elder'), a.elderName], [t('place'), a.place], [t('device'), a.deviceSerial], [t('raisedAt'), dateTime(a.raisedAt)],
          [t('lastSeen'), dateTime(a.lastSeenAt)], [t('status'), badge('alertStatus', a.status)], [t('value'), a.value ?? '']]),
        h('h3', t('steps')),
        h('ol.timeline', detail.steps.map((step) => h('li', h('strong', label('alertStep', step.step)), ` · ${dateTime(step.at)} · ${step.actor}`,
          step.action ? ` · ${label('alertAction', step.action)}` : '', step.note ? h('div', step.note) : ''))),
        h('div.actions', stepButtons(a)),
      ]);
    } catch (error) { toast(messageOf(error), 'error'); }
  }

  fill(view, heading(t('screenAlerts'), live, h('button.btn.btn-outline-secondary', { type: 'button', onclick: () => table.refresh() }, t('refresh'))), table.el);
  startAlertWatch();
  await table.refresh();
  let pending = null;
  const stop = onAlert(() => {
    // Many changes can arrive at once (a station reconnecting): redraw once for them all.
    clearTimeout(pending);
    pending = setTimeout(() => table.refresh(), 300);
  });
  const state = setInterval(() => {
    const open = document.body.dataset.alertStream === 'open' && streaming();
    live.textContent = open ? t('streamLive') : t('streamConnecting');
    live.classList.toggle('live', open);
  }, 1000);
  return () => { stop(); clearInterval(state); clearTimeout(pending); };
}
