/* coursekit: graded quizzes in the learner's browser.
   One custom element per quiz: connectedCallback runs for every quiz that enters
   the page, on first load and after Material's instant navigation alike.
   What differs between question types lives in one strategy object per type
   (questions/*.js, in ck.types): response, restore, grade, show, and reset if it needs one. */
const T = ck.t, fmt = ck.fmt, num = ck.num, el = ck.el, html = ck.html;

/* single, multiple and truefalse: a list of choices (.ck-choice), each right or wrong. */
ck.choices = (multiple) => ({
  response(q) {
    const checked = [...q.node.querySelectorAll("input:checked")].map((i) => +i.value);
    return multiple ? checked : checked.length ? checked[0] : null;
  },
  restore(q, r) {
    const want = new Set([].concat(r));
    q.node.querySelectorAll("input").forEach((i) => { i.checked = want.has(+i.value); });
    return true;
  },
  grade(q, r) {
    const chosen = new Set([].concat(r));
    const ok = q.tokens.map((x, i) => ck.tok(q.quiz.salt, q.id, i, 1) === x); // which choices are correct
    if (multiple && q.partial) {
      const right = ok.filter((c, i) => c && chosen.has(i)).length - ok.filter((c, i) => !c && chosen.has(i)).length;
      return { right: Math.max(0, right), of: ok.filter(Boolean).length, ok };
    }
    return { right: ok.every((c, i) => c === chosen.has(i)) ? 1 : 0, of: 1, ok };
  },
  show(q, r, g, sealed) {
    const chosen = new Set([].concat(r));
    q.node.querySelectorAll(".ck-choice").forEach((li) => {
      // the choice's index in the file, not its place on the page (choices may be shuffled)
      const i = +li.querySelector("input").value, picked = chosen.has(i), good = g.ok[i];
      if (picked) q.mark(li, good ? "right" : "wrong");
      else if (good && q.quiz.reveal) q.mark(li, multiple ? "missed" : "right");
      if (picked && sealed.f && sealed.f[i]) li.append(html("div", "ck-choice__feedback", sealed.f[i]));
    });
  },
});

class Question {
  constructor(quiz, node) {
    this.quiz = quiz;
    this.node = node;
    this.id = node.dataset.q;
    this.type = node.dataset.type;
    this.kind = ck.types[this.type] || null;
    this.points = parseFloat(node.dataset.points);
    this.tokens = node.dataset.t.split(",");
    this.partial = node.hasAttribute("data-partial");
    this.box = node.querySelector(".ck-q__feedback");
    this.list = node.querySelector(".ck-order");
    this.initial = this.list ? [...this.list.children] : null;
  }
  get controls() {
    return [...this.node.querySelectorAll("input, select, textarea, button")];
  }
  response() {
    return this.kind.response(this);
  }
  answered(r) {
    if (Array.isArray(r)) return r.length > 0 && !r.includes(null);
    return r !== null && String(r).trim() !== "";
  }
  restore(r) {
    return this.kind.restore(this, r);
  }
  grade(r) {
    const { right, of, ok } = this.kind.grade(this, r);
    const fraction = right === of ? 1 : this.partial ? right / of : 0;
    return { got: this.points * fraction, max: this.points, ok, fraction };
  }
  /* ok[k]: whether part k (an item's place, a pair) is right, from its token */
  gradeParts(r) {
    const ok = r.map((v, k) => v !== null && ck.tok(this.quiz.salt, this.id, k, v) === this.tokens[k]);
    return { right: ok.filter(Boolean).length, of: ok.length, ok };
  }
  /* Right, partial or wrong, in words and a symbol; with the points unless `points` is false. */
  verdict(g, points = true) {
    const status = g.fraction === 1 ? "right" : g.fraction > 0 ? "partial" : "wrong", v = el("p", "ck-q__verdict ck-q__verdict--" + status);
    const [icon, words] = { right: ["✓", T.right], partial: ["◐", T.partial], wrong: ["✗", T.wrong] }[status];
    this.node.classList.add("ck-q--" + status);
    this.controls.forEach((c) => { c.disabled = true; });
    v.append(el("span", "ck-icon", icon), " ", el("strong", null, words),
      points ? " · " + fmt(T.points, { got: num(g.got), max: num(g.max), s: ck.plural(g.max) }) : "");
    this.box.replaceChildren(v);
    this.box.hidden = false;
  }
  show(r, g) {
    const sealed = ck.unseal(this.quiz.salt, this.id, this.node.dataset.s || ""), box = this.box;
    this.verdict(g);
    this.kind.show(this, r, g, sealed);
    if (sealed.e) box.append(html("div", "ck-q__explanation", sealed.e));
    box.hidden = false;
  }
  mark(node, kind, words) {
    node.classList.add("ck-mark--" + kind);
    const m = el("span", "ck-mark ck-mark--" + kind);
    m.append(el("span", "ck-icon", kind === "wrong" ? "✗" : kind === "missed" ? "○" : "✓"), " " + (words || T["mark_" + kind]));
    node.append(m);
  }
  expectedList(title, tag, count, values, text) {
    const list = el(tag, "ck-q__expected-list");
    for (let k = 0; k < count; k++) {
      const v = this.valueAt(k, values);
      if (v !== null) list.append(html("li", null, text(k, v)));
    }
    this.box.append(el("p", "ck-q__expected", title), list);
  }
  valueAt(k, values) {
    for (let v = 0; v < values; v++) if (ck.tok(this.quiz.salt, this.id, k, v) === this.tokens[k]) return v;
    return null;
  }
  reset() {
    this.node.classList.remove("ck-q--right", "ck-q--wrong", "ck-q--partial");
    this.node.querySelectorAll(".ck-mark, .ck-choice__feedback").forEach((m) => m.remove());
    this.node.querySelectorAll("[class*='ck-mark--']").forEach((n) => n.classList.remove("ck-mark--right", "ck-mark--wrong", "ck-mark--missed"));
    this.controls.forEach((c) => { c.disabled = false; });
    this.node.querySelectorAll("input").forEach((i) => { i.checked = false; if (i.type === "text") i.value = ""; });
    this.node.querySelectorAll("select").forEach((s) => { s.value = ""; });
    if (this.list) this.list.append(...this.initial);
    this.kind.reset?.(this); // what a type adds to the page (rewrite: its model answer)
    this.box.hidden = true;
    this.box.replaceChildren();
  }
}

ck.Question = Question; // for the exam (exam.js), which draws these questions from many quizzes
/* An ordering question's « monter » or « descendre », said in the live region `live`. */
ck.move = (btn, live) => {
  const li = btn.closest("li"), list = li.parentElement;
  const sibling = btn.dataset.move === "-1" ? li.previousElementSibling : li.nextElementSibling;
  if (sibling) {
    if (btn.dataset.move === "-1") sibling.before(li); else sibling.after(li);
    btn.focus();
  }
  const items = [...list.children];
  ck.say(live, fmt(T.moved, { item: li.querySelector(".ck-order__text").textContent, pos: items.indexOf(li) + 1, n: items.length }));
};
/* A form of questions (a quiz, an exam's paper, « Revoir mes erreurs »): `submit` when it is sent,
   the ordering questions' buttons moving their items (said in `live`), `keep` after each change. */
ck.wire = (form, live, submit, keep = () => {}) => {
  form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  form.addEventListener("click", (e) => {
    const btn = e.target.closest(".ck-order__btn");
    if (btn) { ck.move(btn, live); keep(); }
  });
  form.addEventListener("change", keep);
  form.addEventListener("input", keep);
};
/* A quiz's or an exam's result `r` ({got, max, pct, passed}) in `box`: the score, and whether the pass
   mark is reached in words (`words`: [passed, failed]), a symbol and the border's colour. Returns
   what a screen reader is told. */
ck.result = (box, r, pass, words) => {
  const score = fmt(T.score, { got: num(r.got), max: num(r.max), pct: num(Math.round(r.pct)) });
  const verdict = fmt(words[r.passed ? 0 : 1], { pass: num(pass) });
  box.classList.toggle("ck-quiz__result--passed", r.passed);
  box.classList.toggle("ck-quiz__result--failed", !r.passed);
  box.replaceChildren(el("p", "ck-quiz__score", score), el("p", "ck-quiz__verdict", (r.passed ? "✓ " : "✗ ") + verdict));
  box.hidden = false;
  return `${score}. ${verdict}`;
};
/* Questions left blank, before any grading: named in `alert` by their numbers, the first one focused. */
ck.blank = (alert, missing, number) => {
  alert.textContent = fmt(T.missing, { n: missing.length, s: ck.plural(missing.length), list: missing.map(number).join(", ") });
  const first = missing[0].controls[0];
  if (first) first.focus();
};

/* The questions got wrong in the quizzes, for « Revoir mes erreurs » (practice.js): one record of the
   course, {v: 1, w: {quiz id: [question ids]}} under ck:<namespace>:mistakes. Each change
   [quiz id, question id, right] takes a question out (right) or puts it in; the record is returned. */
ck.mistakes = (key, changes = []) => {
  const d = ck.storage.get(key), w = d && d.v === 1 && d.w && typeof d.w === "object" ? d.w : {};
  changes.forEach(([quiz, id, ok]) => {
    const ids = (Array.isArray(w[quiz]) ? w[quiz] : []).filter((x) => x !== id);
    if (!ok) ids.push(id);
    if (ids.length) w[quiz] = ids;
    else delete w[quiz];
  });
  if (changes.length) ck.storage.set(key, { v: 1, w });
  return w;
};

/* {v: 1, a: {question id: response}, at: ISO date, got, max, pct, passed, best} */
const load = (key) => {
  const data = ck.storage.get(key);
  if (data && data.v === 1 && data.a && typeof data.a === "object") return data;
  if (data !== null) ck.storage.remove(key);
  return null;
};

ck.elements["ck-quiz"] = class Quiz extends HTMLElement {
  connectedCallback() {
    if (this.questions) return;
    this.salt = this.dataset.salt;
    this.key = this.dataset.key;
    this.pass = parseFloat(this.dataset.pass);
    this.reveal = this.hasAttribute("data-reveal");
    this.form = this.querySelector(".ck-quiz__form");
    this.result = this.querySelector(".ck-quiz__result");
    this.alert = this.querySelector(".ck-quiz__alert");
    this.live = this.querySelector(".ck-sr");
    this.questions = [...this.querySelectorAll(".ck-q")].map((n) => new Question(this, n));
    const unknown = this.questions.find((q) => !q.kind);
    if (unknown) {
      // Grading with another type's rules would give a wrong score: the quiz stays without its button.
      console.error(`coursekit: quiz "${this.dataset.quiz}", question "${unknown.id}": no question type "${unknown.type}" in this script (known: ${Object.keys(ck.types).join(", ")})`);
      this.alert.textContent = fmt(T.broken, { type: unknown.type });
      return;
    }
    ck.wire(this.form, this.live, () => this.check(), () => this.keep());
    this.classList.add("ck-ready");
    const saved = load(this.key);
    if (saved && this.questions.every((q) => q.id in saved.a && q.restore(saved.a[q.id]))) this.finish(saved, true);
    else {
      if (saved) this.questions.forEach((q) => q.reset());
      this.arrange();
      this.resume();
    }
    this.showBest(saved);
  }
  /* A draft of the answers, kept on every change until the quiz is graded or started again. */
  keep() {
    const a = {};
    this.questions.forEach((q) => { a[q.id] = q.response(); });
    ck.storage.set(this.key + ":draft", { v: 1, a });
  }
  resume() {
    const d = ck.storage.get(this.key + ":draft");
    if (!d || d.v !== 1 || !d.a || typeof d.a !== "object") return;
    this.questions.forEach((q) => { if (q.id in d.a && !q.restore(d.a[q.id])) q.reset(); });
  }
  showBest(saved) {
    let p = this.querySelector(".ck-quiz__best");
    if (!saved || typeof saved.best !== "number") return;
    if (!p) this.querySelector(".ck-quiz__meta").after(p = el("p", "ck-quiz__best"));
    p.textContent = fmt(T.pg_best_score, { pct: num(Math.round(saved.best)) });
  }
  arrange() {
    if (!this.hasAttribute("data-shuffle")) return;
    this.questions.forEach((q) => {
      const list = q.node.querySelector(".ck-q__choices");
      if (list) list.append(...ck.shuffle([...list.children]));
    });
    const alert = this.alert;
    ck.shuffle(this.questions.slice()).forEach((q) => alert.before(q.node));
    this.querySelectorAll(".ck-q__num").forEach((n, i) => { n.textContent = fmt(T.question, { n: i + 1 }); });
  }
  number(q) {
    return [...this.querySelectorAll(".ck-q")].indexOf(q.node) + 1;
  }
  check() {
    const answers = {}, missing = [];
    this.questions.forEach((q) => {
      answers[q.id] = q.response();
      if (!q.answered(answers[q.id])) missing.push(q);
    });
    if (missing.length) {
      missing.sort((a, b) => this.number(a) - this.number(b));
      return ck.blank(this.alert, missing, (q) => this.number(q));
    }
    this.alert.textContent = "";
    const saved = { v: 1, a: answers, at: new Date().toISOString() };
    this.finish(saved, false);
  }
  finish(saved, restored) {
    let got = 0, max = 0;
    const graded = this.questions.map((q) => {
      const g = q.grade(saved.a[q.id]);
      got += g.got;
      max += g.max;
      q.show(saved.a[q.id], g);
      return [this.dataset.quiz, q.id, g.fraction === 1];
    });
    const pct = max ? (got / max) * 100 : 0, passed = pct + 1e-9 >= this.pass;
    Object.assign(saved, { got, max, pct, passed });
    if (!restored) {
      ck.mistakes(this.key.replace(/(:[^:]*){2}$/, ":mistakes"), graded); // ck:<namespace>:<quiz>:<version>
      const before = load(this.key);
      saved.best = Math.max(pct, (before && before.best) || 0);
      ck.storage.set(this.key, saved);
      ck.storage.remove(this.key + ":draft");
      this.showBest(saved);
    }
    this.form.querySelector(".ck-quiz__actions").hidden = true;
    const box = this.result, said = ck.result(box, saved, this.pass, [T.passed, T.failed]);
    if (restored && saved.at) {
      const date = new Date(saved.at);
      if (!isNaN(date)) box.append(el("p", "ck-quiz__date", fmt(T.restored, { date: date.toLocaleString(T.lang, { dateStyle: "long", timeStyle: "short" }) })));
    }
    const again = el("button", "md-button md-button--primary ck-btn ck-quiz__retry", T.retry);
    again.type = "button";
    again.addEventListener("click", () => this.retry());
    box.append(again);
    if (passed) this.offerNext(again);
    if (!restored) {
      box.focus();
      ck.say(this.live, said);
    }
    this.dispatchEvent(new CustomEvent("coursekit:quiz", { bubbles: true, detail: { quiz: this.dataset.quiz, key: this.key, got, max, percent: pct, passed, restored } }));
  }
  /* After a pass, the next lesson is the main action; « Recommencer » steps back. */
  async offerNext(again) {
    const next = ck.nextLesson && await ck.nextLesson();
    if (!next || !again.isConnected) return;
    const go = el("a", "md-button md-button--primary ck-btn ck-quiz__next", fmt(T.pg_next, { title: next.title }));
    go.href = next.href;
    again.classList.remove("md-button--primary");
    again.before(go, " ");
  }
  retry() {
    const saved = load(this.key);
    if (saved) ck.storage.set(this.key, { v: 1, a: {}, best: saved.best || 0, at: saved.at, pct: saved.pct });
    ck.storage.remove(this.key + ":draft");
    this.questions.forEach((q) => q.reset());
    this.arrange();
    this.result.hidden = true;
    this.alert.textContent = "";
    this.form.querySelector(".ck-quiz__actions").hidden = false;
    const first = this.querySelector(".ck-q input, .ck-q select, .ck-q button");
    if (first) first.focus();
  }
};
