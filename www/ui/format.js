// Number, interval and status formatting for tables and captions.
import { getLang } from '../i18n.js';

const MINUS = '\u2212';
let cached = { lang: '', fmt: null };

function numberFormat() {
  const lang = getLang();
  if (cached.lang !== lang) {
    cached = {
      lang,
      fmt: new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 12, useGrouping: true }),
    };
  }
  return cached.fmt;
}

/**
 * A number with grouping and a true minus sign. What Intl.NumberFormat writes (zh-CN and
 * en-GB both group by three with "," and write "."): it rounds the shortest decimal form
 * to 12 places, so when that form has at most 12 and no exponent, grouping its digits
 * gives the same text without creating a formatter (the first zh-CN one costs tens of
 * milliseconds, on the way to the first table and chart).
 */
export function fmtNum(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  const m = /^(\d+)(\.\d{1,12})?$/.exec(String(Math.abs(n)));
  const s = m ? m[1].replace(/\B(?=(\d{3})+$)/g, ',') + (m[2] || '') : numberFormat().format(Math.abs(n));
  return n < 0 ? MINUS + s : s;
}

/** True when v is an interval `{min?, max?}`. */
export function isInterval(v) {
  return v !== null && typeof v === 'object' && ('min' in v || 'max' in v);
}

/** A value of a finding or a cell: a number, an interval (10–12, ≥1000, ≤5) or null. */
export function fmtValue(v, approx) {
  if (v === null || v === undefined) return '—';
  const pre = approx ? '≈' : '';
  if (typeof v === 'number') return pre + fmtNum(v);
  if (isInterval(v)) {
    const hasMin = typeof v.min === 'number';
    const hasMax = typeof v.max === 'number';
    if (hasMin && hasMax) return v.min === v.max ? pre + fmtNum(v.min) : `${pre}${fmtNum(v.min)}–${fmtNum(v.max)}`;
    if (hasMin) return `${pre}≥${fmtNum(v.min)}`;
    if (hasMax) return `${pre}≤${fmtNum(v.max)}`;
  }
  return String(v);
}

/** A signed difference: +100, −100, 0. */
export function fmtDiff(d) {
  if (typeof d !== 'number') return '—';
  if (d === 0) return '0';
  return (d > 0 ? '+' : '') + fmtNum(d);
}

/** A percentage with one decimal: 4.0%, +7.1% when signed. */
export function fmtPct(p, signed) {
  if (typeof p !== 'number') return '';
  const s = fmtNum(Math.round(p * 10) / 10);
  return (signed && p > 0 ? '+' : '') + s + '%';
}

/** Bytes as 12 KB / 1.4 MB. */
export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
