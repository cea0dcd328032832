/* coursekit: the learner's journey across the course, all in this browser: on every page, the
   navigation's marks and « Continuer » ([[continue]]); for « Ma progression » (progress.js), what
   the saved results say of each lesson (ck.progress) and every key the course saves under (ck.keys).
   The build writes a manifest (the lessons that count, in the navigation's order, and the
   storage keys of what each embeds) and names it in a <script type="application/json" src>,
   which the browser neither fetches nor runs: ck.course() fetches it once. Progress is read
   from the saved results through ck.storage, plus one record of the journey's own:
   {v: 1, read: [lesson urls], won: {quiz key: 1}, ends: {scenario key: {o: outcome, s: score}}} */
const T = ck.t, fmt = ck.fmt, el = ck.el;
const OUTCOMES = ["kept", "strained", "damaged"];
let course = null;

ck.course = () => course || (course = (async () => {
  /* the page names the manifest after the script: wait until it is parsed */
  if (document.readyState === "loading") await new Promise((ok) => document.addEventListener("DOMContentLoaded", ok, { once: true }));
  const tag = document.querySelector('script[type="application/json"][src*="/coursekit/course."]');
  if (!tag) return null;
  try {
    const m = await (await fetch(tag.src)).json();
    const base = new URL("../../", tag.src);
    m.lessons.forEach((l) => { l.href = new URL(l.url, base).href; });
    m.home = base.href;
    return m;
  } catch (e) {
    return null;
  }
})());

const here = () => location.href.replace(/[?#].*$/, "");
const recordKey = (m) => `ck:${m.ns}:journey`;
const record = (m) => {
  const d = ck.storage.get(recordKey(m));
  return d && d.v === 1 && Array.isArray(d.read) ? { won: {}, ends: {}, ...d } : { v: 1, read: [], won: {}, ends: {} };
};
/* Every key this course saves under: what an export carries and a reset clears. With the results,
   the questions to review again (quiz.js: ck.mistakes) and the name the attestation is made out to. */
ck.keys = (m) => [recordKey(m), `ck:${m.ns}:mistakes`, `ck:${m.ns}:name`,
  ...m.lessons.flatMap((l) => l.items.flatMap((i) => (i.kind === "quiz" ? [i.key, i.key + ":draft"] : [i.key])))];

const itemState = (item, rec) => {
  const d = ck.storage.get(item.key) || {};
  if (item.kind === "quiz") {
    const best = typeof d.best === "number" ? d.best : null, last = typeof d.pct === "number" && d.at ? d.pct : null;
    return { ...item, done: !!(d.passed || rec.won[item.key]), begun: best !== null || !!ck.storage.get(item.key + ":draft"), last, best };
  }
  if (item.kind === "exam") {
    const n = Array.isArray(d.tries) ? d.tries.length : 0;
    return { ...item, done: !!d.passed, begun: n > 0 || !!d.p, best: n ? d.best : null, tries: n };
  }
  const end = rec.ends[item.key] || null;
  return { ...item, done: Array.isArray(d.f) && d.f.length > 0, begun: Array.isArray(d.p) && d.p.length > 0, best: typeof d.b === "number" ? d.b : null, end };
};
ck.progress = (m) => {
  const rec = record(m);
  const lessons = m.lessons.map((l) => {
    const items = l.items.map((i) => itemState(i, rec)), read = rec.read.includes(l.url);
    const state = read && items.every((i) => i.done) ? "done" : read || items.some((i) => i.begun || i.done) ? "begun" : "todo";
    return { ...l, items, state };
  });
  return { rec, lessons, done: lessons.filter((l) => l.state === "done").length };
};

/* Read: the lesson was opened. A quiz passed once stays passed after « Recommencer ». */
const note = (m, change) => {
  const rec = record(m);
  if (change(rec) !== false) ck.storage.set(recordKey(m), rec);
};
const markNav = (m) => {
  const done = new Set(ck.progress(m).lessons.filter((l) => l.state === "done").map((l) => l.href));
  document.querySelectorAll("a.md-nav__link[href]").forEach((a) => {
    const old = a.querySelector(".ck-navdone"), is = done.has(a.href.replace(/[?#].*$/, ""));
    if (is && !old) {
      const mark = el("span", "ck-navdone");
      mark.append(el("span", "ck-icon", "✓"), el("span", "ck-sr", " " + T.pg_done_mark));
      mark.firstChild.setAttribute("aria-hidden", "true");
      (a.querySelector(".md-ellipsis") || a).append(mark);
    } else if (!is && old) old.remove();
  });
};
/* The links a widget holds by their address from the site's root (data-url: the page's depth is not
   known when a widget is built), made links. */
ck.links = (root, m) => root.querySelectorAll("a[data-url]").forEach((a) => { a.href = new URL(a.dataset.url, m.home).href; });
/* The navigation's marks, « Ma progression » and « Continuer », as the saved results now say. */
ck.refresh = (m) => {
  markNav(m);
  document.querySelectorAll("ck-progress, ck-continue").forEach((w) => w.draw && w.draw());
};
/* Material's drawer, the navigation below 76.25em, where its menu (a button: hosts/a11y.py) is shown.
   Open, the focus goes into it; it closes when the focus leaves it (Tab past its end) or on Escape,
   the focus then back on the menu. Closed, it is hidden (journey.css): no Tab stop out of sight. */
const box = document.getElementById("__drawer"), menu = document.querySelector(".ck-menu");
const side = () => document.querySelector(".md-sidebar--primary");
if (menu) {
  menu.onclick = () => box.click();
  box.onchange = () => {
    const s = side();
    menu.ariaExpanded = box.checked;
    (box.checked ? s?.querySelector("a") : s?.contains(document.activeElement) && menu)?.focus?.();
  };
  document.addEventListener("keydown", (e) => e.key === "Escape" && box.checked && box.click());
  document.addEventListener("focusin", (e) => box.checked && !side()?.contains(e.target) && box.click());
}
const onPage = async () => {
  if (menu) menu.ariaExpanded = box.checked; // Material closes the drawer as it follows a link
  const m = await ck.course();
  if (!m) return;
  const lesson = m.lessons.find((l) => l.href === here());
  if (lesson) note(m, (rec) => (rec.read.includes(lesson.url) ? false : rec.read.push(lesson.url)));
  ck.links(document, m);
  ck.refresh(m);
};
document.addEventListener("coursekit:quiz", async (e) => {
  const m = await ck.course();
  if (!m) return;
  if (e.detail.passed) note(m, (rec) => (rec.won[e.detail.key] ? false : (rec.won[e.detail.key] = 1)));
  markNav(m);
});
document.addEventListener("coursekit:scenario", async (e) => {
  const m = await ck.course(), d = e.detail;
  if (!m || d.restored) return;
  note(m, (rec) => {
    const old = rec.ends[d.key];
    if (old && (old.s > d.score || (old.s === d.score && OUTCOMES.indexOf(old.o) <= OUTCOMES.indexOf(d.outcome)))) return false;
    rec.ends[d.key] = { o: d.outcome, s: d.score };
  });
  markNav(m);
});
/* Material's instant navigation replaces the page's content and navigation: mark them again each time. */
if (window.document$ && window.document$.subscribe) window.document$.subscribe(onPage);
else onPage();

/* The lesson after this page, for the quiz's « Leçon suivante ». */
ck.nextLesson = async () => {
  const m = await ck.course(), at = m ? m.lessons.findIndex((l) => l.href === here()) : -1;
  return at >= 0 ? m.lessons[at + 1] || null : null;
};

ck.elements["ck-continue"] = class Continue extends HTMLElement {
  async connectedCallback() {
    if (this.m !== undefined) return;
    this.m = null;
    this.m = await ck.course();
    if (this.m && this.m.lessons.length) {
      this.classList.add("ck-ready");
      this.draw();
    }
  }
  draw() {
    if (!this.m) return;
    const p = ck.progress(this.m), next = p.lessons.find((l) => l.state !== "done");
    const go = this.querySelector(".ck-continue__go"), done = this.querySelector(".ck-continue__done");
    go.hidden = !next;
    done.hidden = !!next;
    if (next) {
      go.href = next.href;
      go.textContent = p.lessons.some((l) => l.state !== "todo") ? fmt(T.pg_continue, { title: next.title }) : T.pg_start;
    }
  }
};
