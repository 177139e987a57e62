// Chinese first, English on request. UI words live in strings.js; code tables (categories,
// statuses, roles…) come from GET /api/v1/codes so they always match CareModel.
import { strings } from './strings.js';

let current = localStorage.getItem('carenode.lang') === 'en' ? 'en' : 'zh';
let tables = {};
const listeners = new Set();

export const lang = () => current;

export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh';
  localStorage.setItem('carenode.lang', current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  translateStatic();
  for (const listener of listeners) listener(current);
}

export const onLangChange = (listener) => listeners.add(listener);

/** A UI string; `{name}` placeholders are filled from `values`. */
export function t(key, values = {}) {
  const entry = strings[key];
  let text = entry ? entry[current === 'zh' ? 0 : 1] : key;
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** Labels of the static page (elements with data-i18n). */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export function setCodeTables(value) {
  tables = value || {};
}

/** The entries of a code table: [{code, en, zh}]. */
export const codes = (table) => tables[table] || [];

/** The name of a code in the current language; the code itself when the table lacks it. */
export function label(table, code) {
  if (code === null || code === undefined || code === '') return '';
  const entry = (tables[table] || []).find((item) => item.code === code);
  return entry ? entry[current] : code;
}

/** A {en, zh} pair from the API in the current language. */
export const pick = (pair) => (pair ? pair[current] ?? pair.zh ?? pair.en : '');
