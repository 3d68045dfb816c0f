// The URL fragment: the loaded plans (deflate-raw + base64url) and the view, so that a
// copied link reproduces what is on screen:
// #plan=<deflate-raw+base64url>&…&tab=checks&status=fail&chart=trend&cind=bio_output
// The editor's part of the chart spec (text, series, annotations, y_axis; the rest of the
// spec is in chart=, cind=, careas=…) travels as cspec=<deflate-raw+base64url of its JSON>.
import { detectLang, t } from '../i18n.js';
import { encodePlan, decodePlan, buildFragment, canCompress } from '../ui/share.js';
import { app, VIEW_KEYS } from './state.js';
import { notify } from './messages.js';

const LINK_WARN = 32 * 1024;
const LINK_MAX = 1536 * 1024;
// Plan JSON deflates 4–6:1 (real plans) to 12:1 (generated national ones), never 16:1:
// texts longer than this in all cannot fit a link.
const LINK_TEXT_MAX = LINK_MAX * 16;

export { LINK_WARN, LINK_MAX };

const encodedCache = new Map();
/** The fragment this page wrote last (a hashchange to it is not a navigation). */
export let writtenHash = null;

/** The editor's spec JSON → its compressed link value (compression is asynchronous). */
const packedSpecs = new Map();

/** Compresses the editor's spec for the link, then writes the fragment again. */
async function packSpec(text) {
  if (packedSpecs.has(text) || !canCompress()) return;
  packedSpecs.set(text, null);
  packedSpecs.set(text, await encodePlan(text));
  if (app.state.cspec === text) writeFragment();
}

function viewParams() {
  const out = {};
  for (const k of VIEW_KEYS) {
    const v = app.state[k];
    if (v === undefined || v === null || v === '') continue;
    if (k === 'cspec') {
      // Written once compressed (packSpec writes the fragment again then).
      if (packedSpecs.get(v)) out.cspec = packedSpecs.get(v);
      else packSpec(v);
      continue;
    }
    if (k === 'tab' && v === 'checks') continue;
    if (k === 'lang' && v === detectLang()) continue;
    out[k] = v;
  }
  return out;
}

function isOnlyDefault(sources) {
  const defaultPlan = app.engine.defaultPlan;
  return sources.length === 1 && defaultPlan && sources[0][0] === defaultPlan.name && sources[0][1] === defaultPlan.text;
}

/**
 * Compresses the loaded plans for the fragment (cached by text). Plans too long to ever
 * fit a link are neither copied out of the worker nor compressed (a 40 MB plan cost
 * seconds on every refresh): app.planValues is then null and app.planTooBig true.
 */
export async function updatePlanValues() {
  if (app.state.cspec) await packSpec(app.state.cspec);
  const sources = await app.engine.sources(LINK_TEXT_MAX);
  app.planTooBig = sources === null;
  if (app.planTooBig) {
    app.planValues = null;
    return;
  }
  if (isOnlyDefault(sources)) {
    app.planValues = [];
    return;
  }
  if (!canCompress()) {
    app.planValues = null;
    return;
  }
  const values = [];
  const defaultPlan = app.engine.defaultPlan;
  for (const [name, text] of sources) {
    if (defaultPlan && name === defaultPlan.name && text === defaultPlan.text) {
      values.push('default');
      continue;
    }
    if (!encodedCache.has(text)) encodedCache.set(text, await encodePlan(text));
    values.push(encodedCache.get(text));
  }
  app.planValues = values;
}

export function fragment() {
  return buildFragment(app.planValues || [], viewParams());
}

export function writeFragment() {
  let frag = fragment();
  if (frag.length > LINK_MAX) frag = buildFragment([], viewParams());
  const base = location.href.split('#')[0];
  if (frag === (location.hash || '')) return;
  writtenHash = frag;
  try {
    history.replaceState(null, '', frag || base);
  } catch {
    // Some browsers refuse replaceState on file: URLs; the share button still works.
  }
}

export function planNameFor(text, index, taken) {
  let name = `shared-${index + 1}.json`;
  try {
    const id = JSON.parse(text)?.plan?.id;
    if (typeof id === 'string' && id.trim()) name = `${id.trim().replace(/[\\/:*?"<>|\s]+/g, '_')}.json`;
  } catch {
    // The engine reports the syntax error with its place.
  }
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = name.replace(/\.json$/, `-${n}.json`);
  taken.add(unique);
  return unique;
}


// The editor's part of the chart spec, as the link may carry it: each key, its type.
const TEXT = ['title', 'subtitle', 'notes', 'source', 'credit', 'alt'];
const isStr = (v) => typeof v === 'string';
const isYear = (v) => Number.isInteger(v);
const SHAPE = {
  y_axis: (v) => v === 'zero' || v === 'fit',
  text: { ...Object.fromEntries(TEXT.map((k) => [k, isStr])) },
  series: [{ area: isStr, plan: isStr, color: (v) => Number.isInteger(v) && v >= 0, highlight: (v) => typeof v === 'boolean', label: isStr }],
  annotations: [{ area: isStr, year: isYear, plan: isStr, text: isStr }],
};

/** The first place (JSON pointer) where `value` leaves `shape`, with why; null when it fits. */
function misfit(value, shape, pointer) {
  if (typeof shape === 'function') return shape(value) ? null : ['type', pointer];
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return ['type', pointer];
    for (let i = 0; i < value.length; i++) {
      const bad = misfit(value[i], shape[0], `${pointer}/${i}`);
      if (bad) return bad;
    }
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['type', pointer || '/'];
  for (const [k, v] of Object.entries(value)) {
    const at = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!(k in shape)) return ['unknown', at];
    const bad = misfit(v, shape[k], at);
    if (bad) return bad;
  }
  return null;
}

/** The longest cspec= value read (compressed); the editor's words fit in far less. */
const SPEC_LINK_MAX = 32 * 1024;

/**
 * A link's cspec= value → the editor's spec as JSON text, or '' after telling the user
 * why it was refused (the key, and the JSON pointer of the first thing wrong).
 */
export async function readSpecValue(value) {
  if (!value) return '';
  let why;
  try {
    if (value.length > SPEC_LINK_MAX) throw new Error(t('chartSpec.damaged'));
    let text;
    try {
      text = await decodePlan(value);
    } catch {
      throw new Error(t('chartSpec.damaged'));
    }
    if (text.length > SPEC_LINK_MAX * 8) throw new Error(t('chartSpec.damaged'));
    let spec;
    try {
      spec = JSON.parse(text);
    } catch {
      throw new Error(t('chartSpec.json'));
    }
    const bad = misfit(spec, SHAPE, '');
    if (!bad) return JSON.stringify(spec);
    why = t(bad[0] === 'unknown' ? 'chartSpec.unknown' : 'chartSpec.type', { pointer: bad[1] });
  } catch (e) {
    why = e.message;
  }
  notify('error', () => t('error.chartSpec', { message: why }));
  return '';
}
