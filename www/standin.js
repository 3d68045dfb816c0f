// The stand-in's keeper (dist/planlens.html only): scripts/build-page.mjs inlines it right
// after the stand-in, the default plan's first detail chart drawn by the engine at build
// time for a wide zh-CN page in the light scheme (scripts/standin.mjs). It runs before
// the first paint and drops the stand-in unless this page is that one: no fragment (a
// link opens other plans and views), Chinese first (i18n.js) and the light scheme. It
// asks nothing of the layout (that would lay the page out before its first paint): a
// detail column narrower than the chart hides it (style.css, a container query). A
// stand-in that stays is labelled as the page labels its charts (ui/chart.js
// labelChart); the page hands it to the engine's drawing of the same spec (takeStandin),
// which a narrower column does not ask for.
import { detectLang } from './i18n.js';
import { systemTheme, labelChart } from './ui/chart.js';

const frame = document.getElementById('standin');
const slot = frame && frame.parentNode;
if (slot) {
  if (location.hash || detectLang() !== 'zh' || systemTheme() !== 'light') {
    slot.remove();
  } else {
    labelChart(frame.firstElementChild);
  }
}
