// One service order: its facts, its steps so far (who, when, where), and the forms for the
// steps its status allows. The API decides; a refused step's 409 lists what is allowed.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post } from '../api.js';
import { dateTime } from '../format.js';
import { resolve, nameNow, registry } from '../names.js';
import { apiForm, field, messageOf } from '../form.js';
import { badge, overdueMark, facts, eventTime } from './common.js';
import { completionForm, ratingForm } from './visitforms.js';

/** Which steps each status allows (OrderEventKind.allowedFrom in CareModel). */
const allowed = {
  requested: ['dispatch', 'refer', 'cancel'], referred: ['accept', 'refuse', 'cancel'], dispatched: ['accept', 'refuse', 'cancel'], accepted: ['checkIn', 'cancel'],
  checkedIn: ['complete'], completed: ['rate', 'returnVisit', 'close'], rated: ['returnVisit', 'close'], returnVisited: ['rate', 'close'],
};

export async function showOrder(id, { me, can, onChange }) {
  const box = dialog(t('order'), h('p.loading', t('loading')), { wide: true });
  box.el.id = 'order-dialog';
  async function draw() {
    const detail = await get(`/orders/${id}`);
    const order = detail.order;
    await resolve([order, ...detail.events], { elderId: 'elders', organisationId: 'organisations', workerId: 'staff' });
    const steps = (allowed[order.status] || []).filter((kind) => (kind !== 'refer' || me.node.role === 'street') && (kind !== 'returnVisit' || me.node.role === 'county'));
    const stepBox = h('div.step-form');
    fill(box.el.querySelector('.sheet-body'),
      h('h2', `${nameNow('elders', order.elderId)} · ${label('serviceCategory', order.category)}`),
      facts([
        [t('status'), [badge('orderStatus', order.status), ' ', overdueMark(order)]], [t('requestedAt'), dateTime(order.requestedAt)],
        [t('dueAt'), dateTime(order.dueAt)], [t('wantedAt'), order.wantedAt ? dateTime(order.wantedAt) : ''],
        [t('organisation'), order.organisationId ? nameNow('organisations', order.organisationId) : ''],
        [t('worker'), order.workerId ? nameNow('staff', order.workerId) : ''], [t('channel'), label('intakeChannel', order.channel)],
        [t('takenAt'), `${order.takenAt} · ${order.takenBy}`], [t('notes'), order.notes],
      ]),
      h('h3', t('steps')),
      h('ol.timeline', detail.events.map((event) => h('li', { dataset: { kind: event.kind } },
        h('strong', label('orderEvent', event.kind)), ` · ${dateTime(eventTime(event))} · ${event.actor} @ ${event.node}`,
        event.organisationId ? ` · ${nameNow('organisations', event.organisationId)}` : '',
        event.workerId ? ` · ${nameNow('staff', event.workerId)}` : '',
        event.reason ? h('div', event.reason) : '', evidence(event.details)))),
      detail.rejectedEvents.length ? h('p.notice.notice-warning', t('rejectedSteps', { n: detail.rejectedEvents.length })) : null,
      can('order.serve') || can('order.dispatch') ? h('div.actions', steps.map((kind) =>
        h('button.btn.btn-outline-primary.btn-lg', { type: 'button', dataset: { step: kind }, onclick: async () => fill(stepBox, await stepForm(kind, order, refresh)) }, label('orderEvent', kind)))) : null,
      stepBox);
  }
  async function refresh() {
    await draw();
    onChange?.();
  }
  try { await draw(); } catch (error) { fill(box.el.querySelector('.sheet-body'), h('p.notice.notice-error', messageOf(error))); }
  return box;
}

function evidence(details) {
  const entries = Object.entries(details || {});
  if (!entries.length) return '';
  const photos = [...(details.photosBefore || '').split('\n'), ...(details.photosAfter || '').split('\n')].filter(Boolean);
  const shown = entries.filter(([key]) => !['photosBefore', 'photosAfter', 'voice'].includes(key));
  return h('div.evidence',
    h('dl.facts.small', shown.map(([key, value]) => [h('dt', t('detail_' + key)), h('dd', value)])),
    photos.length ? h('div.previews', photos.map((sha) => h('span.badge.status.status-secondary', `${t('photo')} ${sha.slice(0, 8)}`))) : null,
    details.voice ? h('span.badge.status.status-secondary', t('voiceRating')) : null);
}

async function stepForm(kind, order, done) {
  const send = (body) => post(`/orders/${order.id}/events`, { kind, ...body });
  const ok = () => { toast(t('stepDone', { step: label('orderEvent', kind) }), 'success'); done(); };
  const simple = (fields, shape = (v) => v) => apiForm({ fields, submitText: label('orderEvent', kind), submit: (values) => send(shape(values)), onDone: ok });
  const { organisations, staff } = await registry();
  switch (kind) {
    case 'refer':
      // A referral is a record of its own (reason, answer, feedback); making it takes the step.
      return apiForm({
        fields: [
          field({ path: 'toOrganisationId', title: t('organisation'), type: 'select', required: true,
            options: organisations.filter((o) => o.categories.includes(order.category) && o.creditStatus !== 'blacklisted' && o.communities.includes(order.home)).map((o) => ({ value: o.id, text: `${o.name} · ${label('creditStatus', o.creditStatus)}` })) }),
          field({ path: 'reason', title: t('reason'), type: 'textarea', required: true }),
        ],
        submitText: label('orderEvent', kind),
        submit: (values) => post('/referrals', { ...values, elderId: order.elderId, orderId: order.id }),
        onDone: ok,
      });
    case 'dispatch':
      return simple([
        field({ path: 'organisationId', title: t('organisation'), type: 'select', required: true,
          options: organisations.filter((o) => o.categories.includes(order.category) && o.creditStatus !== 'blacklisted').map((o) => ({ value: o.id, text: `${o.name} · ${label('creditStatus', o.creditStatus)}` })) }),
        field({ path: 'reason', title: t('reason'), type: 'textarea' }),
      ]);
    case 'accept':
      return simple([field({ path: 'workerId', title: t('worker'), type: 'select', required: true,
        options: staff.filter((s) => s.organisationId === order.organisationId).map((s) => ({ value: s.id, text: `${s.name} · ${label('staffRole', s.role)}` })) })]);
    case 'refuse':
    case 'cancel':
      return simple([field({ path: 'reason', title: t('reason'), type: 'textarea', required: true })]);
    case 'close':
      return simple([field({ path: 'reason', title: t('reason'), type: 'textarea' })]);
    case 'checkIn':
      return simple([
        h('div.field-row', field({ path: 'location.latitude', title: t('latitude'), type: 'number', step: 'any' }),
          field({ path: 'location.longitude', title: t('longitude'), type: 'number', step: 'any' })),
        field({ path: 'location.note', title: t('locationNote') }),
      ]);
    case 'complete':
      return completionForm(order, done);
    case 'rate':
      return ratingForm(order, done);
    case 'returnVisit':
      return simple([
        field({ path: 'returnVisit.satisfaction', title: t('satisfaction'), type: 'select', required: true, options: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), text: String(n) })) }),
        field({ path: 'returnVisit.notes', title: t('notes'), type: 'textarea' }),
      ], (values) => ({ returnVisit: { ...values.returnVisit, satisfaction: Number(values.returnVisit?.satisfaction) || undefined } }));
    default:
      return h('p', kind);
  }
}
