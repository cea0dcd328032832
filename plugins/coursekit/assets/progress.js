/* coursekit: the learner's progress across the course, all in this browser.
   The build writes a manifest (the lessons that count, in the navigation's order, and the
   storage keys of what each embeds) and names it in a <script type="application/json" src>,
   which the browser neither fetches nor runs: ck.course() fetches it once. Progress is read
   from the saved results through ck.storage, plus one record of the journey's own:
   {v: 1, read: [lesson urls], won: {quiz key: 1}, ends: {scenario key: {o: outcome, s: score}}} */
const T = ck.t, fmt = ck.fmt, el = ck.el, num = ck.num;
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
    if (m.progress) m.progress = new URL(m.progress, base).href;
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
/* Every key this course saves under: what an export carries and a reset clears. */
const keys = (m) => [recordKey(m), ...m.lessons.flatMap((l) => l.items.flatMap((i) => (i.kind === "quiz" ? [i.key, i.key + ":draft"] : [i.key])))];

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
const onPage = async () => {
  const m = await ck.course();
  if (!m) return;
  const lesson = m.lessons.find((l) => l.href === here());
  if (lesson) note(m, (rec) => (rec.read.includes(lesson.url) ? false : rec.read.push(lesson.url)));
  markNav(m);
  document.querySelectorAll("ck-progress, ck-continue").forEach((w) => w.draw && w.draw());
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

const pct = (n) => num(Math.round(n));
const score = (n) => (n === null ? T.pg_none : pct(n) + "\u00a0%");
const table = (caption, heads, rows) => {
  const t = el("table", "ck-progress__table"), head = el("tr"), body = el("tbody");
  t.append(el("caption", "ck-sr", caption));
  heads.forEach((h) => { const th = el("th", null, h); th.scope = "col"; head.append(th); });
  rows.forEach((cells) => {
    const tr = el("tr");
    cells.forEach((c, i) => {
      const td = el(i ? "td" : "th");
      if (!i) td.scope = "row";
      td.append(c);
      tr.append(td);
    });
    body.append(tr);
  });
  const thead = el("thead");
  thead.append(head);
  t.append(thead, body);
  return t;
};
const link = (lesson) => {
  const a = el("a", null, lesson.title);
  a.href = lesson.href;
  return a;
};

ck.elements["ck-progress"] = class Progress extends HTMLElement {
  async connectedCallback() {
    if (this.m !== undefined) return;
    this.m = null;
    const q = (s) => this.querySelector(s);
    this.body = q(".ck-progress__body");
    this.status = q(".ck-progress__status");
    this.dialog = q("dialog");
    this.file = q(".ck-progress__file");
    q(".ck-progress__export").addEventListener("click", () => this.export());
    q(".ck-progress__reset").addEventListener("click", () => this.dialog.showModal());
    this.dialog.addEventListener("close", () => { if (this.dialog.returnValue === "reset") this.reset(); });
    this.file.addEventListener("change", () => this.import());
    q(".ck-progress__pick").addEventListener("click", () => this.file.click());
    this.m = await ck.course();
    if (this.m) {
      this.classList.add("ck-ready");
      this.draw();
    }
  }
  draw() {
    const m = this.m;
    if (!m) return;
    const p = ck.progress(m), n = p.lessons.length, out = [];
    const h = (text) => out.push(el("h2", null, text));
    h(T.pg_overall);
    const share = n ? (p.done / n) * 100 : 0, bar = el("progress", "ck-progress__bar");
    bar.max = 100;
    bar.value = share;
    const line = el("p", "ck-progress__percent", fmt(T.pg_percent, { pct: pct(share), n: p.done, s: ck.plural(p.done), of: n }));
    line.id = this.id + "-pct";
    bar.setAttribute("aria-labelledby", line.id);
    out.push(line, bar);
    h(T.pg_lessons);
    out.push(table(T.pg_lessons, [T.pg_lesson, T.pg_state], p.lessons.map((l) => {
      const state = el("span", "ck-state ck-state--" + l.state);
      state.append(el("span", "ck-icon", { done: "✓", begun: "◐", todo: "○" }[l.state]), " " + T["pg_" + l.state]);
      state.firstChild.setAttribute("aria-hidden", "true");
      return [link(l), state];
    })));
    const quizzes = p.lessons.flatMap((l) => l.items.filter((i) => i.kind === "quiz").map((i) => [link(l), score(i.last), score(i.best)]));
    if (quizzes.length) { h(T.pg_quizzes); out.push(table(T.pg_quizzes, [T.pg_lesson, T.pg_last, T.pg_best], quizzes)); }
    const plays = p.lessons.flatMap((l) => l.items.filter((i) => i.kind === "scenario").map((i) => [
      link(l), i.end ? T["sc_" + i.end.o] : T.pg_none, i.best === null ? T.pg_none : num(i.best)]));
    if (plays.length) { h(T.pg_scenarios); out.push(table(T.pg_scenarios, [T.pg_lesson, T.pg_ending, T.pg_best], plays)); }
    if (m.final) {
      h(T.pg_final);
      const lesson = p.lessons.find((l) => l.url === m.final.url), quiz = lesson && lesson.items.find((i) => i.id === m.final.id);
      const para = el("p", "ck-progress__final");
      para.append(link(lesson || { title: m.final.title, href: m.home + m.final.url }), T.sc_colon,
        !quiz || quiz.best === null ? T.pg_final_none : fmt(quiz.done ? T.pg_final_passed : T.pg_final_failed, { pct: pct(quiz.best) }));
      if (quiz && quiz.tries) para.append(fmt(T.pg_final_tries, { n: quiz.tries, s: ck.plural(quiz.tries), of: m.final.attempts }));
      out.push(para);
    }
    this.body.replaceChildren(...out);
  }
  say(text) {
    ck.say(this.status, text);
  }
  export() {
    const m = this.m, data = {};
    keys(m).forEach((k) => { const v = ck.storage.get(k); if (v !== null) data[k] = v; });
    const file = { coursekit: 1, course: m.ns, name: m.name, version: m.version, at: new Date().toISOString(), data };
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" }));
    const a = el("a"), name = `coursekit-${m.ns}-${file.at.slice(0, 10)}.json`;
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.say(fmt(T.pg_exported, { file: name }));
  }
  async import() {
    const m = this.m, chosen = this.file.files[0];
    if (!chosen) return;
    let file = null;
    try { file = JSON.parse(await chosen.text()); } catch (e) { /* said below */ }
    this.file.value = "";
    if (!file || file.coursekit !== 1 || typeof file.data !== "object" || !file.data) return this.say(T.pg_bad_file);
    if (file.course !== m.ns) return this.say(fmt(T.pg_other_course, { name: String(file.name || file.course) }));
    if (file.version !== m.version) {
      const date = new Date(file.at);
      return this.say(fmt(T.pg_other_version, { date: isNaN(date) ? "?" : date.toLocaleDateString(T.lang, { dateStyle: "long" }) }));
    }
    const known = new Set(keys(m));
    keys(m).forEach((k) => ck.storage.remove(k));
    Object.entries(file.data).forEach(([k, v]) => { if (known.has(k)) ck.storage.set(k, v); });
    this.refresh(T.pg_imported);
  }
  reset() {
    keys(this.m).forEach((k) => ck.storage.remove(k));
    this.refresh(T.pg_cleared);
  }
  refresh(text) {
    this.draw();
    markNav(this.m);
    document.querySelectorAll("ck-continue").forEach((w) => w.draw && w.draw());
    this.say(text);
  }
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
