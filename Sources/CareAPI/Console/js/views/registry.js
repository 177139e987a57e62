// The county registry (服务组织与从业人员): organisations and their staff. Writes are the
// county's; other tiers read the copy that flows down to them.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, put, query } from '../api.js';
import { dataTable } from '../table.js';
import { apiForm, field } from '../form.js';
import { heading } from './common.js';
import { registry, nameNow, remember } from '../names.js';

export async function render(view, { me, can }) {
  const writable = me.node.role === 'county' && can('registry.write');
  const { organisations } = await registry();
  const orgTable = dataTable({
    id: 'organisation-table',
    filters: [
      { name: 'q', title: t('name') },
      { name: 'type', title: t('type'), options: codes('organisationType').map((e) => ({ value: e.code, text: label('organisationType', e.code) })) },
      { name: 'creditStatus', title: t('credit'), options: codes('creditStatus').map((e) => ({ value: e.code, text: label('creditStatus', e.code) })) },
    ],
    load: async ({ limit, cursor, filters }) => { const page = await get('/organisations' + query({ limit, cursor, ...filters })); remember('organisations', page.items); return page; },
    columns: [
      { title: t('name'), cell: (o) => h('strong', o.name), sort: (o) => o.name },
      { title: t('type'), cell: (o) => label('organisationType', o.type), sort: (o) => o.type },
      { title: t('categories'), cell: (o) => o.categories.map((c) => label('serviceCategory', c)).join('、') },
      { title: t('communities'), cell: (o) => o.communities.join(' ') },
      { title: t('credit'), cell: (o) => label('creditStatus', o.creditStatus), sort: (o) => o.creditStatus },
      { title: t('phone'), cell: (o) => o.phone || '' },
    ],
    onRow: writable ? (o) => organisationForm(o) : null,
  });
  const staffTable = dataTable({
    id: 'staff-table',
    filters: [
      { name: 'q', title: t('name') },
      { name: 'role', title: t('staffRole'), options: codes('staffRole').map((e) => ({ value: e.code, text: label('staffRole', e.code) })) },
      { name: 'organisationId', title: t('organisation'), options: organisations.map((o) => ({ value: o.id, text: o.name })) },
    ],
    load: async ({ limit, cursor, filters }) => { const page = await get('/staff' + query({ limit, cursor, ...filters })); remember('staff', page.items); return page; },
    columns: [
      { title: t('name'), cell: (s) => h('strong', s.name), sort: (s) => s.name },
      { title: t('staffRole'), cell: (s) => label('staffRole', s.role), sort: (s) => s.role },
      { title: t('organisation'), cell: (s) => nameNow('organisations', s.organisationId), sort: (s) => nameNow('organisations', s.organisationId) },
      { title: t('phone'), cell: (s) => s.phone || '' },
      { title: t('certificates'), cell: (s) => s.certificates.join('、') },
    ],
    onRow: writable ? (s) => staffForm(s) : null,
  });

  function organisationForm(o) {
    const box = dialog(o ? o.name : t('newOrganisation'), apiForm({
      fields: [
        field({ path: 'name', title: t('name'), required: true, value: o?.name }),
        h('div.field-row', field({ path: 'type', title: t('type'), table: 'organisationType', required: true, value: o?.type }),
          field({ path: 'creditStatus', title: t('credit'), table: 'creditStatus', required: true, value: o?.creditStatus ?? 'good' })),
        field({ path: 'categories', title: t('categories'), table: 'serviceCategory', multiple: true, value: o?.categories, required: true }),
        field({ path: 'communities', title: t('communities'), value: o?.communities.join(' '), hint: t('communitiesHint'), required: true }),
        field({ path: 'address.text', title: t('address'), required: true, value: o?.address?.text }),
        h('div.field-row', field({ path: 'address.latitude', title: t('latitude'), type: 'number', step: 'any', value: o?.address?.latitude }),
          field({ path: 'address.longitude', title: t('longitude'), type: 'number', step: 'any', value: o?.address?.longitude })),
        field({ path: 'phone', title: t('phone'), value: o?.phone }),
      ],
      submitText: t('save'),
      submit: (values) => {
        const body = { ...values, communities: (values.communities || '').split(/[\s,，]+/).filter(Boolean) };
        return o ? put(`/organisations/${o.id}`, body, { headers: { 'if-match': o.version } }) : post('/organisations', body);
      },
      onDone: () => { box.close(); toast(t('saved'), 'success'); orgTable.refresh(); },
    }), { wide: true });
  }

  function staffForm(s) {
    const box = dialog(s ? s.name : t('newStaff'), apiForm({
      fields: [
        field({ path: 'name', title: t('name'), required: true, value: s?.name }),
        h('div.field-row', field({ path: 'role', title: t('staffRole'), table: 'staffRole', required: true, value: s?.role }),
          field({ path: 'organisationId', title: t('organisation'), type: 'select', value: s?.organisationId, options: organisations.map((o) => ({ value: o.id, text: o.name })) })),
        field({ path: 'phone', title: t('phone'), placeholder: s?.phone, hint: s ? t('maskedHint') : '' }),
        field({ path: 'certificates', title: t('certificates'), value: s?.certificates.join('，'), hint: t('conditionsHint') }),
      ],
      submitText: t('save'),
      submit: (values) => {
        const body = { ...values, certificates: (values.certificates || '').split(/[,，;；、]/).map((c) => c.trim()).filter(Boolean) };
        return s ? put(`/staff/${s.id}`, body, { headers: { 'if-match': s.version } }) : post('/staff', body);
      },
      onDone: () => { box.close(); toast(t('saved'), 'success'); staffTable.refresh(); },
    }), { wide: true });
  }

  fill(view, heading(t('screenRegistry')),
    h('section.panel', h('div.panel-head', h('h2', t('organisations')), writable ? h('button.btn.btn-primary', { type: 'button', onclick: () => organisationForm(null) }, t('newOrganisation')) : null), orgTable.el),
    h('section.panel', h('div.panel-head', h('h2', t('staff')), writable ? h('button.btn.btn-primary', { type: 'button', onclick: () => staffForm(null) }, t('newStaff')) : null), staffTable.el),
    writable ? null : h('p.muted', t('registryReadOnly')));
  await Promise.all([orgTable.refresh(), staffTable.refresh()]);
}
