// Service orders (服务工单) within this node's area, with their steps.
import { h, fill } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, query } from '../api.js';
import { dateTime } from '../format.js';
import { resolve, nameNow } from '../names.js';
import { dataTable } from '../table.js';
import { heading, badge, overdueMark } from './common.js';
import { showOrder } from './orderdetail.js';

export async function render(view, ctx) {
  const table = dataTable({
    id: 'order-table',
    filters: [
      { name: 'status', title: t('status'), options: codes('orderStatus').map((e) => ({ value: e.code, text: label('orderStatus', e.code) })) },
      { name: 'category', title: t('category'), options: codes('serviceCategory').map((e) => ({ value: e.code, text: label('serviceCategory', e.code) })) },
      { name: 'overdue', title: t('overdue'), options: [{ value: 'true', text: t('overdueOnly') }] },
    ],
    load: async ({ limit, cursor, filters, sort }) => {
      const page = await get('/orders' + query({ limit, cursor, sort, ...filters }));
      await resolve(page.items, { elderId: 'elders', organisationId: 'organisations', workerId: 'staff' });
      return page;
    },
    initialSort: { index: 4, descending: true },
    columns: [
      { title: t('elder'), cell: (o) => h('strong', nameNow('elders', o.elderId)), sort: (o) => nameNow('elders', o.elderId) },
      { title: t('category'), cell: (o) => label('serviceCategory', o.category), sort: (o) => o.category },
      { title: t('status'), cell: (o) => [badge('orderStatus', o.status), ' ', overdueMark(o)], sort: (o) => o.status },
      { title: t('organisation'), cell: (o) => nameNow('organisations', o.organisationId), sort: (o) => nameNow('organisations', o.organisationId) },
      { title: t('requestedAt'), cell: (o) => dateTime(o.requestedAt), sortKey: 'requestedAt' },
      { title: t('dueAt'), cell: (o) => dateTime(o.dueAt), sortKey: 'dueAt' },
      { title: t('worker'), cell: (o) => nameNow('staff', o.workerId), sort: (o) => nameNow('staff', o.workerId) },
      { title: t('community'), cell: (o) => o.home, sort: (o) => o.home },
    ],
    rowClass: (o) => (o.overdue ? 'row-overdue' : null),
    onRow: (order) => showOrder(order.id, { ...ctx, onChange: () => table.refresh() }),
  });
  const tools = ctx.can('order.create') ? [h('a.btn.btn-primary.btn-lg', { href: '#/intake' }, t('newOrder'))] : [];
  fill(view, heading(t('screenOrders'), tools), table.el);
  await table.refresh();
  if (ctx.args[0]) showOrder(ctx.args[0], { ...ctx, onChange: () => table.refresh() });
}
