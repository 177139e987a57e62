// An elder's health record (健康档案) inside the elder's dialog: chronic conditions with when
// the next follow-up is due, check-ups with each result's flag, and follow-ups. Forms send the
// API's drafts; a 422 message appears beside the field it names.
import { h, fill, dialog, toast } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, APIError } from '../api.js';
import { apiForm, field } from '../form.js';
import { todayCST, number } from '../format.js';
import { elderThresholds } from './thresholds.js';
import { prescriptionsBlock } from './prescriptions.js';

const itemOrder = ['systolic', 'diastolic', 'heartRate', 'fastingGlucose', 'totalCholesterol', 'triglycerides', 'ldlCholesterol',
  'hdlCholesterol', 'urineProtein', 'urineGlucose', 'urineKetone', 'urineOccultBlood', 'ecg', 'weight', 'height'];

/** The section for `elder`; `can` decides whether the entry buttons show. */
export function healthSection(elder, { can }) {
  const section = h('section.health-record', { id: 'health-record' }, h('h2', t('healthRecord')), h('p.loading', t('loading')));
  let reference = null;

  async function load() {
    reference ??= (await get('/health/reference')).items;
    const record = await get(`/elders/${elder.id}/health`);
    const writable = can('health.write');
    fill(section,
      h('h2', t('healthRecord')),
      h('div.screen-tools', writable ? [
        h('button.btn.btn-primary', { type: 'button', id: 'new-checkup', onclick: () => checkupForm() }, t('newCheckup')),
        h('button.btn.btn-outline-primary', { type: 'button', id: 'new-condition', onclick: () => conditionForm() }, t('newCondition')),
      ] : []),
      h('h3', t('conditions')), conditionsTable(record.conditions, writable),
      h('h3', t('thresholds')), elderThresholds(elder, { can }),
      h('h3', t('checkups')), checkupsTable(record.checkups),
      h('h3', t('followUps')), followUpsTable(record.followUps, record.conditions),
      prescriptionsBlock(elder, record, { can, reload: load }));
  }

  function conditionsTable(conditions, writable) {
    if (!conditions.length) return h('p.empty', t('noHealthRecords'));
    return h('table.table.table-sm', { id: 'condition-table' },
      h('thead', h('tr', [t('disease'), t('diagnosedOn'), t('intervalDays'), t('conditionStatus'), t('dueOn'), ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', conditions.map((c) => h('tr', { dataset: { disease: c.disease } },
        h('td', label('disease', c.disease)), h('td', c.diagnosedOn || '—'), h('td', String(c.intervalDays)),
        h('td', label('conditionStatus', c.status)),
        h('td', c.dueOn ? [c.dueOn, ' ', h(`span.badge.status.status-${c.dueState === 'overdue' ? 'danger' : c.dueState === 'due' ? 'warning' : 'secondary'}`, t('dueState_' + c.dueState))] : '—'),
        h('td', writable && c.status === 'active' ? h('button.btn.btn-sm.btn-outline-primary', { type: 'button', onclick: () => followUpForm(c) }, t('newFollowUp')) : '')))));
  }

  function shown(result) {
    if (result.value !== undefined && result.value !== null) return `${number(result.value, result.value % 1 ? 1 : 0)} ${result.unit}`.trim();
    return label(result.item === 'ecg' ? 'ecgFinding' : 'urineGrade', result.code) + (result.note ? ` (${result.note})` : '');
  }

  function checkupsTable(checkups) {
    if (!checkups.length) return h('p.empty', t('noHealthRecords'));
    return h('table.table.table-sm', { id: 'checkup-table' },
      h('thead', h('tr', [t('checkupDate'), t('checkupPlace'), t('checkupResults'), t('abnormalCount'), t('enteredBy')].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', checkups.map((c) => h('tr',
        h('td', c.date), h('td', c.place),
        h('td', h('ul.results', c.results.map((r) => h('li' + (r.abnormal ? '.abnormal' : ''), { dataset: { item: r.item } },
          `${label('checkupItem', r.item)}：${shown(r)}`, r.abnormal ? h('span.badge.status.status-danger', t('abnormalMark')) : null)))),
        h('td', String(c.abnormal)), h('td', c.enteredBy)))));
  }

  function followUpsTable(followUps, conditions) {
    if (!followUps.length) return h('p.empty', t('noHealthRecords'));
    const disease = Object.fromEntries(conditions.map((c) => [c.id, c.disease]));
    return h('table.table.table-sm', { id: 'follow-up-table' },
      h('thead', h('tr', [t('followUpDate'), t('disease'), t('followUpMethod'), t('measurements'), t('followUpOutcome'), t('nextDue'), t('followUpBy')].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', followUps.map((f) => h('tr',
        h('td', f.date), h('td', label('disease', disease[f.conditionId])), h('td', label('followUpMethod', f.method)),
        h('td', ['systolic', 'diastolic', 'fastingGlucose', 'weight'].filter((m) => f[m] != null).map((m) => `${label('checkupItem', m)} ${f[m]}`).join('，')),
        h('td', label('followUpOutcome', f.outcome)), h('td', f.nextDue), h('td', f.by)))));
  }

  function checkupForm() {
    const items = itemOrder.map((code) => reference.find((entry) => entry.item === code)).filter(Boolean);
    const fields = [
      field({ path: 'date', title: t('checkupDate'), type: 'date', value: todayCST(), required: true }),
      field({ path: 'place', title: t('checkupPlace'), required: true }),
      ...items.map((entry) => entry.codes
        ? field({ path: `results.${entry.item}`, title: label('checkupItem', entry.item), table: entry.item === 'ecg' ? 'ecgFinding' : 'urineGrade' })
        : field({ path: `results.${entry.item}`, title: `${label('checkupItem', entry.item)} (${entry.unit})`, type: 'number', step: 'any',
            hint: entry.low != null || entry.below != null ? `${t('referenceRange')} ${entry.low ?? ''}–${entry.below != null ? '<' + entry.below : ''}` : undefined })),
      field({ path: 'summary', title: t('checkupSummary'), type: 'textarea' }),
    ];
    const form = apiForm({
      fields, submitText: t('newCheckup'),
      submit: async (values) => {
        const given = Object.entries(values.results || {});
        const body = { date: values.date, place: values.place, summary: values.summary, items: given.map(([item, v]) => (typeof v === 'number' ? { item, value: v } : { item, code: v })) };
        try {
          return await post(`/elders/${elder.id}/checkups`, body);
        } catch (error) {
          // The API names an item by its place in the list sent: put it back beside its box.
          if (error instanceof APIError) error.fields = error.fields.map((f) => ({ ...f, field: f.field.replace(/^items\[(\d+)\].*$/, (_, i) => `results.${given[Number(i)]?.[0]}`) }));
          throw error;
        }
      },
      onDone: () => { box.close(); toast(t('saved'), 'success'); load(); },
    });
    form.id = 'checkup-form';
    const box = dialog(`${t('newCheckup')} · ${elder.name}`, form, { wide: true });
  }

  function conditionForm() {
    const form = apiForm({
      fields: [
        field({ path: 'disease', title: t('disease'), table: 'disease', required: true }),
        field({ path: 'diagnosedOn', title: t('diagnosedOn'), type: 'date' }),
        field({ path: 'intervalDays', title: t('intervalDays'), type: 'number', hint: t('intervalHint') }),
        field({ path: 'note', title: t('note'), type: 'textarea' }),
      ],
      submitText: t('newCondition'),
      submit: (values) => post(`/elders/${elder.id}/conditions`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); load(); },
    });
    form.id = 'condition-form';
    const box = dialog(`${t('newCondition')} · ${elder.name}`, form);
  }

  function followUpForm(condition) {
    const form = apiForm({
      fields: [
        field({ path: 'date', title: t('followUpDate'), type: 'date', value: todayCST(), required: true }),
        field({ path: 'method', title: t('followUpMethod'), table: 'followUpMethod', required: true }),
        ...['systolic', 'diastolic', 'fastingGlucose', 'weight'].map((m) => field({ path: m, title: label('checkupItem', m), type: 'number', step: 'any' })),
        field({ path: 'outcome', title: t('followUpOutcome'), table: 'followUpOutcome', required: true }),
        field({ path: 'nextDue', title: t('nextDue'), type: 'date', hint: t('nextDueHint') }),
        field({ path: 'note', title: t('note'), type: 'textarea' }),
      ],
      submitText: t('newFollowUp'),
      submit: (values) => post(`/conditions/${condition.id}/follow-ups`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); load(); },
    });
    form.id = 'follow-up-form';
    const box = dialog(`${t('newFollowUp')} · ${label('disease', condition.disease)} · ${elder.name}`, form, { wide: true });
  }

  load().catch((error) => fill(section, h('h2', t('healthRecord')), h('p.notice.notice-error', error.message)));
  return section;
}
