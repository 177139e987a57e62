// The alert sound (声音播报): a two-tone beep made with Web Audio, so no sound file has to be
// shipped. Browsers only play sound after the operator has touched the page once; until
// then the pop-up says so and the first key or click unlocks it.
let context = null;
let played = 0;

function audio() {
  if (!context) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    context = new Context();
  }
  return context;
}

export function unlock() {
  const ctx = audio();
  if (ctx && ctx.state === 'suspended') ctx.resume();
}

export const canPlay = () => Boolean(context && context.state === 'running');

/** Plays three rising beeps; records the count on <body data-alert-sounds> for monitoring. */
export async function alarm() {
  const ctx = audio();
  if (!ctx) return false;
  if (ctx.state === 'suspended') {
    try { await ctx.resume(); } catch { return false; }
  }
  if (ctx.state !== 'running') return false;
  const start = ctx.currentTime + 0.02;
  [880, 1175, 1568].forEach((frequency, index) => {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    const at = start + index * 0.28;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.24);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.26);
  });
  played += 1;
  document.body.dataset.alertSounds = String(played);
  return true;
}

for (const event of ['pointerdown', 'keydown']) window.addEventListener(event, unlock, { capture: true });
