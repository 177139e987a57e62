// Every instant is shown in China Standard Time, whatever the browser's own zone.
import { lang } from './i18n.js';

const zone = 'Asia/Shanghai';
const formats = new Map();

function formatter(kind) {
  const key = `${lang()}:${kind}`;
  if (!formats.has(key)) {
    const options = {
      datetime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
      date: { year: 'numeric', month: '2-digit', day: '2-digit' },
    }[kind];
    formats.set(key, new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { ...options, timeZone: zone }));
  }
  return formats.get(key);
}

function parts(value, kind) {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return formatter(kind).format(date);
}

export const dateTime = (value) => parts(value, 'datetime');
export const time = (value) => parts(value, 'time');
export const day = (value) => parts(value, 'date');

/** Today's date in China Standard Time, as YYYY-MM-DD. */
export function todayCST(now = new Date()) {
  const shifted = new Date(now.getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}

/** A datetime-local input's value (taken as CST) as ISO 8601 with +08:00. */
export function localToISO(value) {
  if (!value) return undefined;
  return (value.length === 16 ? value + ':00' : value) + '+08:00';
}

/** Minutes or hours since an instant, for "waiting for" columns. */
export function since(value, now = Date.now()) {
  const minutes = Math.round((now - new Date(value).getTime()) / 60000);
  if (minutes < 60) return `${minutes} ${lang() === 'zh' ? '分钟' : 'min'}`;
  const hours = Math.floor(minutes / 60);
  return lang() === 'zh' ? `${hours} 小时 ${minutes % 60} 分` : `${hours} h ${minutes % 60} min`;
}

export const number = (value, digits = 0) =>
  value === null || value === undefined ? '—' : Number(value).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export const percent = (value) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
