// Centralised care (集中照护, Anhui §5.3.2.4): the station's stays (day care and full care) with
// their status, room and bed; an admission form (the care level comes from the elder's latest
// approved assessment); a stay's sheet with its care records (meals, bathing, medication,
// nursing) and its turns (leave, return, bed change, discharge); and occupancy and meal counts
// per station and day, which a street or the county sees for every station below it.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dateTime, localToISO, todayCST } from '../format.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts, elderFinder } from './common.js';

const care = ['meal', 'bathing', 'medication', 'nursing'];
const turns = { inCare: ['leave', 'transfer', 'discharge'], onLeave: ['return', 'transfer', 'discharge'], discharged: [] };

const statusBadge = (status) => h(`span.badge.status.status-${status === 'inCare' ? 'success' : status === 'onLeave' ? 'warning' : 'secondary'}`,
  { dataset: { code: status } }, label('stayStatus', status));

function stayTable(ctx) {
  const table = dataTable({
    id: 'stay-table',
    filters: [
      { name: 'status', title: t('status'), options: codes('stayStatus').map((e) => ({ value: e.code, text: label('stayStatus', e.code) })) },
      { name: 'kind', title: t('stayKind'), options: codes('stayKind').map((e) => ({ value: e.code, text: label('stayKind', e.code) })) },
    ],
    load: ({ limit, cursor, filters, sort }) => get('/stays' + query({ limit, cursor, sort, ...filters })),
    columns: [
      { title: t('elder'), cell: (s) => h('strong', s.elderName || s.elderId) },
      { title: t('stayKind'), cell: (s) => label('stayKind', s.kind) },
      { title: t('status'), cell: (s) => statusBadge(s.status) },
      { title: t('stayPlace'), cell: (s) => [s.room, s.bed ? ` · ${s.bed}` : ''] },
      { title: t('stayLevel'), cell: (s) => String(s.careLevel) },
      { title: t('stayAdmittedAt'), cell: (s) => dateTime(s.admittedAt), sortKey: 'admittedAt' },
      { title: t('stayContract'), cell: (s) => `${s.contractFrom} – ${s.contractTo}` },
      { title: t('station'), cell: (s) => s.home },
    ],
    initialSort: { index: 5, descending: true },
    onRow: (s) => showStay(s.id, { ...ctx, onChange: () => table.refresh() }),
  });
  return table;
}

function recordForm(stay, items, ctx, onDone) {
  const detailHint = t('stayDetailHint');
  return h('div', { id: 'care-record-form' }, apiForm({
    fields: [
      field({ path: 'item', title: t('stayItem'), type: 'select', required: true, options: items.map((i) => ({ value: i, text: label('careRecordItem', i) })) }),
      field({ path: 'meal', title: t('stayMeal'), type: 'select', options: codes('meal').map((e) => ({ value: e.code, text: label('meal', e.code) })) }),
      field({ path: 'detail', title: t('stayDetail'), hint: detailHint }),
      h('div.field-row', field({ path: 'room', title: t('stayRoom') }), stay.kind === 'fullCare' ? field({ path: 'bed', title: t('stayBed') }) : null),
      h('div.field-row', field({ path: 'by', title: t('stayBy'), value: ctx.me.account.name }), field({ path: 'at', title: t('stayAt'), type: 'datetime-local' })),
    ],
    submitText: t('save'),
    submit: ({ at, meal, room, bed, detail, ...values }) => post(`/stays/${stay.id}/records`, {
      ...values,
      ...(values.item === 'meal' && meal ? { meal } : {}),
      ...(values.item === 'transfer' ? { room: room || undefined, bed: bed || undefined } : {}),
      ...(detail ? { detail } : {}),
      ...(at ? { at: localToISO(at) } : {}),
    }),
    onDone,
  }));
}

export async function showStay(id, { can, me, onChange }) {
  const box = dialog(t('stay'), h('p.loading', t('loading')), { wide: true });
  const draw = async () => {
    const detail = await get(`/stays/${id}`);
    const s = detail.stay;
    const items = [...(can('stay.record') && s.status === 'inCare' ? care : []), ...(can('stay.write') ? turns[s.status] : [])];
    const line = (r) => h('li', { dataset: { item: r.item } },
      h('strong', label('careRecordItem', r.item)), r.meal ? ` (${label('meal', r.meal)})` : '',
      ` · ${dateTime(r.at)} · ${r.by}`, r.detail ? h('div', r.detail) : null, r.room ? h('div', `${r.room}${r.bed ? ' · ' + r.bed : ''}`) : null);
    fill(box.el.querySelector('.sheet-body'),
      facts([
        [t('elder'), s.elderName], [t('stayKind'), label('stayKind', s.kind)], [t('status'), statusBadge(s.status)],
        [t('stayPlace'), `${s.room}${s.bed ? ' · ' + s.bed : ''}`], [t('stayLevel'), `${s.careLevel}${s.assessmentId ? '' : ' ' + t('stayLevelFromFile')}`],
        [t('stayContract'), `${s.contractFrom} – ${s.contractTo}`], [t('stayAdmittedAt'), `${dateTime(s.admittedAt)} · ${s.admittedBy}`],
        [t('stayDischargedAt'), s.dischargedAt ? dateTime(s.dischargedAt) : ''],
        [t('emergencyContacts'), detail.contacts.map((c) => `${c.name}（${c.relation}）${c.phone}`).join('；')],
        [t('note'), s.note || ''],
      ]),
      items.length ? recordForm(s, items, { me }, async () => { toast(t('saved'), 'success'); await draw(); onChange?.(); }) : null,
      h('h3', t('stayRecords')),
      detail.records.length ? h('ol.timeline', { id: 'care-records' }, detail.records.map(line)) : h('p.muted', t('none')),
      detail.ignoredRecords.length ? [h('h3', t('stayIgnored')), h('p.muted', t('stayIgnoredHint')), h('ol.timeline', { id: 'ignored-records' }, detail.ignoredRecords.map(line))] : null);
  };
  try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
}

function admissionForm(onDone) {
  let elder = null;
  const chosen = h('p.muted', { id: 'admit-elder' }, t('stayPickElder'));
  const today = todayCST();
  return h('section', { id: 'admission' }, h('h2', t('stayAdmit')),
    elderFinder((picked) => { elder = picked; chosen.textContent = `${picked.name} · ${picked.birthDate}`; }, {}), chosen,
    apiForm({
      fields: [
        field({ path: 'kind', title: t('stayKind'), type: 'select', required: true, options: codes('stayKind').map((e) => ({ value: e.code, text: label('stayKind', e.code) })) }),
        h('div.field-row', field({ path: 'room', title: t('stayRoom'), required: true }), field({ path: 'bed', title: t('stayBed'), hint: t('stayBedHint') })),
        h('div.field-row', field({ path: 'contractFrom', title: t('stayContractFrom'), type: 'date', required: true, value: today }),
          field({ path: 'contractTo', title: t('stayContractTo'), type: 'date', required: true })),
        field({ path: 'note', title: t('note'), type: 'textarea' }),
      ],
      submitText: t('stayAdmit'),
      submit: ({ bed, note, ...values }) => {
        if (!elder) throw new Error(t('stayPickElder'));
        return post('/stays', { ...values, elderId: elder.id, ...(bed ? { bed } : {}), ...(note ? { note } : {}) });
      },
      onDone: (stay) => { toast(t('saved'), 'success'); onDone(stay); },
    }));
}

function occupancySection() {
  const slot = h('div', { id: 'occupancy-result' });
  const today = todayCST();
  const form = apiForm({
    fields: [h('div.field-row', field({ path: 'from', title: t('periodFrom'), type: 'date', required: true, value: today }),
      field({ path: 'to', title: t('periodTo'), type: 'date', required: true, value: today }))],
    submitText: t('show'),
    submit: (values) => get('/stays/occupancy' + query(values)),
    onDone: (result) => {
      const row = (r) => h('tr', { dataset: { date: r.date, station: r.station } }, h('td', r.date), h('td', r.station === 'total' ? t('total') : r.station),
        h('td', String(r.dayCare)), h('td', String(r.fullCare)), h('td', String(r.onLeave)), h('td', String(r.breakfast)),
        h('td', String(r.lunch)), h('td', String(r.dinner)), h('td', String(r.meals)), h('td', String(r.bathing)));
      fill(slot, result.rows.length ? h('table.table.table-sm', { id: 'occupancy-table' },
        h('thead', h('tr', [t('date'), t('station'), label('stayKind', 'dayCare'), label('stayKind', 'fullCare'), label('stayStatus', 'onLeave'),
          label('meal', 'breakfast'), label('meal', 'lunch'), label('meal', 'dinner'), t('stayMeals'), label('careRecordItem', 'bathing')].map((x) => h('th', x)))),
        h('tbody', [...result.rows, ...result.totals].sort((a, b) => a.date.localeCompare(b.date)).map(row))) : h('p.muted', t('none')));
    },
  });
  return h('section', { id: 'occupancy' }, h('h2', t('stayOccupancy')), form, slot);
}

export async function render(view, ctx) {
  const table = stayTable(ctx);
  const admitting = ctx.can('stay.write') && ctx.me.node.role === 'community';
  fill(view, heading(t('screenStays')), table.el,
    admitting ? admissionForm((stay) => { table.refresh(); showStay(stay.stay.id, { ...ctx, onChange: () => table.refresh() }); }) : null,
    occupancySection());
  await table.refresh();
  if (ctx.args?.[0]) showStay(ctx.args[0], { ...ctx, onChange: () => table.refresh() });
}
