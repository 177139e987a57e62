// Conflicts kept for review (数据冲突): the value that stands and the one that lost, side by
// side, and the operator's resolution. For two records of one person, the operator chooses
// which record stands.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, post, query } from '../api.js';
import { dataTable } from '../table.js';
import { apiForm, field } from '../form.js';
import { heading } from './common.js';
import { resolve, nameNow } from '../names.js';

export async function render(view, { can }) {
  const table = dataTable({
    id: 'conflict-table',
    filters: [{ name: 'resolved', title: t('state'), options: [{ value: 'false', text: t('open') }, { value: 'true', text: t('resolved') }] }],
    load: async ({ limit, cursor, filters }) => {
      const page = await get('/conflicts' + query({ limit, cursor, resolved: 'false', ...filters }));
      await resolve(page.items.filter((c) => c.entityKind === 'elder'), { entityId: 'elders' });
      return page;
    },
    columns: [
      { title: t('record'), cell: (c) => `${label('entityKind', c.entityKind)} · ${c.entityKind === 'elder' ? nameNow('elders', c.entityId) : ''}`, sort: (c) => c.entityKind },
      { title: t('field'), cell: (c) => c.field, sort: (c) => c.field },
      { title: t('standing'), cell: (c) => h('div.value-box', h('code', c.winnerValue), h('div.muted', c.winner)) },
      { title: t('lost'), cell: (c) => h('div.value-box', h('code', c.loserValue), h('div.muted', c.loser)) },
      { title: t('reason'), cell: (c) => c.reason },
      { title: t('state'), cell: (c) => (c.resolved ? t('resolved') : t('open')), sort: (c) => c.resolved },
    ],
    onRow: (c) => open(c),
  });

  function open(c) {
    const duplicate = c.field === 'duplicatePerson' || c.reason.includes('duplicate');
    const sides = h('div.side-by-side',
      h('section.side', h('h3', t('standing')), h('pre', c.winnerValue), h('p.muted', c.winner)),
      h('section.side', h('h3', t('lost')), h('pre', c.loserValue), h('p.muted', c.loser)));
    const fields = [field({ path: 'note', title: t('resolutionNote'), type: 'textarea', required: true })];
    if (duplicate) fields.unshift(field({ path: 'keep', title: t('keepRecord'), hint: t('keepHint') }));
    const box = dialog(`${label('entityKind', c.entityKind)} · ${c.field}`, [
      sides,
      c.resolved ? h('p.notice', `${t('resolved')}: ${c.resolution?.note ?? ''}`) : can('conflict.resolve') ? apiForm({
        fields, submitText: t('resolve'),
        submit: (values) => post(`/conflicts/${c.id}/resolve`, values),
        onDone: () => { box.close(); toast(t('saved'), 'success'); table.refresh(); },
      }) : null,
    ], { wide: true });
  }

  fill(view, heading(t('screenConflicts')), table.el);
  await table.refresh();
}
