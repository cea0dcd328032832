/* coursekit: exam mode ([[exam: id]]). The page holds every question the pools may draw, hidden;
   a paper is drawn from a seed and saved, so a reload shows the same paper (and the same clock).
   No feedback before the paper is handed in; then the review the assessment allows, of the last
   paper, shown again on every visit (its answers kept, its controls disabled).
   Saved under data-key: {v: 1, tries: [percent], best, passed, last: {got, max, pct, passed, up, at,
   p: the last paper handed in, as p below},
   prev: [last paper's question ids], p: {seed, ids, a: {id: response}, t0: start time} | null,
   won: the best passing attempt {got, max, pct, at}, for the attestation} */
const T = ck.t, fmt = ck.fmt, el = ck.el, num = ck.num;
/* mulberry32: the same seed, the same paper */
const rng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const clock = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
const SAY_AT = [600, 300, 60, 30, 10]; // seconds left at which the live region speaks

ck.elements["ck-exam"] = class Exam extends HTMLElement {
  connectedCallback() {
    if (this.all) return;
    ck.strings(this);
    const d = this.dataset, q = (s) => this.querySelector(s);
    Object.assign(this, { key: d.key, pass: +d.pass, max: +d.attempts, secs: +d.time || 0, review: d.review });
    this.draws = d.draws.split(",").map(Number);
    const parts = { form: "form", actions: ".ck-quiz__actions", result: ".ck-quiz__result", alert: ".ck-quiz__alert", live: ".ck-sr", clock: ".ck-exam__clock", status: ".ck-exam__status", start: ".ck-exam__start", att: ".ck-exam__att" };
    for (const k in parts) this[k] = q(parts[k]);
    this.all = [...this.querySelectorAll(".ck-q")].map((n) => new ck.Question({ salt: n.dataset.salt, reveal: d.review === "full" }, n));
    this.all.forEach((x) => { const l = x.node.querySelector(".ck-q__choices"); if (l) x.choices = [...l.children]; });
    q(".ck-exam__go").addEventListener("click", () => this.begin());
    ck.wire(this.form, this.live, () => this.hand(false), () => this.keep());
    this.classList.add("ck-ready");
    this.show();
  }
  get data() {
    const s = ck.storage.get(this.key);
    return s && s.v === 1 && Array.isArray(s.tries) ? s : { v: 1, tries: [], best: 0, passed: false, prev: [], p: null };
  }
  /* Per pool, the questions the last paper did not hold first: a new attempt, another paper. */
  draw(seed, prev) {
    const r = rng(seed), ids = [];
    this.draws.forEach((n, pool) => {
      const here = this.all.filter((x) => +x.node.dataset.pool === pool).map((x) => x.node.id);
      ids.push(...ck.shuffle(here.filter((i) => !prev.includes(i)), r).concat(ck.shuffle(here.filter((i) => prev.includes(i)), r)).slice(0, n));
    });
    return ck.shuffle(ids, r);
  }
  begin() {
    const s = this.data, seed = Math.floor(Math.random() * 4294967296) | 0;
    s.p = { seed, ids: this.draw(seed, s.prev || []), a: {}, t0: Date.now() };
    ck.storage.set(this.key, s);
    this.show();
    const first = this.paper[0].controls[0];
    if (first) first.focus();
  }
  show() {
    const s = this.data, used = s.tries.length, last = s.last, done = !s.p && this.review !== "score" && last && last.p;
    clearInterval(this.timer);
    this.all.forEach((x) => { x.reset(); x.node.hidden = true; });
    this.result.hidden = true;
    this.alert.textContent = "";
    this.sure = false;
    this.paper = null;
    this.start.hidden = !!s.p || used > 0; // after an attempt, the result offers the next
    this.form.hidden = !(s.p || done);
    this.actions.hidden = !s.p;
    this.clock.hidden = !(s.p && this.secs);
    this.status.textContent = s.p || !used ? fmt(T.ex_try, { n: used + 1, of: this.max }) : "";
    if (s.p) this.lay(s.p, true);
    else if (last) {
      if (done) { this.lay(done); this.mark(); }
      this.verdict(s, false);
    }
  }
  lay(p, timed) {
    this.paper = p.ids.map((id) => this.all.find((x) => x.node.id === id)).filter(Boolean);
    this.paper.forEach((x, k) => {
      const r = rng(p.seed + k + 1);
      if (x.choices) x.node.querySelector(".ck-q__choices").append(...ck.shuffle(x.choices.slice(), r));
      this.alert.before(x.node);
      x.node.hidden = false;
      x.node.querySelector(".ck-q__num").textContent = fmt(T.question, { n: k + 1 });
      if (x.node.id in p.a && !x.restore(p.a[x.node.id])) x.reset();
    });
    if (timed && this.secs) {
      const left = () => Math.max(0, Math.ceil(this.secs - (Date.now() - p.t0) / 1000));
      let said = left();
      const tick = () => {
        if (!this.isConnected) return clearInterval(this.timer);
        const now = left();
        this.clock.textContent = fmt(T.ex_left, { time: clock(now) });
        if (SAY_AT.some((x) => now <= x && x < said)) ck.say(this.live, this.clock.textContent);
        said = Math.min(said, now);
        if (!now) this.hand(true);
      };
      this.timer = setInterval(tick, 1000);
      tick();
    }
  }
  keep() {
    const s = this.data;
    if (!s.p || !this.paper) return;
    this.paper.forEach((x) => { s.p.a[x.node.id] = x.response(); });
    ck.storage.set(this.key, s);
  }
  /* One submission per attempt: graded as it stands when the time is up. */
  hand(up) {
    const s = this.data;
    if (!s.p || !this.paper) return;
    const missing = this.paper.filter((x) => !x.answered(x.response()));
    if (!up && missing.length && !this.sure) {
      this.sure = true;
      this.alert.textContent = fmt(T.ex_missing, { n: missing.length, s: ck.plural(missing.length), list: missing.map((x) => this.paper.indexOf(x) + 1).join(", ") });
      return;
    }
    clearInterval(this.timer);
    const { got, max, a } = this.mark(), pct = max ? (got / max) * 100 : 0, passed = pct + 1e-9 >= this.pass;
    s.tries.push(pct);
    s.best = Math.max(s.best || 0, pct);
    s.passed = s.passed || passed;
    s.last = { got, max, pct, passed, up, at: new Date().toISOString(), p: { seed: s.p.seed, ids: s.p.ids, a } };
    if (passed && !(s.won && s.won.pct >= pct)) s.won = { got, max, pct, at: s.last.at };
    s.prev = s.p.ids;
    s.p = null;
    ck.storage.set(this.key, s);
    this.alert.textContent = "";
    this.clock.hidden = true;
    this.actions.hidden = true;
    this.status.textContent = "";
    this.verdict(s, true);
    this.dispatchEvent(new CustomEvent("coursekit:exam", { bubbles: true, detail: { exam: this.dataset.exam, key: this.key, score: got, max, percent: pct, passed, attempt: s.tries.length } }));
  }
  /* The paper on the page graded, its answers as given, and shown as the assessment allows. */
  mark() {
    let got = 0, max = 0;
    const a = {};
    this.paper.forEach((x) => {
      const r = x.response(), g = x.grade(r);
      got += g.got;
      max += g.max;
      a[x.node.id] = r;
      x.controls.forEach((c) => { c.disabled = true; });
      if (this.review === "score") x.node.hidden = true;
      else if (this.review === "full") x.show(r, g);
      else x.verdict(g, false);
    });
    if (this.review === "score") this.form.hidden = true;
    return { got, max, a };
  }
  verdict(s, now) {
    const box = this.result, r = s.last, used = s.tries.length, said = ck.result(box, r, this.pass, [T.ex_passed, T.ex_failed]);
    if (r.up) box.prepend(el("p", "ck-exam__up", T.ex_time_up));
    if (this.review !== "full") box.append(el("p", null, this.review === "score" ? T.ex_score_only : T.ex_wrong_only));
    box.append(el("p", "ck-exam__used", fmt(T.ex_used, { n: used, of: this.max, pct: num(Math.round(s.best)) })));
    if (this.att && s.passed) { // passed once: the attestation's link (in the page, if a page has one)
      this.att.hidden = false;
      box.append(this.att);
    }
    if (used < this.max) {
      const again = el("button", "md-button md-button--primary ck-btn", fmt(T.ex_again, { n: used + 1, of: this.max }));
      again.type = "button";
      again.addEventListener("click", () => this.begin());
      box.append(again);
    } else box.append(el("p", "ck-exam__over", T.ex_over));
    if (now) {
      box.focus();
      ck.say(this.live, (r.up ? T.ex_time_up + " " : "") + said);
    }
  }
};
