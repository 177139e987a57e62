// Forms over the API's drafts. Each field has a path as the API names it
// ("address.text", "emergencyContacts[0].phone"); a 422 answer's field messages are shown
// beside those fields, in the console's language, and the first one gets the focus.
import { h } from './dom.js';
import { t, lang, codes } from './i18n.js';

let counter = 0;

/** A labelled control. type: text, number, date, datetime-local, select, textarea, checkbox. */
export function field({ path, title, type = 'text', options, value, required, hint, table, placeholder, step, min, max, inputmode, multiple }) {
  const id = `f${++counter}`;
  const errorId = `${id}-error`;
  let control;
  const common = { id, name: path, 'aria-describedby': errorId, dataset: { path } };
  if (type === 'select' || table) {
    const entries = options || codes(table).map((entry) => ({ value: entry.code, text: entry[lang()] }));
    control = h('select.form-select', { ...common, multiple },
      multiple ? null : h('option', { value: '' }, required ? t('choose') : t('none')),
      entries.map((entry) => h('option', { value: entry.value }, entry.text)));
    if (multiple && Array.isArray(value)) for (const option of control.options) option.selected = value.includes(option.value);
    else if (value !== undefined && value !== null) control.value = String(value);
  } else if (type === 'textarea') {
    control = h('textarea.form-control', { ...common, rows: 3 });
    control.value = value ?? '';
  } else if (type === 'checkbox') {
    control = h('input.form-check-input', { ...common, type: 'checkbox' });
    control.checked = Boolean(value);
  } else {
    control = h('input.form-control', { ...common, type, placeholder, step, min, max, inputmode, autocomplete: 'off' });
    if (value !== undefined && value !== null) control.value = String(value);
  }
  if (required) control.required = true;
  control.dataset.kind = type === 'number' ? 'number' : type === 'checkbox' ? 'boolean' : multiple ? 'list' : 'text';
  const wrapper = h('div.field' + (type === 'checkbox' ? '.field-check' : ''),
    h('label.form-label', { for: id }, title, required ? h('span.required', { 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? h('div.form-text', hint) : null,
    h('div.field-error', { id: errorId, role: 'alert', dataset: { errorFor: path } }));
  return wrapper;
}

/** The form's values as the API's JSON: nested by path, empty fields left out. */
export function values(form) {
  const result = {};
  for (const control of form.querySelectorAll('[data-path]')) {
    let value;
    if (control.dataset.kind === 'boolean') value = control.checked;
    else if (control.dataset.kind === 'list') value = [...control.selectedOptions].map((option) => option.value);
    // An empty box is left out; anything typed is sent as typed, for the API to judge.
    else if (control.value === '') continue;
    else if (control.dataset.kind === 'number') value = Number(control.value);
    else value = control.value;
    setPath(result, control.dataset.path, value);
  }
  return result;
}

function setPath(target, path, value) {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = target;
  keys.forEach((key, index) => {
    const last = index === keys.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(keys[index + 1]);
    if (last) node[key] = value;
    else node = node[key] ??= nextIsIndex ? [] : {};
  });
}

export function clearErrors(form) {
  for (const box of form.querySelectorAll('.field-error')) box.textContent = '';
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  form.querySelector('.form-errors')?.replaceChildren();
}

/**
 * Shows an API error on the form: each 422 field message beside its field (or the closest
 * parent path's field), the rest above the buttons. Returns whether anything was shown.
 */
export function showErrors(form, error) {
  clearErrors(form);
  const general = form.querySelector('.form-errors');
  const fields = error.fields || [];
  let first = null;
  for (const entry of fields) {
    const text = lang() === 'zh' ? entry.messageZh || entry.message : entry.message;
    const box = closestBox(form, entry.field);
    if (box) {
      box.append(h('span', text));
      const control = form.querySelector(`[data-path="${CSS.escape(box.dataset.errorFor)}"]`);
      control?.setAttribute('aria-invalid', 'true');
      first ??= control;
    } else general?.append(h('div', `${entry.field}: ${text}`));
  }
  if (!fields.length && general) general.append(h('div', messageOf(error)));
  (first || general)?.focus?.();
  return true;
}

function closestBox(form, path) {
  let candidate = path;
  while (candidate) {
    const box = form.querySelector(`[data-error-for="${CSS.escape(candidate)}"]`);
    if (box) return box;
    candidate = candidate.includes('.') || candidate.includes('[') ? candidate.replace(/(\.[^.[]+|\[\d+\])$/, '') : '';
  }
  return null;
}

/** The message of an API error for people: known statuses in words, then the server's text. */
export function messageOf(error) {
  const known = { 401: 'errorSignIn', 403: 'errorForbidden', 404: 'errorNotFound', 409: 'errorConflict', 412: 'errorStale', 413: 'errorTooLarge' }[error.status];
  return known ? `${t(known)} (${error.message})` : error.message || String(error);
}

/** A form with a submit button that sends through `submit(values)`; errors go beside fields. */
export function apiForm({ fields, submitText, submit, onDone, extra = [] }) {
  const errors = h('div.form-errors', { role: 'alert', tabIndex: -1 });
  const button = h('button.btn.btn-primary.btn-lg', { type: 'submit' }, submitText);
  const form = h('form.api-form', { noValidate: true }, fields, extra, errors, h('div.form-actions', button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    button.disabled = true;
    try {
      const result = await submit(values(form), form);
      onDone?.(result);
    } catch (error) {
      showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
