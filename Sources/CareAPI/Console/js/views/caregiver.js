// The caregiver's phone (移动端服务, 390 px wide): orders waiting for the organisation to take,
// today's visits, check-in with the phone's position, completion with items, duration and
// photos from the camera, and the elder's rating with an optional voice recording.
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { get, query } from '../api.js';
import { dateTime, time, todayCST } from '../format.js';
import { resolve, nameNow, recordNow, registry, organisation as lookupOrganisation } from '../names.js';
import { messageOf } from '../form.js';
import { heading, badge } from './common.js';
import { sendStep, flush, pending, onChange } from '../outbox.js';
import { completionForm, ratingForm } from './visitforms.js';

export async function render(view, { me, can }) {
  const worker = await findWorker(me);
  if (!worker) return choose(view, me);
  const organisationId = worker.organisationId;
  const queueBox = h('section.panel.phone-section', { id: 'offered' });
  const dayBox = h('section.panel.phone-section', { id: 'today' });
  const outboxNote = h('p.notice.notice-warning', { hidden: true, id: 'outbox-note' });

  async function draw() {
    const [queue, day] = await Promise.all([
      organisationId ? get(`/organisations/${organisationId}/queue`) : { orders: [] },
      get(`/staff/${worker.id}/day` + query({ date: todayCST() })),
    ]);
    const offered = queue.orders.filter((order) => order.status === 'dispatched' || order.status === 'referred');
    const elderIds = [...offered, ...day.orders];
    await resolve(elderIds, { elderId: 'elders' });
    fill(queueBox, h('h2', t('offeredOrders', { n: offered.length })),
      offered.length ? h('ul.cards', offered.map((order) => card(order, [
        can('order.serve') ? h('button.btn.btn-primary.btn-lg', { type: 'button', dataset: { action: 'accept' }, onclick: () => step(order, { kind: 'accept', workerId: worker.id }) }, t('acceptOrder')) : null,
      ]))) : h('p.muted', t('nothingOffered')));
    const open = day.orders.filter((order) => !['cancelled', 'closed'].includes(order.status));
    fill(dayBox, h('h2', t('todaysVisits', { n: open.length, date: todayCST() })),
      open.length ? h('ul.cards', open.map((order) => card(order, actions(order)))) : h('p.muted', t('noVisitsToday')));
  }

  function card(order, buttons) {
    const elder = recordNow('elders', order.elderId);
    return h('li.card.visit-card', { dataset: { order: order.id, status: order.status } },
      h('div.card-head', h('strong.visit-elder', nameNow('elders', order.elderId)), badge('orderStatus', order.status)),
      h('div', label('serviceCategory', order.category)),
      elder ? h('div.visit-address', elder.address?.text || '') : null,
      h('div.muted', `${t('dueAt')} ${dateTime(order.wantedAt || order.dueAt)}`),
      order.notes ? h('div.visit-notes', order.notes) : null,
      h('div.card-body'),
      h('div.card-actions', buttons));
  }

  function actions(order) {
    if (!can('order.serve')) return [];
    switch (order.status) {
      case 'accepted': return [h('button.btn.btn-primary.btn-lg', { type: 'button', dataset: { action: 'checkIn' }, onclick: (event) => checkIn(order, event.target) }, t('checkIn'))];
      case 'checkedIn': return [h('button.btn.btn-success.btn-lg', { type: 'button', dataset: { action: 'complete' }, onclick: (event) => openForm(event.target, completionForm(order, after)) }, t('completeVisit'))];
      case 'completed': return [h('button.btn.btn-outline-primary.btn-lg', { type: 'button', dataset: { action: 'rate' }, onclick: (event) => openForm(event.target, ratingForm(order, after)) }, t('elderRating'))];
      default: return [h('span.muted', `${t('checkedInAt')} ${time(order.checkedInAt)}`)];
    }
  }

  function openForm(button, form) {
    const body = button.closest('.visit-card').querySelector('.card-body');
    fill(body, form);
    body.querySelector('input, select, textarea')?.focus();
  }

  async function checkIn(order, button) {
    button.disabled = true;
    const status = h('p.muted', { role: 'status' }, t('locating'));
    button.closest('.visit-card').querySelector('.card-body').replaceChildren(status);
    const location = await position().catch((error) => ({ note: t('noPosition', { reason: error.message }) }));
    await step(order, { kind: 'checkIn', location });
  }

  async function step(order, body) {
    try {
      const outcome = await sendStep(order.id, body);
      toast(outcome.queued ? t('stepQueued') : t('stepDone', { step: label('orderEvent', body.kind) }), outcome.queued ? 'warning' : 'success');
      await after();
    } catch (error) {
      toast(messageOf(error), 'error');
      await draw();
    }
  }

  async function after() {
    try { await draw(); } catch (error) { toast(messageOf(error), 'error'); }
  }

  const showOutbox = (items) => { outboxNote.hidden = !items.length; outboxNote.textContent = t('outboxWaiting', { n: items.length }); };
  const stopOutbox = onChange(showOutbox);
  showOutbox(pending());
  const organisation = organisationId ? (await lookupOrganisation(organisationId))?.name ?? '' : '';
  fill(view, heading(t('screenCaregiver'), h('button.btn.btn-outline-secondary', { type: 'button', onclick: () => flush().then(after) }, t('refresh'))),
    h('p.worker-line', { id: 'worker-name' }, h('strong', worker.name), organisation ? ` · ${organisation}` : ''),
    outboxNote, dayBox, queueBox);
  await flush((item, error) => toast(`${label('orderEvent', item.body.kind)}: ${messageOf(error)}`, 'error'));
  await draw();
  const timer = setInterval(() => { if (!document.hidden && !view.querySelector('.card-body form')) after(); }, 15000);
  // Back online: send what waited, then show the visits as they now stand.
  const online = () => flush((item, error) => toast(`${label('orderEvent', item.body.kind)}: ${messageOf(error)}`, 'error')).then(after);
  window.addEventListener('online', online);
  return () => { clearInterval(timer); stopOutbox(); window.removeEventListener('online', online); };
}

/** The browser's position, within 15 s. */
function position() {
  return new Promise((resolvePosition, reject) => {
    if (!navigator.geolocation) { reject(new Error(t('noGeolocation'))); return; }
    navigator.geolocation.getCurrentPosition(
      (where) => resolvePosition({ latitude: where.coords.latitude, longitude: where.coords.longitude }),
      (error) => reject(new Error(error.message || t('noGeolocation'))),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
}

/**
 * The staff record of the signed-in caregiver: /me's staffId when the node gives one, else the
 * staff member whose name is the account's display or login name, else the one picked on this
 * phone before.
 */
async function findWorker(me) {
  const remembered = localStorage.getItem(`carenode.worker.${me.account.name}`);
  const byId = me.account.staffId || remembered;
  if (byId) {
    const record = await get(`/staff/${byId}`).catch(() => null);
    if (record) return record;
  }
  for (const name of new Set([me.account.displayName, me.account.name].filter(Boolean))) {
    const page = await get('/staff' + query({ q: name, limit: 20 }));
    const exact = page.items.filter((person) => person.name === name);
    if (exact.length === 1) return exact[0];
  }
  return null;
}

async function choose(view, me) {
  const { staff } = await registry();
  const select = h('select.form-select.form-select-lg', { id: 'worker-pick', 'aria-label': t('whoAreYou') },
    h('option', { value: '' }, t('choose')),
    staff.filter((person) => ['caregiver', 'nurse', 'doctor', 'socialWorker', 'volunteer'].includes(person.role))
      .map((person) => h('option', { value: person.id }, `${person.name} · ${label('staffRole', person.role)} · ${nameNow('organisations', person.organisationId)}`)));
  fill(view, heading(t('screenCaregiver')), h('section.panel', h('p', t('workerNotFound', { name: me.account.displayName || me.account.name })),
    h('label.form-label', { for: 'worker-pick' }, t('whoAreYou')), select,
    h('div.form-actions', h('button.btn.btn-primary.btn-lg', { type: 'button', onclick: () => {
      if (!select.value) return;
      localStorage.setItem(`carenode.worker.${me.account.name}`, select.value);
      location.reload();
    } }, t('thisIsMe')))));
}
