// DOM helpers. Every piece of text from a plan goes into the page through these
// functions as text (createTextNode / setAttribute), never as markup. The only markup
// the page inserts is the engine's SVG, parsed by `svgNode` with DOMParser.

const URL_ATTRS = new Set(['href', 'src', 'xlink:href', 'action', 'formaction']);

/**
 * Creates an element. `attrs` keys: `class`, any attribute (set with setAttribute),
 * `on<event>` with a function value (addEventListener), `dataset` (object),
 * `props` (object of DOM properties, e.g. value, checked).
 * Children: strings and numbers become text nodes; arrays are flattened; null,
 * undefined and false are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), guard(value));
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[k] = String(v);
    } else if (key === 'props') {
      Object.assign(el, value);
    } else {
      const name = key.toLowerCase();
      if (name.startsWith('on')) throw new Error(`refused event handler attribute ${key}`);
      const text = value === true ? '' : String(value);
      if (URL_ATTRS.has(name) && !/^(blob:|data:image\/|#)/i.test(text)) {
        throw new Error(`refused URL in ${key}`);
      }
      el.setAttribute(key, text);
    }
  }
}

/** Appends children (text as text nodes). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** `document.getElementById`, throwing when the element is missing. */
export function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
}

let errorSink = (err) => console.error(err);
/** Where errors thrown inside event handlers go (the page's message area). */
export function setErrorSink(fn) {
  errorSink = fn;
}

/** Wraps an event handler so an exception (or a rejected promise) is shown, never lost. */
export function guard(fn) {
  return function guarded(...args) {
    try {
      const out = fn.apply(this, args);
      if (out && typeof out.then === 'function') out.catch((e) => errorSink(e));
      return out;
    } catch (e) {
      errorSink(e);
      return undefined;
    }
  };
}

/** Adds a guarded event listener. */
export function on(el, type, fn, opts) {
  el.addEventListener(type, guard(fn), opts);
}

/**
 * Parses an SVG document string (the engine's output) into a node of this document.
 * Anything that could run code is removed, as a second line of defence: the engine
 * escapes plan text already.
 */
export function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) {
    throw new Error('the chart is not valid SVG');
  }
  for (const bad of Array.from(root.querySelectorAll('script, foreignObject, iframe, object, embed'))) bad.remove();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of Array.from(el.attributes)) {
      const n = attr.name.toLowerCase();
      if (n.startsWith('on')) el.removeAttribute(attr.name);
      else if ((n === 'href' || n === 'xlink:href') && !attr.value.startsWith('#')) el.removeAttribute(attr.name);
    }
  }
  return document.importNode(root, true);
}

/** Offers a Blob as a download. */
export function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Lets the browser paint (a spinner, a progress bar) before a long synchronous call. */
export function nextPaint() {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (!done) {
        done = true;
        setTimeout(resolve, 0);
      }
    };
    requestAnimationFrame(go);
    setTimeout(go, 80); // rAF does not fire in a hidden tab
  });
}

/** A select element from [value, label] pairs. */
export function select(attrs, options, current) {
  const el = h('select', attrs);
  for (const [value, label] of options) {
    const opt = h('option', { value }, label);
    if (String(value) === String(current ?? '')) opt.selected = true;
    el.appendChild(opt);
  }
  return el;
}

/** Calls fn at most once per `ms` of quiet. */
export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(guard(() => fn(...args)), ms);
  };
}
