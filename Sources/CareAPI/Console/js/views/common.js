// Pieces several screens share: headings, status badges, order summaries and the elder finder.
import { h } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, query } from '../api.js';
import { nameNow, remember } from '../names.js';

export function heading(title, ...extra) {
  return h('div.screen-head', h('h1', title), h('div.screen-tools', extra));
}

const tone = {
  requested: 'warning', referred: 'info', pending: 'warning', refused: 'danger', dispatched: 'info', accepted: 'info', checkedIn: 'primary', completed: 'success', rated: 'success',
  returnVisited: 'success', closed: 'secondary', cancelled: 'secondary', raised: 'danger', acknowledged: 'warning',
  handled: 'info', resolved: 'success', falseAlarm: 'secondary', received: 'warning', critical: 'danger', warning: 'warning',
  good: 'success', blacklisted: 'danger', taken: 'info', answered: 'success',
};

export function badge(table, code) {
  return h(`span.badge.status.status-${tone[code] || 'secondary'}`, { dataset: { code } }, label(table, code));
}

export function overdueMark(row) {
  return row.overdue ? h('span.badge.status.status-danger.overdue', t('overdue')) : null;
}

/** When an order event happened: its version is "millis.counter@origin". */
export const eventTime = (event) => Number(String(event.version).split('.')[0]);

export function orderTitle(order) {
  return `${nameNow('elders', order.elderId)} · ${label('serviceCategory', order.category)}`;
}

/** A definition list from [title, value] pairs, leaving out empty values. */
export function facts(pairs) {
  return h('dl.facts', pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([title, value]) => [h('dt', title), h('dd', value)]));
}

/**
 * Finds an elder by name (the API searches names; citizen IDs and phones are masked in every
 * list, so they cannot be searched here). Calls `onPick(elder)`.
 */
export function elderFinder(onPick, { community } = {}) {
  const input = h('input.form-control', { type: 'search', placeholder: t('elderSearchHint'), 'aria-label': t('findElder'), id: 'elder-search' });
  const results = h('ul.finder-results', { role: 'listbox', 'aria-label': t('findElder') });
  let timer = null;
  async function search() {
    const q = input.value.trim();
    if (!q) { results.replaceChildren(); return; }
    const page = await get('/elders' + query({ q, community, limit: 20 }));
    remember('elders', page.items);
    results.replaceChildren(...(page.items.length ? page.items.map((elder) => {
      const option = h('li.finder-option', { role: 'option', tabIndex: 0, dataset: { id: elder.id } },
        h('strong', elder.name), ` · ${label('gender', elder.gender)} · ${elder.birthDate} · ${elder.citizenId} · ${elder.address?.text || ''}`);
      const choose = () => { results.replaceChildren(); input.value = elder.name; onPick(elder); };
      option.addEventListener('click', choose);
      option.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); choose(); } });
      return option;
    }) : [h('li.finder-empty', t('noElderFound'))]));
  }
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 250); });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); results.querySelector('[role=option]')?.focus(); }
    if (event.key === 'Enter') { event.preventDefault(); clearTimeout(timer); search(); }
  });
  return h('div.finder', h('label.form-label', { for: 'elder-search' }, t('findElder')), input, results);
}

/** A periodic refresh that stops when the screen is left. */
export function every(milliseconds, job) {
  const timer = setInterval(() => { if (!document.hidden) job(); }, milliseconds);
  return () => clearInterval(timer);
}
