// Imports (数据交换, Anhui §4.2.1): a CSV file of elders, or at the county of organisations or
// staff, in the columns of the matching export. The file is checked first (a preview writes
// nothing) and the rejected rows are listed with their line, field and reason; importing
// writes the valid rows and nothing of a rejected one.
import { h, fill, toast } from '../dom.js';
import { t, lang } from '../i18n.js';
import { get, api, APIError } from '../api.js';
import { number } from '../format.js';
import { heading } from './common.js';

function row(title, control, hint) {
  return h('div.mb-3', h('label.form-label', { htmlFor: control.id }, title), control, hint ? h('div.form-text', hint) : null);
}

/** The rejected rows: line, field and reason in the console's language. */
function rejectsTable(rejected) {
  const zh = lang() === 'zh';
  return h('table.table.table-sm', { id: 'import-rejects' },
    h('thead', h('tr', h('th', t('importLine')), h('th', t('importField')), h('th', t('importReason')))),
    h('tbody', rejected.flatMap((r) => r.errors.map((e, index) =>
      h('tr', h('td', index === 0 ? String(r.line) : ''), h('td', e.field), h('td', zh ? e.messageZh : e.message))))));
}

export async function render(view) {
  const { datasets } = await get('/imports');
  const allowed = datasets.filter((d) => d.allowed);
  const dataset = h('select.form-select', { id: 'import-dataset', name: 'dataset' },
    allowed.map((d) => h('option', { value: d.name }, t('dataset_' + d.name))));
  const file = h('input.form-control', { type: 'file', id: 'import-file', name: 'file', accept: '.csv,text/csv' });
  const columns = h('p.muted', { id: 'import-columns' });
  const check = h('button.btn.btn-outline-primary.btn-lg', { type: 'button', id: 'import-preview' }, t('importPreview'));
  const run = h('button.btn.btn-primary.btn-lg.ms-2', { type: 'button', id: 'import-start', disabled: true }, t('importStart'));
  const summary = h('p', { id: 'import-summary', role: 'status', 'aria-live': 'polite' });
  const rejects = h('div', { id: 'import-rejects-box' });
  let checked = null;

  function chosen() { return allowed.find((d) => d.name === dataset.value) || allowed[0]; }
  function show() {
    const d = chosen();
    columns.textContent = d ? `${t('exportColumns')}: ${d.columns.join(', ')} (${t('importRequired')}: ${d.required.join(', ')})` : '';
  }
  function reset() {
    checked = null;
    run.disabled = true;
    summary.textContent = '';
    fill(rejects);
  }
  dataset.addEventListener('change', () => { show(); reset(); });
  file.addEventListener('change', reset);

  async function send(preview) {
    const d = chosen();
    const chosenFile = file.files[0];
    if (!d || !chosenFile) { toast(t('importChooseFile'), 'warning'); return null; }
    check.disabled = true;
    run.disabled = true;
    summary.textContent = preview ? t('importChecking') : t('importRunning');
    fill(rejects);
    try {
      // The file's own type varies by system (Excel's .csv is often application/vnd.ms-excel).
      const body = new Blob([chosenFile], { type: 'text/csv; charset=utf-8' });
      const report = await api('POST', `/imports/${d.name}${preview ? '?preview=true' : ''}`, body);
      const values = { rows: number(report.rows), valid: number(report.valid), imported: number(report.imported), rejected: number(report.rejected.length) };
      summary.textContent = t(preview ? 'importChecked' : 'importDone', values);
      if (report.rejected.length) fill(rejects, h('h3.h6', t('importRejected')), rejectsTable(report.rejected));
      return report;
    } catch (error) {
      summary.textContent = '';
      const message = error instanceof APIError && lang() === 'zh' && error.messageZh ? error.messageZh : error.message;
      toast(message, 'danger');
      return null;
    } finally {
      check.disabled = false;
    }
  }

  check.addEventListener('click', async () => {
    checked = await send(true);
    run.disabled = !(checked && checked.valid > 0);
  });
  run.addEventListener('click', async () => {
    if (!checked) return;
    const report = await send(false);
    checked = null;
    run.disabled = true;
    if (report) toast(t('importDone', { rows: number(report.rows), valid: number(report.valid), imported: number(report.imported), rejected: number(report.rejected.length) }), 'success');
  });

  const body = allowed.length
    ? h('form', { id: 'import-form', novalidate: true, onsubmit: (event) => event.preventDefault() },
      row(t('exportDataset'), dataset), columns, row(t('importFile'), file, t('importFileHint')),
      h('div', check, run), summary, rejects)
    : h('p', t('importNothing'));
  fill(view, heading(t('screenImports')), body);
  show();
}
