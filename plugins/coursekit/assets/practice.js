/* coursekit: « Revoir mes erreurs » ([[practice]]). The page holds every question of the quizzes the
   lessons embed, hidden, one group a quiz; this shows those the record of mistakes names
   (ck.mistakes, which the quizzes keep), grades them as their quiz does, with its feedback and
   explanations, and takes out of the list those answered right once the learner continues. */
const T = ck.t, fmt = ck.fmt, el = ck.el, plural = ck.plural;

ck.elements["ck-practice"] = class Practice extends HTMLElement {
  async connectedCallback() {
    if (this.all) return;
    ck.strings(this);
    const q = (s) => this.querySelector(s);
    Object.assign(this, { key: this.dataset.key, form: q("form"), head: q(".ck-practice__summary"), found: q(".ck-practice__found"),
      empty: q(".ck-practice__empty"), alert: q(".ck-quiz__alert"),
      actions: q(".ck-quiz__actions"), result: q(".ck-quiz__result"), live: q(".ck-sr"), shown: [] });
    this.all = [...this.querySelectorAll(".ck-q")].map((n) => {
      const g = n.closest(".ck-practice__group"), x = new ck.Question({ id: g.dataset.quiz, salt: n.dataset.salt, reveal: g.hasAttribute("data-reveal") }, n);
      x.group = g;
      return x;
    });
    ck.wire(this.form, this.live, () => this.check());
    this.m = ck.course && await ck.course();
    if (this.m) ck.links(this, this.m); // now: the summary copies the lessons' links
    this.classList.add("ck-ready");
    this.show();
  }
  /* The questions the record names, in the page's order, numbered afresh; the others hidden. */
  show() {
    const w = ck.mistakes(this.key), before = this.shown;
    this.shown = this.all.filter((x) => x.kind && Array.isArray(w[x.quiz.id]) && w[x.quiz.id].includes(x.id));
    before.concat(this.shown).forEach((x) => x.reset());
    this.shown.forEach((x) => { // a quiz that shuffles its choices shuffles them here too
      const list = x.group.hasAttribute("data-shuffle") && x.node.querySelector(".ck-q__choices");
      if (list) list.append(...ck.shuffle([...list.children]));
    });
    const on = new Set(this.shown);
    this.all.forEach((x) => { x.node.hidden = !on.has(x); });
    this.querySelectorAll(".ck-practice__group").forEach((g) => { g.hidden = !this.shown.some((x) => x.group === g); });
    this.shown.forEach((x, k) => { x.node.querySelector(".ck-q__num").textContent = fmt(T.question, { n: k + 1 }); });
    this.form.hidden = !this.shown.length;
    this.actions.hidden = false;
    this.result.hidden = true;
    this.alert.textContent = "";
    this.empty.hidden = !!this.shown.length; // with none, where to go next (the page's own)
    this.found.replaceChildren(...this.summary());
  }
  /* How many questions, and from which lessons (a link to each). */
  summary() {
    const n = this.shown.length;
    if (!n) return [];
    const lessons = new Map();
    this.shown.forEach((x) => {
      const a = x.group.querySelector("a[data-url]"), k = a ? a.dataset.url : x.quiz.id;
      if (!lessons.has(k)) lessons.set(k, [a ? a.cloneNode(true) : ck.words(x.group.querySelector("h2")), 0]);
      lessons.get(k)[1]++;
    });
    const list = el("ul");
    lessons.forEach(([name, c]) => {
      const li = el("li");
      li.append(name, fmt(T.pr_in, { n: c, s: plural(c) }));
      list.append(li);
    });
    return [el("p", null, fmt(T.pr_count, { n, s: plural(n), l: lessons.size, ls: plural(lessons.size) })), list];
  }
  /* One submission for the questions shown: graded, each with its feedback; the record follows. */
  check() {
    const shown = this.shown, missing = shown.filter((x) => !x.answered(x.response()));
    if (missing.length) return ck.blank(this.alert, missing, (x) => shown.indexOf(x) + 1);
    this.alert.textContent = "";
    const graded = shown.map((x) => {
      const r = x.response(), g = x.grade(r);
      x.show(r, g);
      return [x.quiz.id, x.id, g.fraction === 1];
    });
    ck.mistakes(this.key, graded);
    this.right = graded.filter((g) => g[2]).length;
    this.actions.hidden = true;
    const score = fmt(T.pr_score, { n: this.right, of: shown.length }), go = el("button", "md-button md-button--primary ck-btn", T.pr_next);
    go.type = "button";
    go.addEventListener("click", () => this.next());
    this.result.replaceChildren(el("p", "ck-quiz__score", score), el("p", null, T.pr_hint), go);
    this.result.hidden = false;
    this.result.focus();
    ck.say(this.live, score);
  }
  /* The questions answered right leave the list; the others come back, to try again. */
  next() {
    const n = this.right;
    this.show();
    const left = this.shown.length;
    ck.say(this.live, fmt(!n ? T.pr_same : !left ? T.pr_all : n > 1 ? T.pr_gone : T.pr_one, { n, left }));
    this.head.focus();
  }
};
