// The elder register (老人档案): a searchable list, and the form that creates or edits a
// record with its emergency contacts. Every check is the API's: a bad citizen ID's message
// appears beside the citizen ID field, in the console's language.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, api, query } from '../api.js';
import { dataTable } from '../table.js';
import { apiForm, field } from '../form.js';
import { heading, facts } from './common.js';
import { remember } from '../names.js';
import { healthSection } from './healthrecord.js';
import { carePlanSection } from './careplan.js';

const contactSlots = 3;

export async function render(view, { me, can, args }) {
  const community = me.node.role === 'community' ? me.node.code : null;
  const table = dataTable({
    id: 'elder-table',
    filters: [
      { name: 'q', title: t('name'), placeholder: t('nameSearchHint') },
      { name: 'idTail', title: t('idTailSearch'), placeholder: t('idTailSearchHint') },
      { name: 'phone', title: t('phoneSearch'), placeholder: t('phoneSearchHint') },
      { name: 'livingSituation', title: t('livingSituation'), options: codes('livingSituation').map((e) => ({ value: e.code, text: label('livingSituation', e.code) })) },
      { name: 'abilityLevel', title: t('abilityLevel'), options: [0, 1, 2, 3, 4].map((n) => ({ value: n, text: t('ability_' + n) })) },
      ...(community ? [] : [{ name: 'community', title: t('community'), placeholder: '420107001001' }]),
    ],
    load: async ({ limit, cursor, filters, sort }) => {
      const page = await get('/elders' + query({ limit, cursor, sort, ...filters }));
      remember('elders', page.items);
      return page;
    },
    columns: [
      { title: t('name'), cell: (e) => h('strong', e.name), sortKey: 'name' },
      { title: t('gender'), cell: (e) => label('gender', e.gender), sort: (e) => e.gender },
      { title: t('birthDate'), cell: (e) => e.birthDate, sort: (e) => e.birthDate },
      { title: t('citizenId'), cell: (e) => h('span.mono', e.citizenId) },
      { title: t('phone'), cell: (e) => h('span.mono', e.phone || '') },
      { title: t('livingSituation'), cell: (e) => label('livingSituation', e.livingSituation), sort: (e) => e.livingSituation },
      { title: t('abilityLevel'), cell: (e) => t('ability_' + e.abilityLevel), sort: (e) => e.abilityLevel },
      { title: t('community'), cell: (e) => e.home, sort: (e) => e.home },
    ],
    onRow: (elder) => edit(elder),
  });

  function form(elder, done) {
    const isNew = !elder;
    const contacts = elder?.emergencyContacts || [];
    const fields = [
      isNew && !community ? field({ path: 'home', title: t('community'), required: true, placeholder: '420107001001', hint: t('homeHint') }) : null,
      h('div.field-row',
        field({ path: 'name', title: t('name'), required: true, value: elder?.name }),
        field({ path: 'gender', title: t('gender'), table: 'gender', required: true, value: elder?.gender }),
        field({ path: 'birthDate', title: t('birthDate'), type: 'date', required: true, value: elder?.birthDate })),
      h('div.field-row',
        field({ path: 'citizenId', title: t('citizenId'), required: isNew, placeholder: elder?.citizenId, hint: isNew ? t('citizenIdHint') : t('maskedHint'), inputmode: 'text' }),
        field({ path: 'phone', title: t('phone'), placeholder: elder?.phone, inputmode: 'tel', hint: isNew ? '' : t('maskedHint') })),
      field({ path: 'address.text', title: t('address'), required: true, value: elder?.address?.text }),
      h('div.field-row',
        field({ path: 'address.latitude', title: t('latitude'), type: 'number', step: 'any', value: elder?.address?.latitude }),
        field({ path: 'address.longitude', title: t('longitude'), type: 'number', step: 'any', value: elder?.address?.longitude })),
      h('div.field-row',
        field({ path: 'livingSituation', title: t('livingSituation'), table: 'livingSituation', required: true, value: elder?.livingSituation }),
        field({ path: 'abilityLevel', title: t('abilityLevel'), type: 'select', required: true, value: elder?.abilityLevel,
          options: [0, 1, 2, 3, 4].map((n) => ({ value: String(n), text: t('ability_' + n) })) })),
      field({ path: 'chronicConditions', title: t('chronicConditions'), value: elder?.chronicConditions?.join('，'), hint: t('conditionsHint') }),
      h('fieldset.contacts', h('legend', t('emergencyContacts')),
        Array.from({ length: contactSlots }, (_, index) => h('div.field-row.contact',
          field({ path: `emergencyContacts[${index}].name`, title: `${t('contactName')} ${index + 1}`, value: contacts[index]?.name, required: index === 0 && isNew }),
          field({ path: `emergencyContacts[${index}].relation`, title: t('relation'), value: contacts[index]?.relation }),
          field({ path: `emergencyContacts[${index}].phone`, title: t('phone'), inputmode: 'tel', placeholder: contacts[index]?.phone }),
          field({ path: `emergencyContacts[${index}].holdsKey`, title: t('holdsKey'), type: 'checkbox', value: contacts[index]?.holdsKey })))),
    ];
    return apiForm({
      fields, submitText: isNew ? t('register') : t('save'),
      submit: async (values) => {
        const body = shape(values, elder);
        if (isNew) {
          if (community) body.home = community;
          return post('/elders', body);
        }
        return api('PATCH', `/elders/${elder.id}`, body, { headers: { 'if-match': elder.version } });
      },
      onDone: (saved) => { toast(t('elderSaved', { name: saved.name }), 'success'); done(saved); },
    });
  }

  /** The draft the API expects: lists from text, unchecked key boxes only where a contact is given. */
  function shape(values, elder) {
    const body = { ...values };
    if (body.abilityLevel !== undefined) body.abilityLevel = Number(body.abilityLevel);
    if (typeof body.chronicConditions === 'string') body.chronicConditions = body.chronicConditions.split(/[,，;；、]/).map((s) => s.trim()).filter(Boolean);
    else if (!elder) body.chronicConditions = [];
    const contacts = (body.emergencyContacts || []).filter((contact) => contact && (contact.name || contact.phone || contact.relation));
    if (contacts.length) body.emergencyContacts = contacts;
    else delete body.emergencyContacts;
    if (elder) {
      // Masked values stay as they are unless typed anew; a contact list is sent whole.
      const plain = (list) => JSON.stringify(list.map((c) => ({ name: c.name, relation: c.relation, holdsKey: Boolean(c.holdsKey) })));
      const editedContacts = contacts.some((c) => c.phone) || plain(contacts) !== plain(elder.emergencyContacts);
      if (!editedContacts) delete body.emergencyContacts;
    } else if (!body.emergencyContacts) body.emergencyContacts = [];
    return body;
  }

  function create() {
    const box = dialog(t('newElder'), form(null, () => { box.close(); table.reset(); }), { wide: true });
    box.el.id = 'elder-dialog';
  }

  async function edit(elder) {
    const fresh = await get(`/elders/${elder.id}`);
    const box = dialog(`${t('editElder')} · ${fresh.name}`, [
      facts([[t('citizenId'), fresh.citizenId], [t('phone'), fresh.phone], [t('community'), fresh.home]]),
      form(fresh, () => { box.close(); table.refresh(); }),
      can('health.read') ? healthSection(fresh, { can }) : null,
      can('care.read') ? carePlanSection(fresh, { can }) : null,
    ], { wide: true });
    box.el.id = 'elder-dialog';
  }

  const tools = can('elder.write') ? [h('button.btn.btn-primary.btn-lg', { type: 'button', id: 'new-elder', onclick: create }, t('newElder'))] : [];
  fill(view, heading(t('screenElders'), tools), table.el);
  await table.refresh();
  if (args[0] === 'new' && can('elder.write')) create();
}
