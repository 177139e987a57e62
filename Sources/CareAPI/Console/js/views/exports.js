// Exports (数据交换, Anhui §4.2.1): a dataset of this node as a CSV file (with the byte-order
// mark Excel needs) or JSON Lines, for a part of the tree and, where the dataset has a time, a
// period. The file streams from the node; the screen counts records as they arrive and saves
// the file when the last one is in. Personal data is masked unless the account may reveal it
// and gives a reason, which goes into the audit trail with the export.
import { h, fill, toast } from '../dom.js';
import { t } from '../i18n.js';
import { get, query, authHeader, APIError } from '../api.js';
import { number } from '../format.js';
import { heading } from './common.js';

function input(id, props = {}) {
  return h('input.form-control', { id, name: id, ...props });
}

function row(title, control, hint) {
  return h('div.mb-3', h('label.form-label', { htmlFor: control.id }, title), control, hint ? h('div.form-text', hint) : null);
}

/** Streams the export, counting lines, and hands back the file. */
async function download(path, { signal, onProgress }) {
  const response = await fetch('/api/v1' + path, { headers: { ...authHeader() }, signal });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    throw new APIError(response.status, body);
  }
  const reader = response.body.getReader();
  const parts = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    for (const byte of value) if (byte === 10) lines += 1;
    onProgress({ bytes, lines });
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '')?.[1] || 'export';
  return { file: new Blob(parts, { type: response.headers.get('content-type') || 'application/octet-stream' }), name, lines };
}

export async function render(view, ctx) {
  const { datasets } = await get('/exports');
  const dataset = h('select.form-select', { id: 'export-dataset', name: 'dataset' },
    datasets.map((d) => h('option', { value: d.name }, t('dataset_' + d.name))));
  const format = h('select.form-select', { id: 'export-format', name: 'format' },
    h('option', { value: 'csv' }, t('exportCSV')), h('option', { value: 'jsonl' }, t('exportJSONL')));
  const within = input('export-within', { placeholder: ctx.me.node.code, inputMode: 'numeric' });
  const from = input('export-from', { type: 'date' });
  const to = input('export-to', { type: 'date' });
  const reveal = h('input.form-check-input', { type: 'checkbox', id: 'export-reveal' });
  const reason = input('export-reason', { maxLength: 200 });
  const period = h('div.row', h('div.col', row(t('exportFrom'), from)), h('div.col', row(t('exportTo'), to)));
  const revealBox = h('div', { id: 'export-reveal-box' },
    h('div.form-check.mb-2', reveal, h('label.form-check-label', { htmlFor: 'export-reveal' }, t('exportReveal'))),
    row(t('reason'), reason, t('exportReasonHint')));
  const progress = h('p', { id: 'export-progress', role: 'status', 'aria-live': 'polite' });
  const start = h('button.btn.btn-primary.btn-lg', { type: 'submit', id: 'export-start' }, t('exportStart'));
  const stop = h('button.btn.btn-outline-secondary.btn-lg.ms-2', { type: 'button', id: 'export-stop', disabled: true }, t('cancel'));
  const columns = h('p.muted', { id: 'export-columns' });
  let running = null;

  function chosen() { return datasets.find((d) => d.name === dataset.value) || datasets[0]; }
  function show() {
    const d = chosen();
    period.hidden = !d?.periodBy;
    revealBox.hidden = !(d?.personal && ctx.can('elder.identity'));
    columns.textContent = d ? `${t('exportColumns')}: ${d.columns.join(', ')}` : '';
  }
  dataset.addEventListener('change', show);

  const form = h('form', { id: 'export-form', novalidate: true },
    row(t('exportDataset'), dataset), columns, row(t('exportFormat'), format),
    row(t('exportWithin'), within, t('exportWithinHint')), period, revealBox,
    h('div', start, stop), progress);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const d = chosen();
    const params = { format: format.value, within: within.value.trim() };
    if (d.periodBy) Object.assign(params, { from: from.value, to: to.value });
    if (!revealBox.hidden && reveal.checked) Object.assign(params, { reveal: 'identity', reason: reason.value });
    running = new AbortController();
    start.disabled = true;
    stop.disabled = false;
    progress.textContent = t('exportRunning');
    try {
      const result = await download(`/exports/${d.name}${query(params)}`, {
        signal: running.signal,
        onProgress: ({ bytes, lines }) => {
          const records = format.value === 'csv' ? Math.max(0, lines - 1) : lines;
          progress.textContent = t('exportProgress', { records: number(records), size: number(bytes / 1024, 0) });
        },
      });
      const link = h('a', { href: URL.createObjectURL(result.file), download: result.name });
      document.body.append(link);
      link.click();
      link.remove();
      const records = format.value === 'csv' ? Math.max(0, result.lines - 1) : result.lines;
      progress.textContent = t('exportDone', { records: number(records), name: result.name });
    } catch (error) {
      progress.textContent = error.name === 'AbortError' ? t('exportStopped') : '';
      if (error.name !== 'AbortError') toast(error.message, 'danger');
    } finally {
      running = null;
      start.disabled = false;
      stop.disabled = true;
    }
  });
  stop.addEventListener('click', () => running?.abort());
  fill(view, heading(t('screenExports')), form);
  show();
}
