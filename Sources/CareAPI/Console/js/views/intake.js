// The one-stop window (一站式服务窗口, Anhui §5.2.2.2) and call center: find the elder, then
// choose what they came for — a service order, or a case (事项): a consultation, a booking, an
// application with its documents (sent to the county for approval), or a complaint about one
// of their orders or an organisation. The elder's register entry opens from here too.
import { h, fill, toast } from '../dom.js';
import { caseForm } from './caseform.js';
import { t, label, codes } from '../i18n.js';
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
    // One form, chosen by what the visit is for: a service order or one of the case kinds.
    const choices = [];
    if (can('order.create')) choices.push({ value: 'order', text: t('newOrder'), draw: () => orderForm(elder) });
    if (can('case.create')) {
      for (const kind of codes('caseKind')) {
        choices.push({ value: kind.code, text: label('caseKind', kind.code), draw: () => caseForm(elder, kind.code, { channel, orders: orders.items, onDone: () => pick(elder) }) });
      }
    } else if (can('complaint.create')) choices.push({ value: 'complaint', text: t('newComplaint'), draw: () => complaintForm(elder, orders.items) });
    if (!choices.length) { fill(forms, h('p.muted', t('nothingToDo'))); return; }
    const slot = h('div.intake-slot');
    const chooser = h('select.form-select.form-select-lg', { id: 'intake-kind', 'aria-label': t('intakeKind'), onchange: () => draw() },
      choices.map((c) => h('option', { value: c.value }, c.text)));
    async function draw() { fill(slot, await choices.find((c) => c.value === chooser.value).draw()); }
    fill(forms, h('label.form-label', { for: 'intake-kind' }, t('intakeKind')), chooser, slot);
    await draw();
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
