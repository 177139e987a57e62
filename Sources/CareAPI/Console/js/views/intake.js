// The one-stop window (一站式服务窗口) and call center: find the elder, then take a service
// request (with a wanted time it is a booking) or a complaint about one of their orders or
// an organisation. The elder's register entry opens from here too.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, query } from '../api.js';
import { localToISO, dateTime } from '../format.js';
import { apiForm, field } from '../form.js';
import { resolve, nameNow, registry } from '../names.js';
import { heading, elderFinder, facts } from './common.js';

export async function render(view, { me, can }) {
  const chosen = h('section.panel', { id: 'intake-elder', 'aria-live': 'polite' }, h('p.muted', t('pickElderFirst')));
  const forms = h('section.panel', { id: 'intake-forms' });
  const channel = me.role.code === 'callAgent' ? 'phone' : 'window';

  async function pick(elder) {
    fill(chosen, h('h2', elder.name), facts([
      [t('gender'), label('gender', elder.gender)], [t('birthDate'), elder.birthDate], [t('citizenId'), elder.citizenId],
      [t('phone'), elder.phone], [t('address'), elder.address?.text], [t('livingSituation'), label('livingSituation', elder.livingSituation)],
      [t('emergencyContacts'), elder.emergencyContacts.map((c) => `${c.name}（${c.relation}）${c.phone}`).join('；')],
    ]));
    const orders = await get('/orders' + query({ elderId: elder.id, limit: 20 }));
    await resolve(orders.items, { organisationId: 'organisations' });
    const tabs = [];
    if (can('order.create')) tabs.push(orderForm(elder));
    if (can('complaint.create')) tabs.push(await complaintForm(elder, orders.items));
    fill(forms, tabs.length ? tabs : h('p.muted', t('nothingToDo')));
  }

  function orderForm(elder) {
    return h('div.intake-block', h('h2', t('newOrder')), apiForm({
      fields: [
        h('div.field-row',
          field({ path: 'category', title: t('category'), table: 'serviceCategory', required: true }),
          field({ path: 'channel', title: t('channel'), table: 'intakeChannel', required: true, value: channel })),
        field({ path: 'wantedAt', title: t('wantedAt'), type: 'datetime-local', hint: t('wantedAtHint') }),
        field({ path: 'notes', title: t('notes'), type: 'textarea' }),
      ],
      submitText: t('takeOrder'),
      submit: (values) => post('/orders', { ...values, elderId: elder.id, wantedAt: localToISO(values.wantedAt) }),
      onDone: (order) => { toast(t('orderTaken', { name: elder.name, category: label('serviceCategory', order.category) }), 'success'); pick(elder); },
    }));
  }

  async function complaintForm(elder, orders) {
    const { organisations } = await registry();
    return h('div.intake-block', h('h2', t('newComplaint')), apiForm({
      fields: [
        field({ path: 'orderId', title: t('aboutOrder'), type: 'select',
          options: orders.map((o) => ({ value: o.id, text: `${label('serviceCategory', o.category)} · ${dateTime(o.requestedAt)} · ${nameNow('organisations', o.organisationId)}` })) }),
        field({ path: 'organisationId', title: t('aboutOrganisation'), type: 'select', options: organisations.map((o) => ({ value: o.id, text: o.name })) }),
        h('div.field-row',
          field({ path: 'complainant', title: t('complainant'), required: true, value: elder.name }),
          field({ path: 'channel', title: t('channel'), table: 'intakeChannel', required: true, value: channel })),
        field({ path: 'description', title: t('description'), type: 'textarea', required: true }),
      ],
      submitText: t('takeComplaint'),
      submit: (values) => post('/complaints', { ...values, home: values.orderId ? undefined : elder.home }),
      onDone: () => { toast(t('complaintTaken'), 'success'); pick(elder); },
    }));
  }

  const tools = can('elder.write') ? [h('a.btn.btn-outline-primary.btn-lg', { href: '#/elders/new' }, t('newElder'))] : [];
  fill(view, heading(t('screenIntake'), tools), h('section.panel', elderFinder(pick)), h('div.split', chosen, forms));
  view.querySelector('#elder-search')?.focus();
}
