// County dispatch room (指挥调度室): the queue of orders waiting for an organisation (overdue
// first, then the longest waiting), the ranked candidates of the chosen order with every part
// of their scores, and dispatch to a chosen candidate or to the top one.
import { h, fill, toast } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, all } from '../api.js';
import { dateTime, since, number } from '../format.js';
import { resolve, nameNow } from '../names.js';
import { dataTable } from '../table.js';
import { messageOf } from '../form.js';
import { heading, badge, overdueMark, facts, every } from './common.js';

/** A score part's measure in words: the API names its units in English. */
function unit(part) {
  if (part.unit === 'share') return `${number(part.value * 100, 0)}%`;
  const key = `unit_${part.unit.replace(/\s+/g, '_')}`;
  const word = t(key);
  return `${number(part.value, 2)} ${word === key ? part.unit : word}`;
}

export async function render(view, { can }) {
  const detail = h('section.panel.dispatch-detail', { 'aria-live': 'polite' }, h('p.muted', t('pickOrder')));
  let selected = null;

  const table = dataTable({
    id: 'dispatch-queue',
    pageSizes: [50, 100, 200],
    filters: [{ name: 'category', title: t('category'), options: codes('serviceCategory').map((entry) => ({ value: entry.code, text: label('serviceCategory', entry.code) })) }],
    initialSort: null,
    load: async ({ limit, filters }) => {
      // Waiting for dispatch, plus anything overdue further along (accepted but not begun).
      const [waiting, overdue] = await Promise.all([
        all('/orders', { status: 'requested', ...filters }, 1000),
        all('/orders', { overdue: 'true', ...filters }, 1000),
      ]);
      const byId = new Map([...waiting.items, ...overdue.items].map((order) => [order.id, order]));
      const items = [...byId.values()].sort((a, b) => (b.overdue - a.overdue) || (new Date(a.requestedAt) - new Date(b.requestedAt)));
      await resolve(items, { elderId: 'elders', organisationId: 'organisations' });
      return { items: items.slice(0, limit), total: items.length, next: null };
    },
    columns: [
      { title: t('elder'), cell: (o) => h('strong', nameNow('elders', o.elderId)), sort: (o) => nameNow('elders', o.elderId) },
      { title: t('category'), cell: (o) => label('serviceCategory', o.category), sort: (o) => o.category },
      { title: t('status'), cell: (o) => [badge('orderStatus', o.status), ' ', overdueMark(o)], sort: (o) => (o.overdue ? 0 : 1) },
      { title: t('requestedAt'), cell: (o) => dateTime(o.requestedAt), sort: (o) => o.requestedAt },
      { title: t('waiting'), cell: (o) => since(o.requestedAt), sort: (o) => o.requestedAt },
      { title: t('dueAt'), cell: (o) => dateTime(o.dueAt), sort: (o) => o.dueAt },
      { title: t('community'), cell: (o) => o.home, sort: (o) => o.home },
    ],
    rowClass: (o) => (o.overdue ? 'row-overdue' : null),
    onRow: (order, tr) => {
      for (const row of tr.parentElement.children) row.removeAttribute('aria-selected');
      tr.setAttribute('aria-selected', 'true');
      selected = order.id;
      showOrder(order);
    },
    empty: t('queueEmpty'),
  });

  async function showOrder(order) {
    fill(detail, h('p.loading', t('loading')));
    try {
      const candidates = await get(`/orders/${order.id}/candidates`);
      if (selected !== order.id) return;
      const actions = [];
      if (can('order.dispatch') && order.status === 'requested' && candidates.candidates.length) {
        actions.push(h('button.btn.btn-primary.btn-lg', { type: 'button', id: 'dispatch-top', onclick: () => dispatchTop(order) }, t('dispatchTop')));
      }
      fill(detail,
        h('h2', `${nameNow('elders', order.elderId)} · ${label('serviceCategory', order.category)}`),
        facts([
          [t('status'), [badge('orderStatus', order.status), ' ', overdueMark(order)]],
          [t('requestedAt'), dateTime(order.requestedAt)], [t('wantedAt'), order.wantedAt ? dateTime(order.wantedAt) : ''],
          [t('dueAt'), dateTime(order.dueAt)], [t('channel'), label('intakeChannel', order.channel)],
          [t('takenAt'), `${order.takenAt} · ${order.takenBy}`], [t('notes'), order.notes],
          [t('organisation'), order.organisationId ? nameNow('organisations', order.organisationId) : ''],
        ]),
        h('div.actions', actions),
        h('h3', t('candidates')),
        candidates.candidates.length ? candidateTable(order, candidates) : h('p.notice.notice-warning', t('noCandidates')));
    } catch (error) {
      fill(detail, h('p.notice.notice-error', { role: 'alert' }, messageOf(error)));
    }
  }

  function candidateTable(order, candidates) {
    const partNames = candidates.candidates[0]?.parts.map((part) => part.name) || [];
    return h('div.table-scroll', h('table.table.candidates', { id: 'candidates' },
      h('thead', h('tr', h('th', t('rank')), h('th', t('organisation')), h('th', t('credit')), h('th', t('score')),
        partNames.map((name) => h('th', `${t('part_' + name)} (×${candidates.weights[name] ?? ''})`)), h('th', ''))),
      h('tbody', candidates.candidates.map((candidate) => h('tr', { dataset: { organisation: candidate.organisationId } },
        h('td', candidate.rank), h('th', { scope: 'row' }, candidate.name), h('td', label('creditStatus', candidate.creditStatus)),
        h('td.score', number(candidate.score, 3)),
        candidate.parts.map((part) => h('td.part', { title: part.explanation },
          h('div', part.value === null ? t('noData') : unit(part)),
          h('div.muted', `${number(part.score, 2)} → ${number(part.points, 3)}`))),
        h('td', can('order.dispatch') && order.status === 'requested'
          ? h('button.btn.btn-outline-primary', { type: 'button', onclick: () => dispatchTo(order, candidate) }, t('dispatchHere'))
          : null))))));
  }

  async function dispatchTo(order, candidate) {
    try {
      await post(`/orders/${order.id}/events`, { kind: 'dispatch', organisationId: candidate.organisationId, reason: t('dispatchedByHand') });
      toast(t('dispatchedTo', { name: candidate.name }), 'success');
      done();
    } catch (error) { toast(messageOf(error), 'error'); }
  }

  async function dispatchTop(order) {
    try {
      const top = await post(`/orders/${order.id}/auto-dispatch`, {});
      toast(t('dispatchedTo', { name: top.name }), 'success');
      done();
    } catch (error) { toast(messageOf(error), 'error'); }
  }

  function done() {
    selected = null;
    fill(detail, h('p.muted', t('pickOrder')));
    table.refresh();
  }

  fill(view, heading(t('screenDispatch'), h('button.btn.btn-outline-secondary', { type: 'button', onclick: () => table.refresh() }, t('refresh'))),
    h('div.split.split-even', h('section.panel', h('h2', t('orderQueue')), table.el), detail));
  await table.refresh();
  // Orders have no event stream: the queue is read again every 10 s while the screen is open.
  return every(10000, () => table.refresh());
}
