// Builds elements without innerHTML, so text from the API can never become markup.

/** h('button.btn.btn-primary', {onclick, type: 'button'}, 'text', child…) */
export function h(tag, props, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.classList.add(...classes);
  // Anything but a plain object in second place is a child, 0 and '' included.
  if (props !== undefined && props !== null && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'class') el.classList.add(...String(value).split(/\s+/).filter(Boolean));
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** A short-lived message at the corner of the screen. */
export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  const item = h(`div.toast-item.toast-${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 9000 : 4000);
}

/** A modal dialog; resolves when closed. Escape closes it, focus returns where it was. */
export function dialog(title, body, { wide = false } = {}) {
  const back = document.activeElement;
  const close = h('button.btn.btn-outline-secondary.dialog-close', { type: 'button', 'aria-label': '×' }, '×');
  const el = h('dialog.sheet' + (wide ? '.sheet-wide' : ''), { 'aria-label': title },
    h('div.sheet-head', h('h2', title), close), h('div.sheet-body', body));
  document.body.append(el);
  close.addEventListener('click', () => el.close());
  el.showModal();
  return {
    el,
    close: () => el.close(),
    closed: new Promise((resolve) => el.addEventListener('close', () => { el.remove(); back?.focus?.(); resolve(); })),
  };
}
