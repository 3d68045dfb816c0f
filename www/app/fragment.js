// The URL fragment: the loaded plans (deflate-raw + base64url) and the view, so that a
// copied link reproduces what is on screen:
// #plan=<deflate-raw+base64url>&…&tab=checks&status=fail&chart=trend&cind=bio_output
import { detectLang } from '../i18n.js';
import { encodePlan, buildFragment, canCompress } from '../ui/share.js';
import { app, VIEW_KEYS } from './state.js';

const LINK_WARN = 32 * 1024;
const LINK_MAX = 1536 * 1024;
// Plan JSON deflates 4–6:1 (real plans) to 12:1 (generated national ones), never 16:1:
// texts longer than this in all cannot fit a link.
const LINK_TEXT_MAX = LINK_MAX * 16;

export { LINK_WARN, LINK_MAX };

const encodedCache = new Map();
/** The fragment this page wrote last (a hashchange to it is not a navigation). */
export let writtenHash = null;

function viewParams() {
  const out = {};
  for (const k of VIEW_KEYS) {
    const v = app.state[k];
    if (v === undefined || v === null || v === '') continue;
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

