// Messages, progress and the copy dialog: what the page tells the user.
import { t, hasKey } from '../i18n.js';
import { h, $, replace } from '../ui/dom.js';

/**
 * Shows a message. `text` and `detail` are strings or functions returning one: functions
 * are called again when the language changes, so a message follows the switch.
 */
export function notify(kind, text, detail) {
  const box = $('messages');
  const label = (x) => (typeof x === 'function' ? x() : x);
  const textEl = h('span', { class: 'message-text' }, label(text));
  const detailEl = detail ? h('span', { class: 'message-detail' }, label(detail)) : null;
  const close = h('button', { type: 'button', class: 'quiet small message-close', 'aria-label': t('message.dismiss'), title: t('message.dismiss'), onclick: () => msg.remove() }, '×');
  const msg = h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', {}, textEl, detailEl ? [' ', detailEl] : null), close);
  relabels.set(msg, () => {
    textEl.textContent = label(text);
    if (detailEl) detailEl.textContent = label(detail);
    close.setAttribute('aria-label', t('message.dismiss'));
    close.title = t('message.dismiss');
  });
  box.appendChild(msg);
  if (kind === 'ok') setTimeout(() => msg.remove(), 6000);
  return msg;
}

/** How each message on screen redraws its text in the current language. */
const relabels = new WeakMap();

export function relabelMessages() {
  for (const msg of $('messages').children) relabels.get(msg)?.();
}

export function clearMessages() {
  replace($('messages'));
}

export function showError(err) {
  console.error(err);
  const message = err && err.message ? err.message : String(err);
  notify('error', () => t('error.unexpected'), message);
}

export function progress(text, read, total) {
  const box = $('progress');
  if (text === null) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  $('progress-text').textContent = text;
  const bar = $('progress-bar');
  if (typeof read === 'number' && total > 0) {
    bar.max = total;
    bar.value = read;
  } else {
    bar.removeAttribute('value');
  }
}

export function showCopyDialog(text, what) {
  const dlg = $('copy-dialog');
  $('copy-title').textContent = t('copy.dialogTitle', { what });
  const area = $('copy-text');
  area.value = text;
  if (!dlg.open) dlg.showModal();
  area.focus();
  area.select();
}

/**
 * An engine error in the page's language: a refusal with a code the page knows is worded
 * from i18n (`code.<name>`, with its parameters) after its place (file:line:column and
 * JSON pointer); anything else keeps the engine's English message. A function, so that
 * the message follows a language switch.
 */
export function wordError(e) {
  const english = e && e.message ? e.message : String(e);
  if (!e || !e.code || !hasKey(`code.${e.code}`)) return english;
  return () => {
    const p = e.place || {};
    const where = [p.file, p.line, p.column].filter((x) => x !== null && x !== undefined && x !== '').join(':');
    const params = { ...e.params };
    if (params.looks) params.hint = t(`code.not_utf8.${params.looks}`);
    for (const k of ['what', 'relation']) if (params[k]) params[k] = t(`code.${k}.${params[k]}`);
    if (e.code === 'duplicate_figure') params.kind = t(`kind.${params.kind}`);
    // The English phrase of what was expected, in Chinese where there is one.
    if (params.expected) {
      const word = t(`expect.${params.expected}`);
      if (word !== `expect.${params.expected}`) params.expected = word;
    }
    return [where, p.pointer || null, t(`code.${e.code}`, params)].filter(Boolean).join(': ');
  };
}
