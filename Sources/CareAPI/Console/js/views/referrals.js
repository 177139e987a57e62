// Referrals (服务转介, Anhui §5.2.2.4): the street passes a request to an organisation on the
// platform or to a third party; the queue shows the unanswered first and marks those past
// their answer window; a referral opens with its answer and feedback forms. An organisation's
// admin sees the referrals made to it and answers them here.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dateTime } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { registry } from '../names.js';
import { heading, badge, overdueMark, facts, elderFinder } from './common.js';

const target = (r) => r.toOrganisationName || r.toThirdParty || r.toOrganisationId || '';

export function referralTable(ctx, { id = 'referral-table' } = {}) {
  const table = dataTable({
    id,
    filters: [
      { name: 'status', title: t('status'), options: codes('referralStatus').map((e) => ({ value: e.code, text: label('referralStatus', e.code) })) },
      { name: 'overdue', title: t('overdue'), options: [{ value: 'true', text: t('overdueOnly') }] },
    ],
    load: ({ limit, filters: chosen }) => get('/referrals' + query({ limit, ...chosen })),
    columns: [
      { title: t('elder'), cell: (r) => h('strong', r.elderName || r.elderId) },
      { title: t('referralTo'), cell: (r) => target(r) },
      { title: t('status'), cell: (r) => [badge('referralStatus', r.status), ' ', overdueMark(r)] },
      { title: t('referredAt'), cell: (r) => dateTime(r.referredAt) },
      { title: t('answerDue'), cell: (r) => dateTime(r.answerDueAt) },
      { title: t('reason'), cell: (r) => h('span.clip', r.reason) },
      { title: t('referralOrder'), cell: (r) => (r.orderId ? t('yes') : '') },
    ],
    rowClass: (r) => (r.overdue ? 'row-overdue' : null),
    onRow: (r) => showReferral(r.id, { ...ctx, onChange: () => table.refresh() }),
  });
  return table;
}

export async function showReferral(id, { can, onChange }) {
  const box = dialog(t('referral'), h('p.loading', t('loading')), { wide: true });
  box.el.id = 'referral-dialog';
  const done = async () => { toast(t('saved'), 'success'); await draw(); onChange?.(); };
  async function draw() {
    const r = await get(`/referrals/${id}`);
    fill(box.el.querySelector('.sheet-body'),
      facts([
        [t('elder'), r.elderName], [t('referralTo'), target(r)], [t('phone'), r.toPhone],
        [t('status'), [badge('referralStatus', r.status), ' ', overdueMark(r)]], [t('reason'), r.reason],
        [t('referredAt'), `${dateTime(r.referredAt)} · ${r.referredBy} @ ${r.fromStreet}`], [t('answerDue'), dateTime(r.answerDueAt)],
        [t('referralOrder'), r.orderId ? t('referralOrderHanded') : ''],
        [t('referralReply'), r.reply ? `${label('referralAnswer', r.reply.answer)} · ${dateTime(r.reply.at)} · ${r.reply.by}${r.reply.note ? ' — ' + r.reply.note : ''}` : ''],
        [t('referralFeedback'), r.feedback ? `${r.feedback.text} · ${dateTime(r.feedback.at)} · ${r.feedback.by}` : ''],
      ]),
      can('referral.answer') && r.status === 'pending' ? h('div', { id: 'referral-answer-form' }, h('h3', t('referralAnswerIt')), apiForm({
        fields: [
          field({ path: 'answer', title: t('referralAnswer'), table: 'referralAnswer', required: true }),
          field({ path: 'note', title: t('referralNote'), type: 'textarea', hint: t('referralNoteHint') }),
        ],
        submitText: t('save'),
        submit: (values) => post(`/referrals/${id}/answer`, values),
        onDone: done,
      })) : null,
      can('referral.answer') && r.status === 'accepted' ? h('div', { id: 'referral-feedback-form' }, h('h3', t('referralFeedback')), apiForm({
        fields: [field({ path: 'feedback', title: t('referralFeedback'), type: 'textarea', required: true })],
        submitText: t('save'),
        submit: (values) => post(`/referrals/${id}/feedback`, values),
        onDone: done,
      })) : null);
  }
  try { await draw(); } catch (error) { fill(box.el.querySelector('.sheet-body'), h('p.notice.notice-error', messageOf(error))); }
  return box;
}

/** A new referral: the elder, optionally one of their orders waiting for dispatch, and where it goes. */
async function newReferral(onDone) {
  const slot = h('div', { id: 'referral-new-form' }, h('p.muted', t('pickElderFirst')));
  const box = dialog(t('newReferral'), h('div', elderFinder(async (elder) => fill(slot, await referralForm(elder, () => { box.close?.(); onDone(); }))), slot), { wide: true });
  return box;
}

async function referralForm(elder, onDone) {
  const [{ organisations }, orders] = await Promise.all([registry(), get('/orders' + query({ elderId: elder.id, status: 'requested', limit: 50 }))]);
  return apiForm({
    fields: [
      h('h3', elder.name),
      field({ path: 'orderId', title: t('referralOrder'), type: 'select', hint: t('referralOrderHint'),
        options: orders.items.map((o) => ({ value: o.id, text: `${label('serviceCategory', o.category)} · ${dateTime(o.requestedAt)}` })) }),
      field({ path: 'toOrganisationId', title: t('organisation'), type: 'select', hint: t('referralToHint'),
        options: organisations.filter((o) => o.creditStatus !== 'blacklisted' && o.communities.includes(elder.home))
          .map((o) => ({ value: o.id, text: `${o.name} · ${label('creditStatus', o.creditStatus)}` })) }),
      h('div.field-row', field({ path: 'toThirdParty', title: t('referralThirdParty') }), field({ path: 'toPhone', title: t('phone'), inputmode: 'tel' })),
      field({ path: 'reason', title: t('reason'), type: 'textarea', required: true }),
    ],
    submitText: t('referIt'),
    submit: (values) => post('/referrals', { ...values, elderId: elder.id }),
    onDone: (made) => { toast(t('referralMade', { name: elder.name }), 'success'); onDone(made); },
  });
}

export async function render(view, ctx) {
  const table = referralTable(ctx);
  const tools = ctx.can('referral.write') && ctx.me.node.role === 'street'
    ? [h('button.btn.btn-primary.btn-lg', { type: 'button', id: 'new-referral', onclick: () => newReferral(() => table.refresh()) }, t('newReferral'))] : [];
  fill(view, heading(t('screenReferrals'), tools), table.el);
  await table.refresh();
  if (ctx.args?.[0]) showReferral(ctx.args[0], { ...ctx, onChange: () => table.refresh() });
}
