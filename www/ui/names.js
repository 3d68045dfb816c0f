// How the page names a plan: by its document number (深府办〔2010〕98号), else by its
// title (shortened), never by its file id, which only the file's author knows.

/** The longest title shown whole; longer ones are cut with an ellipsis. */
const TITLE_MAX = 30;

/** A plan heading ({doc_no, title, id}) as a reader knows it. */
export function planName(p) {
  if (!p) return '';
  if (p.doc_no) return p.doc_no;
  const title = (p.title || '').trim();
  if (title) return [...title].length > TITLE_MAX ? `${[...title].slice(0, TITLE_MAX - 1).join('')}…` : title;
  return p.id || '';
}

/** The name of the plan with this id among the loaded ones (the id when unknown). */
export function planLabel(app, id) {
  const p = app.names && app.names.plan.get(id);
  return p ? planName(p) : id;
}

/** The full description of a plan, for a tooltip: document number and whole title. */
export function planTitle(p) {
  return p ? [p.doc_no, p.title].filter(Boolean).join(' ') || p.id : '';
}
