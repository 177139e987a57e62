// The forms a caregiver fills at the elder's home: completion (items, duration, photos taken
// before and after) and the elder's rating (stars, comment, an optional voice recording).
import { h, fill, toast } from '../dom.js';
import { t, label } from '../i18n.js';
import { apiForm, field } from '../form.js';
import { sendStep } from '../outbox.js';
import { record } from '../recorder.js';

/** Photos are made smaller on the phone first: a camera's 8 MB picture is slow on a weak network. */
async function shrink(file) {
  if (file.size < 1.5 * 1024 * 1024 || !window.createImageBitmap) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = h('canvas', { width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale) });
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob((blob) => resolve(blob || file), 'image/jpeg', 0.85));
  } catch {
    return file;
  }
}

function photoPicker(stage) {
  const id = `photo-${stage}-${Math.random().toString(36).slice(2, 8)}`;
  const input = h('input.form-control', { type: 'file', id, accept: 'image/jpeg,image/png,image/webp', capture: 'environment', multiple: true, dataset: { stage } });
  const previews = h('div.previews');
  input.addEventListener('change', () => fill(previews, [...input.files].map((file) => h('img.preview', { src: URL.createObjectURL(file), alt: file.name }))));
  return h('div.field', h('label.form-label', { for: id }, t(stage === 'before' ? 'photosBefore' : 'photosAfter')), input, previews);
}

export function completionForm(order, done) {
  const pickers = [photoPicker('before'), photoPicker('after')];
  return apiForm({
    fields: [
      field({ path: 'items', title: t('serviceItems'), type: 'textarea', hint: t('itemsHint') }),
      field({ path: 'durationMinutes', title: t('durationMinutes'), type: 'number', min: 1, max: 1440, hint: t('durationHint'), inputmode: 'numeric' }),
    ],
    extra: [h('fieldset.photos', h('legend', t('photos')), pickers, h('div.field-error', { role: 'alert', dataset: { errorFor: 'photos' } }))],
    submitText: t('completeVisit'),
    submit: async (values, form) => {
      // The photos go with the step: uploaded first, or kept on the phone with it when offline.
      const photos = [];
      for (const input of form.querySelectorAll('input[type=file]')) {
        for (const file of input.files) photos.push({ blob: await shrink(file), stage: input.dataset.stage });
      }
      const body = { kind: 'complete' };
      if (values.items) body.items = values.items.split(/\n|[,，;；、]/).map((item) => item.trim()).filter(Boolean);
      if (values.durationMinutes !== undefined) body.durationMinutes = values.durationMinutes;
      const outcome = await sendStep(order.id, body, photos);
      toast(outcome.queued ? t('stepQueued') : t('stepDone', { step: label('orderEvent', 'complete') }), outcome.queued ? 'warning' : 'success');
      return outcome;
    },
    onDone: done,
  });
}

export function ratingForm(order, done) {
  let recording = null;
  let voice = null;
  const voiceState = h('span.muted', { role: 'status' });
  const voiceButton = h('button.btn.btn-outline-danger.btn-lg', { type: 'button', onclick: async () => {
    try {
      if (!recording) {
        recording = await record();
        voiceButton.textContent = t('stopRecording');
        voiceState.textContent = t('recording');
      } else {
        voice = await recording.stop();
        recording = null;
        voiceButton.textContent = t('recordAgain');
        voiceState.replaceChildren(h('audio', { controls: true, src: URL.createObjectURL(voice) }));
      }
    } catch (error) {
      voiceState.textContent = t('noMicrophone', { reason: error.message });
    }
  } }, t('recordVoice'));
  const scores = (path, title, required) => field({ path, title, type: 'select', required,
    options: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), text: '★'.repeat(n) + ` ${n}` })) });
  return apiForm({
    fields: [
      scores('rating.stars', t('stars'), true),
      h('div.field-row', scores('rating.attitude', t('attitude')), scores('rating.quality', t('quality')), scores('rating.punctuality', t('punctuality'))),
      field({ path: 'rating.rater', title: t('rater'), table: 'evaluator', value: 'elder' }),
      field({ path: 'rating.comment', title: t('comment'), type: 'textarea' }),
    ],
    extra: [h('div.field', h('span.form-label', t('voiceRating')), h('div.voice', voiceButton, voiceState), h('div.field-error', { dataset: { errorFor: 'rating.voice' } }))],
    submitText: t('saveRating'),
    submit: async (values) => {
      const rating = { ...values.rating };
      for (const key of ['stars', 'attitude', 'quality', 'punctuality']) if (rating[key] !== undefined) rating[key] = Number(rating[key]);
      const outcome = await sendStep(order.id, { kind: 'rate', rating }, voice ? [{ blob: voice, voice: true }] : []);
      toast(outcome.queued ? t('stepQueued') : t('stepDone', { step: label('orderEvent', 'rate') }), outcome.queued ? 'warning' : 'success');
      return outcome;
    },
    onDone: done,
  });
}
