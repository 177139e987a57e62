// Devices in elders' homes (设备): register one to an elder, issue its token (shown once, to
// configure the device with), and see the reports the node refused.
import { h, fill, toast, dialog } from '../dom.js';
import { t, label, codes } from '../i18n.js';
import { get, post, api, query } from '../api.js';
import { dataTable } from '../table.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, elderFinder } from './common.js';
import { resolve, nameNow } from '../names.js';

export async function render(view, { me, can }) {
  const community = me.node.role === 'community' ? me.node.code : null;
  const table = dataTable({
    id: 'device-table',
    filters: [
      { name: 'serial', title: t('serial') },
      { name: 'type', title: t('type'), options: codes('deviceType').map((e) => ({ value: e.code, text: label('deviceType', e.code) })) },
      { name: 'status', title: t('status'), options: codes('deviceStatus').map((e) => ({ value: e.code, text: label('deviceStatus', e.code) })) },
    ],
    load: async ({ limit, cursor, filters }) => {
      const page = await get('/devices' + query({ limit, cursor, ...filters }));
      await resolve(page.items, { elderId: 'elders' });
      return page;
    },
    columns: [
      { title: t('serial'), cell: (d) => h('span.mono', d.serial), sort: (d) => d.serial },
      { title: t('type'), cell: (d) => label('deviceType', d.type), sort: (d) => d.type },
      { title: t('elder'), cell: (d) => nameNow('elders', d.elderId), sort: (d) => nameNow('elders', d.elderId) },
      { title: t('status'), cell: (d) => label('deviceStatus', d.status), sort: (d) => d.status },
      { title: t('community'), cell: (d) => d.home, sort: (d) => d.home },
      { title: t('actions'), cell: (d) => can('device.write') ? h('button.btn.btn-sm.btn-outline-dark', { type: 'button', onclick: (event) => { event.stopPropagation(); issue(d); } }, t('issueToken')) : '' },
    ],
    onRow: can('device.write') ? (d) => form(d) : null,
  });

  async function issue(device) {
    try {
      const answer = await post(`/devices/${device.id}/token`, {});
      dialog(t('deviceToken'), [h('p', t('tokenOnce')), h('p.token.mono', { id: 'device-token' }, answer.token), h('p.muted', device.serial)]);
    } catch (error) { toast(messageOf(error), 'error'); }
  }

  function form(device) {
    let elderId = device?.elderId;
    const chosen = h('p.muted', { id: 'device-elder' }, elderId ? nameNow('elders', elderId) : t('noElderChosen'));
    const box = dialog(device ? device.serial : t('newDevice'), [
      elderFinder((elder) => { elderId = elder.id; chosen.textContent = elder.name; }, { community }),
      chosen,
      apiForm({
        fields: [
          device ? null : field({ path: 'serial', title: t('serial'), required: true }),
          h('div.field-row', field({ path: 'type', title: t('type'), table: 'deviceType', required: true, value: device?.type }),
            field({ path: 'status', title: t('status'), table: 'deviceStatus', required: true, value: device?.status ?? 'active' })),
          community || device ? null : field({ path: 'home', title: t('community'), required: true, placeholder: '420107001001' }),
        ],
        submitText: t('save'),
        submit: (values) => device
          ? api('PATCH', `/devices/${device.id}`, { ...values, elderId }, { headers: { 'if-match': device.version } })
          : post('/devices', { ...values, elderId, home: community || values.home }),
        onDone: () => { box.close(); toast(t('saved'), 'success'); table.refresh(); },
      }),
    ], { wide: true });
  }

  async function rejections() {
    try {
      const answer = await get('/devices/ingest-rejections');
      dialog(t('ingestRejections'), h('pre.mono', JSON.stringify(answer, null, 2)));
    } catch (error) { toast(messageOf(error), 'error'); }
  }

  fill(view, heading(t('screenDevices'),
    h('button.btn.btn-outline-secondary', { type: 'button', onclick: rejections }, t('ingestRejections')),
    can('device.write') ? h('button.btn.btn-primary.btn-lg', { type: 'button', id: 'new-device', onclick: () => form(null) }, t('newDevice')) : null), table.el);
  await table.refresh();
}
