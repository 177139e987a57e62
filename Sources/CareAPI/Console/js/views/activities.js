// Activities (文娱活动, Anhui §5.3.2.5): the station's calendar over a period, a form to put an
// activity on it (at a community node), one activity's list — who has a place, who waits and in
// what order, who cancelled — with booking, cancelling, attendance and ratings, and the
// participation figures per station. The places and the waiting list come from the server,
// which derives them from the bookings it holds.
import { h, fill, toast } from '../dom.js';
import { t, label, codes, lang } from '../i18n.js';
import { get, post, put, query } from '../api.js';
import { dateTime, localToISO } from '../format.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts, elderFinder } from './common.js';

const standingText = (b) => (b.standing === 'waiting' ? t('activityWaitingAt', { n: b.waitingPosition }) : label('bookingStanding', b.standing));
/** A refusal for a toast: the fields' messages in the screen's language, else the status in words. */
function refusal(error) {
  if (!error.fields?.length) return messageOf(error);
  return error.fields.map((f) => (lang() === 'zh' ? f.messageZh || f.message : f.message)).join(lang() === 'zh' ? '；' : '; ');
}

const standingTone = { confirmed: 'success', waiting: 'warning', cancelled: 'secondary' };

function calendar(items, open) {
  if (!items.length) return h('p.muted', t('activityNone'));
  return h('table.table.table-sm', { id: 'activity-table' },
    h('thead', h('tr', h('th', t('activityStarts')), h('th', t('activityTitle')), h('th', t('place')), h('th', t('activityOrganiser')),
      h('th', t('activityPlaces')), h('th', t('activityWaiting')), h('th', ''))),
    h('tbody', items.map((a) => h('tr', { dataset: { id: a.id }, class: a.cancelled ? 'muted' : '' },
      h('td', dateTime(a.startsAt)),
      h('td', h('strong', a.title), h('div.muted', label('activityCategory', a.category)),
        a.cancelled ? h('span.badge.status.status-secondary.activity-cancelled', t('activityCancelled')) : null),
      h('td', a.place), h('td', a.organiser),
      h('td.places', `${a.figures.confirmed} / ${a.capacity}`),
      h('td.waiting', String(a.figures.waiting)),
      h('td', h('button.btn.btn-sm.btn-outline-primary.open', { type: 'button', onclick: () => open(a.id) }, t('activityOpen')))))));
}

function activityForm(onDone) {
  const categories = codes('activityCategory').map((c) => ({ value: c.code, text: label('activityCategory', c.code) }));
  return h('div', { id: 'activity-form' }, h('h3', t('activityNew')), apiForm({
    fields: [
      field({ path: 'title', title: t('activityTitle'), required: true }),
      field({ path: 'category', title: t('activityCategory'), type: 'select', required: true, options: categories }),
      field({ path: 'place', title: t('place'), required: true }),
      h('div.field-row',
        field({ path: 'startsAt', title: t('activityStarts'), type: 'datetime-local', required: true }),
        field({ path: 'endsAt', title: t('activityEnds'), type: 'datetime-local', required: true })),
      field({ path: 'capacity', title: t('activityCapacity'), type: 'number', min: 1, required: true }),
      field({ path: 'organiser', title: t('activityOrganiser'), required: true }),
      field({ path: 'summary', title: t('activitySummary'), type: 'textarea' }),
    ],
    submitText: t('save'),
    submit: ({ startsAt, endsAt, ...values }) => post('/activities', {
      ...values,
      startsAtMillis: startsAt ? Date.parse(localToISO(startsAt)) : undefined,
      endsAtMillis: endsAt ? Date.parse(localToISO(endsAt)) : undefined,
    }),
    onDone: (made) => { toast(t('saved'), 'success'); onDone(made.activity.id); },
  }));
}

function bookingRow(b, a, ctx, act) {
  const now = Date.now();
  const started = now >= a.startsAtMillis;
  const ended = now >= a.endsAtMillis;
  const actions = [];
  if (ctx.can('activity.book') && b.standing !== 'cancelled' && !b.attendedAt && !started) {
    actions.push(h('button.btn.btn-sm.btn-outline-danger.cancel-booking', { type: 'button', onclick: () => act(`/activity-bookings/${b.id}/cancel`, {}) }, t('activityCancelBooking')));
  }
  if (ctx.can('activity.write') && b.standing === 'confirmed' && !b.attendedAt && !a.cancelled && now >= a.startsAtMillis - 3600000 && !ended) {
    actions.push(h('button.btn.btn-sm.btn-outline-primary.attend', { type: 'button', onclick: () => act(`/activity-bookings/${b.id}/attendance`, {}) }, t('activityAttend')));
  }
  if (ctx.can('activity.book') && b.attendedAt && b.rating == null && ended) {
    const score = h('select.form-select.form-select-sm.score', { 'aria-label': t('activityRating') }, [5, 4, 3, 2, 1].map((n) => h('option', { value: n }, '★'.repeat(n))));
    actions.push(score, h('button.btn.btn-sm.btn-outline-success.rate', { type: 'button', onclick: () => act(`/activity-bookings/${b.id}/rating`, { score: Number(score.value) }) }, t('activityRate')));
  }
  const attendance = b.attendedAt ? `${dateTime(b.attendedAt)} · ${label('attendanceSource', b.attendanceSource)}${b.attendanceDevice ? ` ${b.attendanceDevice}` : ''}` : '';
  return h('tr', { dataset: { elder: b.elderId, standing: b.standing } },
    h('td', b.elderName || b.elderId),
    h('td', h(`span.badge.status.status-${standingTone[b.standing]}.standing`, standingText(b))),
    h('td', `${dateTime(b.bookedAt)} · ${label('bookingChannel', b.channel)}`, h('div.muted', b.bookedBy),
      b.cancelledAt ? h('div.muted', t('activityCancelledBy', { who: b.cancelledBy, reason: b.cancelReason || '' })) : null),
    h('td.attendance', attendance),
    h('td.rating', b.rating ? `${'★'.repeat(b.rating)}${b.ratingComment ? ` ${b.ratingComment}` : ''}` : ''),
    h('td.booking-actions', actions));
}

function bookingForm(a, redraw) {
  let chosen = null;
  const picked = h('p.muted', { id: 'booking-elder' }, t('activityPickElder'));
  const channel = h('select.form-select', { id: 'booking-channel', 'aria-label': t('activityChannel') },
    codes('bookingChannel').map((c) => h('option', { value: c.code, selected: c.code === 'staff' }, label('bookingChannel', c.code))));
  const button = h('button.btn.btn-primary', { type: 'button', id: 'book' }, t('activityBook'));
  button.addEventListener('click', async () => {
    if (!chosen) { toast(t('activityPickElder'), 'error'); return; }
    try {
      const result = await post(`/activities/${a.id}/bookings`, { elderId: chosen.id, channel: channel.value });
      const b = result.booking;
      toast(b.standing === 'waiting' ? t('activityBookedWaiting', { n: b.waitingPosition }) : t('activityBookedPlace'), 'success');
      redraw();
    } catch (error) { toast(refusal(error), 'error'); }
  });
  return h('div', { id: 'booking-form' }, h('h4', t('activityBook')),
    elderFinder((elder) => { chosen = elder; fill(picked, elder.name); }, { community: a.home }),
    picked, h('label.form-label', { for: 'booking-channel' }, t('activityChannel')), channel, h('div.form-actions', button));
}

/** One activity and its list; `redraw` draws the whole screen again with it open. */
async function detail(slot, id, ctx, redraw) {
  const d = await get(`/activities/${id}`);
  const a = d.activity;
  const act = async (path, body) => {
    try {
      await post(path, body);
      toast(t('saved'), 'success');
      await redraw();
    } catch (error) { toast(refusal(error), 'error'); }
  };
  const cancelActivity = ctx.can('activity.write') && !a.cancelled && Date.now() < a.endsAtMillis
    ? h('button.btn.btn-outline-danger', { type: 'button', id: 'cancel-activity', onclick: async () => {
      try {
        const { id: _, home, figures, version, startsAt, endsAt, createdBy, ...rest } = a;
        await put(`/activities/${a.id}`, { ...rest, cancelled: true }, { headers: { 'if-match': version } });
        toast(t('saved'), 'success');
        await redraw();
      } catch (error) { toast(refusal(error), 'error'); }
    } }, t('activityCancelIt')) : null;
  const f = a.figures;
  fill(slot,
    h('h3', a.title, a.cancelled ? h('span.badge.status.status-secondary', ' ', t('activityCancelled')) : null),
    facts([
      [t('activityCategory'), label('activityCategory', a.category)], [t('activityStarts'), dateTime(a.startsAt)], [t('activityEnds'), dateTime(a.endsAt)],
      [t('place'), a.place], [t('activityOrganiser'), a.organiser], [t('activityCapacity'), String(a.capacity)], [t('activitySummary'), a.summary],
      [t('activityHome'), a.home],
    ]),
    h('p', { id: 'activity-counts' }, t('activityCounts', { confirmed: f.confirmed, capacity: a.capacity, waiting: f.waiting, cancelled: f.cancelledBookings, attended: f.attended })),
    d.overCapacity ? h('p.notice.notice-warning', t('activityOverCapacity')) : null,
    cancelActivity,
    d.bookings.length ? h('table.table.table-sm', { id: 'booking-table' },
      h('thead', h('tr', h('th', t('elder')), h('th', t('activityStanding')), h('th', t('activityBooked')), h('th', t('activityAttendance')),
        h('th', t('activityRating')), h('th', ''))),
      h('tbody', d.bookings.map((b) => bookingRow(b, a, ctx, act)))) : h('p.muted', t('activityNoBookings')),
    ctx.can('activity.book') && !a.cancelled && Date.now() < a.startsAtMillis ? bookingForm(a, redraw) : null);
  slot.scrollIntoView?.({ block: 'nearest' });
}

function figuresTable(r) {
  const row = (name, f) => h('tr', h('td', name), h('td', String(f.activities)), h('td', String(f.bookings)), h('td', String(f.confirmed)),
    h('td', String(f.waiting)), h('td', String(f.cancelledBookings)), h('td', String(f.attended)), h('td', String(f.noShows)),
    h('td', f.averageRating == null ? '—' : f.averageRating.toFixed(2)));
  return h('table.table.table-sm', { id: 'figures-table' },
    h('thead', h('tr', [t('activityStation'), t('activityCount'), t('activityBookings'), t('activityPlaces'), t('activityWaiting'),
      t('activityCancellations'), t('activityAttended'), t('activityNoShows'), t('activityAverage')].map((x) => h('th', x)))),
    h('tbody', r.stations.map((s) => row(s.home, s.figures)), row(t('total'), r.total)));
}

export async function render(view, ctx, state = {}) {
  const from = h('input.form-control', { type: 'date', id: 'activity-from', 'aria-label': t('activityFrom'), value: state.from || '' });
  const to = h('input.form-control', { type: 'date', id: 'activity-to', 'aria-label': t('activityTo'), value: state.to || '' });
  const period = () => ({ from: from.value, to: to.value });
  const redraw = (open) => render(view, ctx, { ...period(), open: open ?? state.open });
  const [list, figures] = await Promise.all([
    get('/activities' + query(period())).then((p) => p.items),
    get('/activities/figures' + query(period())),
  ]);
  const detailSlot = h('section', { id: 'activity-detail' });
  const open = (id) => detail(detailSlot, id, ctx, () => redraw(id)).catch((e) => fill(detailSlot, h('p.notice.notice-error', messageOf(e))));
  fill(view,
    heading(t('screenActivities'), from, to, h('button.btn.btn-outline-secondary', { type: 'button', id: 'activity-period', onclick: () => redraw() }, t('refresh'))),
    h('section', { id: 'activity-calendar' }, h('h2', t('activityCalendar')), calendar(list, open),
      ctx.can('activity.write') && ctx.me.node.role === 'community' ? activityForm((id) => redraw(id)) : null),
    detailSlot,
    h('section', { id: 'activity-figures' }, h('h2', t('activityFigures')), figuresTable(figures)));
  if (state.open) await open(state.open);
}
