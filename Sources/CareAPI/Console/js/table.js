// A list table over a paged API list: total count, page size, filters, keyboard-usable
// sorting. A column with a `sortKey` is sorted by the server across the whole list (the
// load gets `sort`, e.g. "-dueAt", and pages stay in that order); a column with only a
// `sort` function orders the rows on screen, so it is offered only while the whole list
// fits on one page.
import { h, fill } from './dom.js';
import { t } from './i18n.js';

/**
 * columns: [{ title, cell(row) → node|text, sortKey?: API sort field, sort?(row) → comparable }]
 * load({limit, cursor, filters, sort}) → {items, next, total}
 * initialSort: { index, descending }
 * filters: [{ name, title, options?: [{value, text}] }] (a select with options, else a text box)
 */
export function dataTable({ id, columns, load, filters = [], pageSizes = [20, 50, 100], initialSort, onRow, rowClass, empty }) {
  const state = { limit: pageSizes[0], cursors: [undefined], page: 0, filters: {}, sort: initialSort || null, rows: [] };
  const caption = h('span.table-total', { 'aria-live': 'polite' });
  const body = h('tbody', h('tr', h('td.loading', { colSpan: columns.length }, t('loading'))));
  const headRow = h('tr');
  const prev = h('button.btn.btn-outline-secondary', { type: 'button', onclick: () => go(state.page - 1) }, t('previousPage'));
  const next = h('button.btn.btn-outline-secondary', { type: 'button', onclick: () => go(state.page + 1) }, t('nextPage'));
  const sizeSelect = h('select.form-select.page-size', { 'aria-label': t('pageSize'), onchange: () => { state.limit = Number(sizeSelect.value); reset(); } },
    pageSizes.map((size) => h('option', { value: size }, t('perPage', { n: size }))));

  const filterBar = h('form.filter-bar', { role: 'search', onsubmit: (event) => { event.preventDefault(); readFilters(); reset(); } });
  for (const filter of filters) {
    const control = filter.options
      ? h('select.form-select', { name: filter.name, onchange: () => { readFilters(); reset(); } },
          h('option', { value: '' }, t('any')), filter.options.map((option) => h('option', { value: option.value }, option.text)))
      : h('input.form-control', { name: filter.name, type: 'search', placeholder: filter.placeholder || '' });
    filterBar.append(h('label.filter', h('span', filter.title), control));
  }
  if (filters.some((filter) => !filter.options)) filterBar.append(h('button.btn.btn-primary', { type: 'submit' }, t('search')));

  const sortButtons = [];
  columns.forEach((column, index) => {
    const th = h('th', { scope: 'col' });
    if (column.sortKey || column.sort) {
      const button = h('button.sort-button', { type: 'button', onclick: () => sortBy(index), dataset: { sortKey: column.sortKey || '' } },
        column.title, h('span.sort-mark', { 'aria-hidden': 'true' }));
      if (!column.sortKey) sortButtons.push(button);
      th.append(button);
    } else th.append(column.title);
    headRow.append(th);
  });

  const table = h('table.table.table-striped.table-hover.data-table', { id }, h('thead', headRow), body);
  const root = h('section.table-block', filterBar,
    h('div.table-meta', caption, h('label.page-size-label', t('pageSize'), sizeSelect)),
    h('div.table-scroll', table),
    h('div.pager', prev, h('span.page-number'), next));

  function readFilters() {
    state.filters = Object.fromEntries([...new FormData(filterBar).entries()].filter(([, value]) => value !== ''));
  }

  const serverSort = () => {
    const column = state.sort && columns[state.sort.index];
    return column?.sortKey ? (state.sort.descending ? '-' : '') + column.sortKey : undefined;
  };
  const wholeListShown = () => state.page === 0 && state.cursors.length === 1;

  function sortBy(index) {
    const same = state.sort?.index === index;
    state.sort = { index, descending: same ? !state.sort.descending : false };
    if (columns[index].sortKey) reset();
    else draw();
  }

  function reset() {
    state.cursors = [undefined];
    state.page = 0;
    return refresh();
  }

  async function go(page) {
    if (page < 0 || page >= state.cursors.length) return;
    state.page = page;
    await refresh();
  }

  async function refresh() {
    body.setAttribute('aria-busy', 'true');
    try {
      const result = await load({ limit: state.limit, cursor: state.cursors[state.page], filters: state.filters, sort: serverSort() });
      state.rows = result.items;
      state.cursors.length = state.page + 1;
      if (result.next) state.cursors.push(result.next);
      const from = state.page * state.limit;
      caption.textContent = result.total !== undefined && result.total !== null
        ? t(result.totalCapped ? 'tableTotalMore' : 'tableTotal', { total: result.total, from: result.items.length ? from + 1 : 0, to: from + result.items.length })
        : t('tableShown', { n: result.items.length });
      root.dataset.total = result.total ?? '';
      draw();
    } catch (error) {
      fill(body, h('tr', h('td.table-error', { colSpan: columns.length, role: 'alert' }, error.message)));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  function draw() {
    const rows = [...state.rows];
    headRow.querySelectorAll('th').forEach((th, index) => {
      th.removeAttribute('aria-sort');
      if (state.sort?.index === index && (columns[index].sortKey || wholeListShown())) th.setAttribute('aria-sort', state.sort.descending ? 'descending' : 'ascending');
    });
    // A sort on screen over part of a list would mislead: keep the server's order then.
    const local = state.sort && !columns[state.sort.index].sortKey && wholeListShown();
    for (const button of sortButtons) {
      button.disabled = !wholeListShown();
      button.title = wholeListShown() ? '' : t('sortNeedsOnePage');
    }
    if (local) {
      const key = columns[state.sort.index].sort;
      const sign = state.sort.descending ? -1 : 1;
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        return (x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1) * sign;
      });
    }
    fill(body, rows.length ? rows.map((row) => {
      const tr = h('tr', columns.map((column) => h('td', { dataset: { label: column.title } }, column.cell(row))));
      if (rowClass) { const extra = rowClass(row); if (extra) tr.classList.add(extra); }
      if (onRow) {
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.addEventListener('click', () => onRow(row, tr));
        tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') onRow(row, tr); });
      }
      return tr;
    }) : h('tr', h('td.table-empty', { colSpan: columns.length }, empty || t('nothingHere'))));
    prev.disabled = state.page === 0;
    next.disabled = state.page >= state.cursors.length - 1;
    root.querySelector('.page-number').textContent = t('pageN', { n: state.page + 1 });
  }

  return { el: root, refresh, reset, rows: () => state.rows };
}
