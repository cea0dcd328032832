/* coursekit: role-play scenarios. Nodes wait in <template>s; the path is saved. */
const T = ck.t, fmt = ck.fmt, num = ck.num, el = ck.el, words = ck.words;
/* points, their sign always written: « +2 points », « 0 point », « −1 point » (ck.num writes the minus sign) */
const pt = (n) => fmt(T.sc_points, { n: (n > 0 ? "+" : "") + num(n), s: ck.plural(Math.abs(n)) });
/* {v: 1, p: [reply indices], b: best score or null, f: [endings reached]} */
const load = (key) => {
  const d = ck.storage.get(key);
  if (d && d.v === 1 && Array.isArray(d.p) && d.p.every((i) => Number.isInteger(i) && i >= 0) &&
      Array.isArray(d.f) && d.f.every((f) => typeof f === "string") && (d.b === null || Number.isFinite(d.b))) return d;
  if (d !== null) ck.storage.remove(key);
  return null;
};

ck.elements["ck-scenario"] = class Scenario extends HTMLElement {
  connectedCallback() {
    if (this.tpl) return;
    ck.strings(this);
    const q = (s) => this.querySelector(s), key = this.dataset.key;
    this.tpl = new Map([...this.querySelectorAll("template")].map((t) => [t.dataset.n, t]));
    this.best = +this.dataset.best;
    this.log = q(".ck-sc__log");
    this.act = q(".ck-sc__act");
    this.list = q(".ck-sc__choices");
    this.end = q(".ck-sc__end");
    this.again = q(".ck-sc__restart");
    this.live = q(".ck-sc__live");
    this.list.addEventListener("click", (e) => {
      const b = e.target.closest("button");
      if (b) this.choose(+b.dataset.i, true);
    });
    this.again.addEventListener("click", () => this.restart());
    this.classList.add("ck-ready");
    const saved = load(key), fresh = { v: 1, p: [], b: null, f: [] };
    this.state = saved || fresh;
    this.reset();
    if (saved && !(saved.f.every((f) => (this.tpl.get(f) || this).dataset.end) && !(saved.b > this.best) &&
        saved.p.every((i) => this.choose(i, false)))) {
      ck.storage.remove(key);
      this.state = fresh;
      this.reset();
    }
  }
  line(id) {
    return this.tpl.get(id).content.querySelector(".ck-sc__line").cloneNode(true);
  }
  replies() {
    return [...this.tpl.get(this.here).content.querySelectorAll(".ck-sc__choice")];
  }
  reset() {
    this.here = this.dataset.start;
    this.path = [];
    this.score = 0;
    this.log.replaceChildren(this.line(this.here));
    this.end.hidden = this.again.hidden = true;
    this.offer();
  }
  offer() {
    const items = this.replies().map((li, i) => {
      const item = li.cloneNode(true);
      item.querySelector(".ck-sc__fb")?.remove();
      item.firstChild.dataset.i = i;
      return item;
    });
    /* data-shuffle: a new order at each showing (Fisher–Yates); data-i keeps the file's index,
       which the saved path holds, and Tab follows the order shown */
    if ("shuffle" in this.dataset) ck.shuffle(items);
    this.list.replaceChildren(...items);
    this.act.hidden = !items.length;
  }
  /* false if there is no reply `i` (a stale saved path) */
  choose(i, live) {
    const src = this.replies()[i], btn = src && src.firstChild, next = btn && this.tpl.get(btn.dataset.to);
    if (!next) return false;
    const me = el("li", "ck-sc__line ck-sc__line--me"), pts = +btn.dataset.p;
    me.append(el("span", "ck-sc__who", this.dataset.you), " ", ck.html("span", "ck-sc__says", btn.innerHTML)); // the reply's HTML, built by the site generator
    if (pts) me.append(" ", el("span", "ck-sc__pts", pt(pts)));
    const lines = [me], fb = src.querySelector(".ck-sc__fb");
    if (fb) lines.push(ck.html("li", "ck-sc__line ck-sc__line--note", fb.innerHTML)); // the comment on the reply
    lines.push(this.line(btn.dataset.to));
    this.log.append(...lines);
    this.path.push(i);
    this.score += pts;
    this.here = btn.dataset.to;
    this.again.hidden = false;
    if (next.dataset.end) this.finish(next, live);
    else this.offer();
    if (live) {
      this.state.p = this.path.slice();
      this.save();
      ck.say(this.live, lines.slice(1).map(words).join(" "));
      (next.dataset.end ? this.end.querySelector("h3") : this.list.querySelector("button")).focus();
    }
    return true;
  }
  finish(tpl, live) {
    this.offer();
    const got = this.score + +tpl.dataset.p, st = this.state, id = tpl.dataset.n;
    if (live) {
      st.b = st.b === null ? got : Math.max(st.b, got);
      if (!st.f.includes(id)) st.f.push(id);
    }
    const box = tpl.content.querySelector(".ck-sc__ending").cloneNode(true), score = box.querySelector(".ck-sc__score");
    /* a balance, not a mark out of the best: what a negative one means is said in words */
    score.textContent = fmt(T.sc_score, { got: pt(got), best: pt(this.best) }) + (got < 0 ? " " + T.sc_low : "");
    if (st.b !== null) score.after(el("p", "ck-sc__record", fmt(T.sc_record, { got: pt(st.b), n: st.f.length, of: this.dataset.ends })));
    this.end.replaceChildren(box);
    this.end.hidden = false;
    this.dispatchEvent(new CustomEvent("coursekit:scenario", { bubbles: true, detail: {
      scenario: this.dataset.scenario, key: this.dataset.key, ending: id, outcome: tpl.dataset.end,
      score: got, best: this.best, restored: !live } }));
  }
  restart() {
    this.state.p = [];
    this.save();
    this.reset();
    this.list.querySelector("button")?.focus();
    ck.say(this.live, words(this.log));
  }
  save() {
    ck.storage.set(this.dataset.key, this.state);
  }
};
