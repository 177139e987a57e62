// Training of home-care workers (服务培训, Anhui §5.2.2.5): the courses sent down from the county
// or the street with their PDF and MP4 materials (authored at a county or street node, with an
// upload form), the sessions with their places, registrations and attendance, and one staff
// member's record with the courses studied, sessions attended and certificates.
import { h, fill, toast } from '../dom.js';
import { t } from '../i18n.js';
import { get, post, all } from '../api.js';
import { dateTime, localToISO } from '../format.js';
import { apiForm, field, messageOf } from '../form.js';
import { heading, facts } from './common.js';

const materialKind = (file) => (file.type === 'application/pdf' ? 'document' : file.type === 'video/mp4' ? 'video' : null);

function courseList(courses) {
  if (!courses.length) return h('p.muted', t('trainingNoCourses'));
  return h('table.table.table-sm', { id: 'course-table' },
    h('thead', h('tr', h('th', t('trainingCourse')), h('th', t('trainingMinutes')), h('th', t('trainingMaterials')), h('th', t('trainingAuthoredAt')))),
    h('tbody', courses.map((c) => h('tr', { dataset: { id: c.id } },
      h('td', h('strong', c.title), c.summary ? h('div.muted', c.summary) : null),
      h('td', String(c.studyMinutes)),
      h('td', h('ul.list-unstyled', c.materials.map((m) => {
        const text = `${m.name} (${m.kind === 'video' ? t('trainingVideo') : t('trainingDocument')})`;
        return h('li', m.held ? h('a', { href: m.href, target: '_blank', rel: 'noopener' }, text) : [text, ' ', h('span.muted', t('trainingNotHeld'))]);
      }))),
      h('td', c.home)))));
}

function courseForm(onDone) {
  const files = h('input.form-control', { type: 'file', id: 'course-files', multiple: true, accept: 'application/pdf,video/mp4' });
  return h('div', { id: 'course-form' }, h('h3', t('trainingNewCourse')), apiForm({
    fields: [
      field({ path: 'title', title: t('trainingCourse'), required: true }),
      field({ path: 'summary', title: t('trainingSummary'), type: 'textarea' }),
      field({ path: 'studyMinutes', title: t('trainingMinutes'), type: 'number', min: 1, required: true }),
      h('div.field', h('label.form-label', { for: 'course-files' }, t('trainingMaterials')), files, h('div.form-text', t('trainingMaterialsHint'))),
    ],
    submitText: t('save'),
    submit: async (values) => {
      const materials = [];
      for (const file of files.files || []) {
        const kind = materialKind(file);
        if (!kind) throw new Error(t('trainingWrongFile', { name: file.name }));
        materials.push({ sha256: (await post('/blobs', file)).sha256, kind, name: file.name });
      }
      return post('/courses', { ...values, materials });
    },
    onDone: () => { toast(t('saved'), 'success'); onDone(); },
  }));
}

function sessionList(sessions, staff, ctx, redraw) {
  if (!sessions.length) return h('p.muted', t('trainingNoSessions'));
  const names = (people) => people.map((p) => p.name || p.staffId).join('、');
  return h('table.table.table-sm', { id: 'session-table' },
    h('thead', h('tr', h('th', t('trainingCourse')), h('th', t('trainingStartsAt')), h('th', t('trainingPlace')), h('th', t('trainingPlaces')),
      h('th', t('trainingRegistered')), h('th', t('trainingAttended')), h('th', ''))),
    h('tbody', sessions.map((s) => {
      const pick = h('select.form-select.form-select-sm', { 'aria-label': t('staffMember') }, staff.map((p) => h('option', { value: p.id }, p.name)));
      const act = (what) => async () => {
        try {
          await post(`/training-sessions/${s.id}/${what}`, { staffId: pick.value });
          toast(t('saved'), 'success');
          redraw();
        } catch (error) { toast(messageOf(error), 'error'); }
      };
      return h('tr', { dataset: { id: s.id } },
        h('td', s.courseTitle || s.courseId), h('td', dateTime(s.startsAt)), h('td', `${s.place} · ${s.trainer}`),
        h('td', `${s.registered.length} / ${s.capacity}`, s.overCapacity ? h('span.badge.status.status-danger', { title: t('trainingOverHint') }, ' ', t('trainingOver')) : null),
        h('td', names(s.registered)), h('td', names(s.attended)),
        h('td', ctx.can('training.record') && !s.cancelled ? h('div.session-actions', pick,
          h('button.btn.btn-sm.btn-outline-primary.register', { type: 'button', onclick: act('registrations') }, t('trainingRegister')),
          h('button.btn.btn-sm.btn-outline-secondary.attend', { type: 'button', onclick: act('attendance') }, t('trainingAttend'))) : null));
    })));
}

function sessionForm(courses, onDone) {
  return h('div', { id: 'session-form' }, h('h3', t('trainingNewSession')), apiForm({
    fields: [
      field({ path: 'courseId', title: t('trainingCourse'), type: 'select', required: true, options: courses.map((c) => ({ value: c.id, text: c.title })) }),
      field({ path: 'startsAt', title: t('trainingStartsAt'), type: 'datetime-local', required: true }),
      field({ path: 'place', title: t('trainingPlace'), required: true }),
      field({ path: 'capacity', title: t('trainingPlaces'), type: 'number', min: 1, required: true }),
      field({ path: 'trainer', title: t('trainingTrainer'), required: true }),
    ],
    submitText: t('save'),
    submit: ({ startsAt, ...values }) => post('/training-sessions', { ...values, startsAtMillis: startsAt ? Date.parse(localToISO(startsAt)) : undefined }),
    onDone: () => { toast(t('saved'), 'success'); onDone(); },
  }));
}

async function staffRecord(slot, id, courses, ctx) {
  const r = await get(`/staff/${id}/training`);
  fill(slot,
    h('h3', r.name),
    h('h4', t('trainingCoursesStudied')),
    r.courses.length ? h('ul', r.courses.map((c) => h('li', `${c.title || c.courseId}: ${c.percent}%`))) : h('p.muted', t('none')),
    h('h4', t('trainingSessionsOf')),
    r.sessions.length ? h('ul', r.sessions.map((s) => h('li', `${s.courseTitle || s.sessionId} · ${s.startsAt ? dateTime(s.startsAt) : ''} · ${s.attended ? t('trainingAttended') : t('trainingRegistered')}`))) : h('p.muted', t('none')),
    h('h4', t('trainingCertificates')),
    r.certificates.length ? h('ul#certificate-list', r.certificates.map((c) => h('li', facts([[t('trainingCertificateNumber'), c.number], [t('trainingCourse'), c.courseTitle], [t('trainingIssuedOn'), c.issuedOn]]))))
      : h('p.muted', t('none')),
    ctx.can('training.record') ? h('div', { id: 'training-record-form' }, h('h4', t('trainingRecordIt')), apiForm({
      fields: [
        field({ path: 'kind', title: t('trainingRecordKind'), type: 'select', required: true,
          options: [{ value: 'progress', text: t('trainingProgress') }, { value: 'certificate', text: t('trainingCertificate') }] }),
        field({ path: 'courseId', title: t('trainingCourse'), type: 'select', required: true, options: courses.map((c) => ({ value: c.id, text: c.title })) }),
        field({ path: 'percent', title: t('trainingPercent'), type: 'number', min: 0, max: 100 }),
        h('div.field-row', field({ path: 'certificateNumber', title: t('trainingCertificateNumber') }), field({ path: 'issuedOn', title: t('trainingIssuedOn'), type: 'date' })),
      ],
      submitText: t('save'),
      submit: (values) => post(`/staff/${id}/training`, values),
      onDone: async () => { toast(t('saved'), 'success'); await staffRecord(slot, id, courses, ctx); },
    })) : null);
}

export async function render(view, ctx) {
  const own = ctx.me.account.staffId;
  const [courses, sessions, staff] = await Promise.all([
    get('/courses').then((p) => p.items),
    get('/training-sessions').then((p) => p.items),
    ctx.can('registry.read') && ctx.can('training.record') ? all('/staff', {}, 5000).then((p) => p.items) : Promise.resolve([]),
  ]);
  const redraw = () => render(view, ctx);
  const authoring = ctx.can('training.write') && ctx.me.node.role !== 'community';
  const recordSlot = h('div', { id: 'staff-training' });
  const staffPick = staff.length ? h('select.form-select', { id: 'staff-pick', 'aria-label': t('staffMember'),
    onchange: () => staffPick.value && staffRecord(recordSlot, staffPick.value, courses, ctx).catch((e) => fill(recordSlot, h('p.notice.notice-error', messageOf(e)))) },
  h('option', { value: '' }, t('choose')), staff.map((p) => h('option', { value: p.id }, p.name))) : null;
  fill(view, heading(t('screenTraining')),
    h('section', { id: 'training-courses' }, h('h2', t('trainingCourses')), courseList(courses), authoring ? courseForm(redraw) : null),
    h('section', { id: 'training-sessions' }, h('h2', t('trainingSessions')), sessionList(sessions, staff, ctx, redraw),
      ctx.can('training.write') && courses.length ? sessionForm(courses, redraw) : null),
    h('section', { id: 'training-record' }, h('h2', t('trainingRecord')), staffPick, recordSlot));
  if (!staff.length && own) await staffRecord(recordSlot, own, courses, ctx);
}
