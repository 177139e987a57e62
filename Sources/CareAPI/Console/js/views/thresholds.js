// Alert thresholds (预警阈值): an elder's effective bounds with where each comes from (the
// elder's own, the county default for a chronic condition, the county's general default or the
// built-in one), with a form to set or remove the elder's own for staff with threshold.write;
// and the county's defaults table, editable with registry.write at the county node.
import { h, fill, dialog, toast } from '../dom.js';
import { t, label, pick } from '../i18n.js';
import { get, put, api } from '../api.js';
import { apiForm, field } from '../form.js';

const boundKeys = ['criticalLow', 'low', 'high', 'criticalHigh'];

/** "70 / 90 – 150 / 180 mmHg": critical low / warning band / critical high. */
function bandText(bounds, unit) {
  const v = (key) => (bounds?.[key] ?? '—');
  return `${v('criticalLow')} / ${v('low')} – ${v('high')} / ${v('criticalHigh')} ${unit}`;
}

function boundFields(bounds, unit) {
  return boundKeys.map((key) => field({ path: key, title: `${t('bound_' + key)} (${unit})`, type: 'number', step: 'any', value: bounds?.[key] }));
}

/** The elder's thresholds, as a part of the health record. */
export function elderThresholds(elder, { can }) {
  const part = h('div.thresholds', { id: 'threshold-part' }, h('p.loading', t('loading')));

  async function load() {
    const view = await get(`/elders/${elder.id}/thresholds`);
    const writable = can('threshold.write');
    fill(part, h('table.table.table-sm', { id: 'threshold-table' },
      h('thead', h('tr', [t('measure'), t('thresholdBand'), t('thresholdOrigin'), t('thresholdSource'), ''].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', view.thresholds.map((row) => h('tr', { dataset: { measure: row.measure, origin: row.origin } },
        h('td', pick({ zh: row.labelZh, en: row.label })),
        h('td', bandText(row.bounds, row.unit)),
        h('td', h(`span.badge.status.status-${row.origin === 'elder' ? 'warning' : row.origin === 'builtIn' ? 'secondary' : 'info'}`,
          pick({ zh: row.originLabelZh, en: row.originLabel })),
          row.conditions.length ? ` ${row.conditions.map((c) => label('disease', c)).join('、')}` : '',
          row.setBy ? ` · ${row.setBy}` : ''),
        h('td.small', row.source || '—'),
        h('td', writable ? [
          h('button.btn.btn-sm.btn-outline-primary', { type: 'button', dataset: { action: 'edit' }, onclick: () => edit(row) }, t('setOwnThreshold')),
          row.origin === 'elder' ? h('button.btn.btn-sm.btn-outline-danger', { type: 'button', dataset: { action: 'remove' }, onclick: () => remove(row) }, t('removeOwnThreshold')) : null,
        ] : ''))))));
  }

  function edit(row) {
    const form = apiForm({
      fields: [...boundFields(row.bounds, row.unit), field({ path: 'note', title: t('thresholdNote'), value: row.origin === 'elder' ? row.source : '' })],
      submitText: t('setOwnThreshold'),
      submit: (values) => put(`/elders/${elder.id}/thresholds/${row.measure}`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); load(); },
    });
    form.id = 'threshold-form';
    const box = dialog(`${t('setOwnThreshold')} · ${pick({ zh: row.labelZh, en: row.label })} · ${elder.name}`, form);
  }

  async function remove(row) {
    try {
      await api('DELETE', `/elders/${elder.id}/thresholds/${row.measure}`);
      toast(t('thresholdRemoved'), 'success');
      load();
    } catch (error) {
      toast(error.message, 'danger');
    }
  }

  load().catch((error) => fill(part, h('p.notice.notice-error', error.message)));
  return part;
}

/** The county's defaults: figures in force, whether edited, and the shipped figures. */
export function thresholdDefaults({ can, county }) {
  const section = h('section.threshold-defaults', { id: 'threshold-defaults' }, h('h2', t('thresholdDefaults')), h('p.loading', t('loading')));

  async function load() {
    const page = await get('/thresholds/defaults');
    const writable = county && can('registry.write');
    fill(section, h('h2', t('thresholdDefaults')),
      h('p.hint', t('thresholdDefaultsHint')),
      h('table.table.table-sm', { id: 'threshold-default-table' },
        h('thead', h('tr', [t('disease'), t('measure'), t('thresholdBand'), t('thresholdShipped'), t('thresholdSource'), ''].map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', page.items.map((row) => h('tr', { dataset: { condition: row.condition, measure: row.measure, edited: String(row.edited) } },
          h('td', pick({ zh: row.conditionLabelZh, en: row.conditionLabel })),
          h('td', pick({ zh: row.labelZh, en: row.label })),
          h('td', bandText(row.bounds, row.unit), row.edited ? h('span.badge.status.status-warning', ` ${t('thresholdEdited')}`) : ''),
          h('td', row.shipped ? bandText(row.shipped, row.unit) : '—'),
          h('td.small', row.source || '—'),
          h('td', writable ? [
            h('button.btn.btn-sm.btn-outline-primary', { type: 'button', dataset: { action: 'edit' }, onclick: () => edit(row) }, t('edit')),
            row.edited ? h('button.btn.btn-sm.btn-outline-danger', { type: 'button', dataset: { action: 'restore' }, onclick: () => restore(row) }, t('restoreDefault')) : null,
          ] : ''))))));
  }

  function edit(row) {
    const form = apiForm({
      fields: [...boundFields(row.bounds, row.unit), field({ path: 'source', title: t('thresholdSource'), value: row.source })],
      submitText: t('save'),
      submit: (values) => put(`/thresholds/defaults/${row.condition}/${row.measure}`, values),
      onDone: () => { box.close(); toast(t('saved'), 'success'); load(); },
    });
    form.id = 'threshold-default-form';
    const box = dialog(`${t('thresholdDefaults')} · ${pick({ zh: row.conditionLabelZh, en: row.conditionLabel })} · ${pick({ zh: row.labelZh, en: row.label })}`, form);
  }

  async function restore(row) {
    try {
      await api('DELETE', `/thresholds/defaults/${row.condition}/${row.measure}`);
      toast(t('saved'), 'success');
      load();
    } catch (error) {
      toast(error.message, 'danger');
    }
  }

  load().catch((error) => fill(section, h('h2', t('thresholdDefaults')), h('p.notice.notice-error', error.message)));
  return section;
}
