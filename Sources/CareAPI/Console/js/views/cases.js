// The window's queue of cases (受理事项, Anhui §5.2.2.2): overdue first (the API's default
// order is by deadline, open cases before closed), with filters by status and kind; a case
// opens with its steps, the county's decision and the next steps this account may take.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dateTime } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, badge, overdueMark, facts } from './common.js';

/** A table of cases; `fixed` filters are always applied (the county's approval list). */
export function caseTable(ctx, { id = 'case-table', fixed = {}, filters = true } = {}) {
  const table = dataTable({
    id,
    filters: filters ? [
      { name: 'status', title: t('status'), options: codes('caseStatus').map((e) => ({ value: e.code, text: label('caseStatus', e.code) })) },
      { name: 'kind', title: t('caseKind'), options: codes('caseKind').map((e) => ({ value: e.code, text: label('caseKind', e.code) })) },
      { name: 'overdue', title: t('overdue'), options: [{ value: 'true', text: t('overdueOnly') }] },
    ] : [],
    load: ({ limit, cursor, filters: chosen, sort }) => get('/cases' + query({ limit, cursor, sort, ...chosen, ...fixed })),
    columns: [
      { title: t('elder'), cell: (c) => h('strong', c.elderName || c.elderId) },
      { title: t('caseKind'), cell: (c) => label('caseKind', c.kind) },
      { title: t('status'), cell: (c) => [badge('caseStatus', c.status), ' ', overdueMark(c)] },
      { title: t('caseDue'), cell: (c) => dateTime(c.dueAt), sortKey: 'dueAt' },
      { title: t('receivedAt'), cell: (c) => dateTime(c.receivedAt), sortKey: 'receivedAt' },
      { title: t('caseSummary'), cell: (c) => h('span.clip', c.summary) },
      { title: t('channel'), cell: (c) => label('intakeChannel', c.channel) },
      { title: t('takenAt'), cell: (c) => `${c.takenAt} · ${c.takenBy}` },
    ],
    rowClass: (c) => (c.overdue ? 'row-overdue' : null),
    onRow: (c) => showCase(c.id, { ...ctx, onChange: () => table.refresh() }),
  });
  return table;
}

/** Steps an account may take: the county's decisions need case.approve, the rest case.handle. */
const mayTake = (can, step) => (step === 'approve' || step === 'return' ? can('case.approve') : can('case.handle'));

export async function showCase(id, { can, onChange }) {
  const box = dialog(t('case'), h('p.loading', t('loading')), { wide: true });
  const draw = async () => {
    const detail = await get(`/cases/${id}`);
    const c = detail.case;
    const steps = c.allowedSteps.filter((s) => mayTake(can, s));
    let orders = [];
    if (steps.includes('toOrder')) orders = (await get('/orders' + query({ elderId: c.elderId, limit: 20 }))).items;
    fill(box.el.querySelector('.sheet-body'),
      facts([
        [t('elder'), c.elderName], [t('caseKind'), label('caseKind', c.kind)], [t('status'), [badge('caseStatus', c.status), ' ', overdueMark(c)]],
        [t('receivedAt'), dateTime(c.receivedAt)], [t('caseDue'), dateTime(c.dueAt)], [t('caseSummary'), c.summary],
        [t('channel'), label('intakeChannel', c.channel)], [t('takenAt'), `${c.takenAt} · ${c.takenBy}`],
        [t('caseDocuments'), c.documents.length ? t('caseDocumentCount', { n: c.documents.length }) : t('none')],
        [t('caseDecision'), detail.decision ? label('caseStep', detail.decision) : t('none')],
        [t('caseResult'), detail.result || ''],
      ]),
      h('h3', t('steps')),
      h('ol.timeline', { id: 'case-steps' }, detail.steps.map((s) => h('li', { dataset: { step: s.step } },
        h('strong', label('caseStep', s.step)), ` · ${dateTime(s.at)} · ${s.actor} @ ${s.node}`, h('div', s.note)))),
      steps.length ? h('div', { id: 'case-step-form' }, apiForm({
        fields: [
          field({ path: 'step', title: t('nextStep'), type: 'select', required: true, options: steps.map((s) => ({ value: s, text: label('caseStep', s) })) }),
          field({ path: 'note', title: t('note'), type: 'textarea' }),
          steps.includes('toOrder') ? field({ path: 'orderId', title: t('caseOrder'), type: 'select',
            options: orders.map((o) => ({ value: o.id, text: `${label('serviceCategory', o.category)} · ${dateTime(o.requestedAt)}` })) }) : null,
        ],
        submitText: t('save'),
        submit: (values) => post(`/cases/${id}/steps`, values),
        onDone: () => { toast(t('saved'), 'success'); draw(); onChange?.(); },
      })) : null);
  };
  try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
}

export async function render(view, ctx) {
  const table = caseTable(ctx);
  const tools = ctx.can('case.create') ? [h('a.btn.btn-primary.btn-lg', { href: '#/intake' }, t('newCase'))] : [];
  fill(view, heading(t('screenCases'), tools), table.el);
  await table.refresh();
  if (ctx.args?.[0]) showCase(ctx.args[0], { ...ctx, onChange: () => table.refresh() });
}
