/* coursekit: graded quizzes in the learner's browser.
   One custom element per quiz: connectedCallback runs for every quiz that enters
   the page, on first load and after Material's instant navigation alike.
   No framework, no global, no inline code: the site runs under a strict CSP. */
(() => {
  "use strict";
  const T = "__CK_STRINGS__";
  const fmt = (s, o) => s.replace(/\{(\w+)\}/g, (m, k) => (k in o ? o[k] : m));
  const num = (n) => new Intl.NumberFormat(T.lang, { maximumFractionDigits: 2 }).format(n);
  const plural = (n) => (n > 1 ? "s" : "");

  /* SHA-256, synchronous: crypto.subtle does not exist on a plain-http intranet. */
  const K = [], H0 = [];
  for (let c = 2, n = 0; n < 64; c++) {
    let prime = true;
    for (let d = 2; d * d <= c; d++) if (c % d === 0) { prime = false; break; }
    if (!prime) continue;
    if (n < 8) H0[n] = (Math.pow(c, 1 / 2) * 4294967296) | 0;
    K[n++] = (Math.pow(c, 1 / 3) * 4294967296) | 0;
  }
  const rot = (x, n) => (x >>> n) | (x << (32 - n));
  function sha256(msg) {
    const l = msg.length, size = ((l + 72) >> 6) << 6;
    const b = new Uint8Array(size);
    b.set(msg); b[l] = 0x80;
    const v = new DataView(b.buffer);
    v.setUint32(size - 8, Math.floor(l / 0x20000000));
    v.setUint32(size - 4, l << 3);
    const h = H0.slice(), w = new Array(64);
    for (let o = 0; o < size; o += 64) {
      for (let i = 0; i < 64; i++) {
        if (i < 16) w[i] = v.getUint32(o + 4 * i);
        else {
          const x = w[i - 15], y = w[i - 2];
          w[i] = (w[i - 16] + (rot(x, 7) ^ rot(x, 18) ^ (x >>> 3)) + w[i - 7] + (rot(y, 17) ^ rot(y, 19) ^ (y >>> 10))) | 0;
        }
      }
      let [a, bb, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      [a, bb, c, d, e, f, g, hh].forEach((x, i) => { h[i] = (h[i] + x) | 0; });
    }
    const out = new Uint8Array(32), ov = new DataView(out.buffer);
    h.forEach((x, i) => ov.setUint32(4 * i, x));
    return out;
  }
  const utf8 = new TextEncoder();
  const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join("");
  /* Same recipe as render.token() in Python. */
  const tok = (...parts) => hex(sha256(utf8.encode(parts.join("|")))).slice(0, 16);
  function unseal(salt, qid, text) {
    try {
      const data = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
      for (let n = 0; n * 32 < data.length; n++) {
        const block = sha256(utf8.encode(`${salt}|${qid}|seal|${n}`));
        for (let i = 0; i < 32 && n * 32 + i < data.length; i++) data[n * 32 + i] ^= block[i];
      }
      return JSON.parse(new TextDecoder().decode(data));
    } catch (e) {
      return {};
    }
  }
  /* Same rules as render.normalize() in Python. */
  function norm(s, flags) {
    s = s.normalize("NFC");
    if (flags.has("case")) s = s.toLowerCase();
    if (flags.has("accents")) s = s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
    if (flags.has("punctuation")) s = s.replace(/[\p{P}\p{S}]/gu, " ");
    if (flags.has("spaces") || flags.has("punctuation")) s = s.split(/\s+/).filter(Boolean).join(" ");
    return s.trim();
  }

  const store = {
    get(key) {
      try {
        const data = JSON.parse(localStorage.getItem(key));
        if (data && data.v === 1 && data.a && typeof data.a === "object") return data;
        if (data !== null) localStorage.removeItem(key);
      } catch (e) {
        try { localStorage.removeItem(key); } catch (e2) { /* storage off */ }
      }
      return null;
    },
    set(key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or off */ }
    },
  };

  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  };
  const html = (tag, cls, markup) => {
    const node = el(tag, cls);
    node.innerHTML = markup; // trainer-written HTML, built by the site generator
    return node;
  };
  const shuffle = (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };

  class Question {
    constructor(quiz, node) {
      this.quiz = quiz;
      this.node = node;
      this.id = node.dataset.q;
      this.type = node.dataset.type;
      this.points = parseFloat(node.dataset.points);
      this.tokens = node.dataset.t.split(",");
      this.partial = node.hasAttribute("data-partial");
      this.box = node.querySelector(".ck-q__feedback");
      this.list = node.querySelector(".ck-order");
      this.initial = this.list ? [...this.list.children] : null;
    }
    get controls() {
      return [...this.node.querySelectorAll("input, select, .ck-order__btn")];
    }
    response() {
      const n = this.node;
      switch (this.type) {
        case "multiple":
          return [...n.querySelectorAll("input:checked")].map((i) => +i.value);
        case "single":
        case "truefalse": {
          const c = n.querySelector("input:checked");
          return c ? +c.value : null;
        }
        case "fill":
          return n.querySelector("input").value;
        case "order":
          return [...this.list.children].map((li) => +li.dataset.v);
        default:
          return [...n.querySelectorAll("select")].map((s) => (s.value === "" ? null : +s.value));
      }
    }
    answered(r) {
      if (Array.isArray(r)) return r.length > 0 && !r.includes(null);
      return r !== null && String(r).trim() !== "";
    }
    restore(r) {
      const n = this.node;
      if (this.type === "fill") {
        if (typeof r !== "string") return false;
        n.querySelector("input").value = r;
      } else if (this.type === "order") {
        const items = this.initial, byValue = new Map(items.map((li) => [+li.dataset.v, li]));
        if (!Array.isArray(r) || r.length !== items.length || new Set(r).size !== r.length || !r.every((v) => byValue.has(v))) return false;
        r.forEach((v) => this.list.append(byValue.get(v)));
      } else if (this.type === "match") {
        const selects = [...n.querySelectorAll("select")];
        if (!Array.isArray(r) || r.length !== selects.length) return false;
        selects.forEach((s, i) => { s.value = r[i] === null ? "" : String(r[i]); });
      } else {
        const want = new Set([].concat(r));
        n.querySelectorAll("input").forEach((i) => { i.checked = want.has(+i.value); });
      }
      return true;
    }
    grade(r) {
      const salt = this.quiz.salt, id = this.id, t = this.tokens;
      let right = 0, of = 1, ok = [];
      if (this.type === "fill") {
        const flags = new Set((this.node.dataset.ignore || "").split(" "));
        right = t.includes(tok(salt, id, norm(r, flags))) ? 1 : 0;
      } else if (this.type === "order" || this.type === "match") {
        ok = r.map((v, k) => v !== null && tok(salt, id, k, v) === t[k]);
        right = ok.filter(Boolean).length;
        of = ok.length;
      } else {
        const chosen = new Set([].concat(r));
        ok = t.map((x, i) => tok(salt, id, i, 1) === x); // which choices are correct
        if (this.type === "multiple" && this.partial) {
          of = ok.filter(Boolean).length;
          right = Math.max(0, ok.filter((c, i) => c && chosen.has(i)).length - ok.filter((c, i) => !c && chosen.has(i)).length);
        } else right = ok.every((c, i) => c === chosen.has(i)) ? 1 : 0;
      }
      const fraction = right === of ? 1 : this.partial ? right / of : 0;
      return { got: this.points * fraction, max: this.points, ok, fraction };
    }
    show(r, g) {
      const sealed = unseal(this.quiz.salt, this.id, this.node.dataset.s || "");
      const reveal = this.quiz.reveal, box = this.box;
      const status = g.fraction === 1 ? "right" : g.fraction > 0 ? "partial" : "wrong";
      this.node.classList.add("ck-q--" + status);
      this.controls.forEach((c) => { c.disabled = true; });
      box.replaceChildren();
      const verdict = el("p", "ck-q__verdict ck-q__verdict--" + status);
      verdict.append(el("span", "ck-icon", { right: "✓", partial: "◐", wrong: "✗" }[status]), " ",
        el("strong", null, T[status]), " · " + fmt(T.points, { got: num(g.got), max: num(g.max), s: plural(g.max) }));
      box.append(verdict);
      if (this.type === "fill") {
        if (reveal && g.fraction < 1 && sealed.s) box.append(html("p", "ck-q__expected", `${T.expected} ${sealed.s}`));
      } else if (this.type === "order") {
        [...this.list.children].forEach((li, k) => this.mark(li, g.ok[k] ? "right" : "wrong", g.ok[k] ? T.mark_ok : T.mark_ko));
        if (reveal && g.fraction < 1) this.expectedList(T.expected_order, "ol", this.initial.length, this.initial.length, (k, v) => this.initial[v].querySelector(".ck-order__text").innerHTML);
      } else if (this.type === "match") {
        const rows = [...this.node.querySelectorAll(".ck-match__row")];
        rows.forEach((row, k) => this.mark(row, g.ok[k] ? "right" : "wrong", g.ok[k] ? T.mark_pair_ok : T.mark_pair_ko));
        if (reveal && g.fraction < 1) this.expectedList(T.expected_match, "ul", rows.length, rows[0].querySelectorAll("option").length - 1, (k, v) =>
          `${rows[k].querySelector("label").innerHTML} → ${rows[k].querySelectorAll("option")[v + 1].innerHTML}`);
      } else {
        const chosen = new Set([].concat(r));
        this.node.querySelectorAll(".ck-choice").forEach((li, i) => {
          const picked = chosen.has(i), good = g.ok[i];
          if (picked) this.mark(li, good ? "right" : "wrong");
          else if (good && reveal) this.mark(li, this.type === "multiple" ? "missed" : "right");
          if (picked && sealed.f && sealed.f[i]) li.append(html("div", "ck-choice__feedback", sealed.f[i]));
        });
      }
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
      for (let v = 0; v < values; v++) if (tok(this.quiz.salt, this.id, k, v) === this.tokens[k]) return v;
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
      this.box.hidden = true;
      this.box.replaceChildren();
    }
  }

  class Quiz extends HTMLElement {
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
      this.form.addEventListener("submit", (e) => { e.preventDefault(); this.check(); });
      this.form.addEventListener("click", (e) => {
        const btn = e.target.closest(".ck-order__btn");
        if (btn) this.move(btn);
      });
      this.classList.add("ck-ready");
      const saved = store.get(this.key);
      if (saved && this.questions.every((q) => q.id in saved.a && q.restore(saved.a[q.id]))) this.finish(saved, true);
      else {
        if (saved) this.questions.forEach((q) => q.reset());
        this.arrange();
      }
    }
    arrange() {
      if (!this.hasAttribute("data-shuffle")) return;
      this.questions.forEach((q) => {
        const list = q.node.querySelector(".ck-q__choices");
        if (list) list.append(...shuffle([...list.children]));
      });
      const alert = this.alert;
      shuffle(this.questions.slice()).forEach((q) => alert.before(q.node));
      this.querySelectorAll(".ck-q__num").forEach((n, i) => { n.textContent = fmt(T.question, { n: i + 1 }); });
    }
    move(btn) {
      const li = btn.closest("li"), list = li.parentElement;
      const sibling = btn.dataset.move === "-1" ? li.previousElementSibling : li.nextElementSibling;
      if (sibling) {
        if (btn.dataset.move === "-1") sibling.before(li); else sibling.after(li);
        btn.focus();
      }
      const items = [...list.children];
      this.say(fmt(T.moved, { item: li.querySelector(".ck-order__text").textContent, pos: items.indexOf(li) + 1, n: items.length }));
    }
    say(text) {
      this.live.textContent = "";
      setTimeout(() => { this.live.textContent = text; }, 50);
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
        this.alert.textContent = fmt(T.missing, { n: missing.length, s: plural(missing.length), list: missing.map((q) => this.number(q)).join(", ") });
        const first = missing[0].controls[0];
        if (first) first.focus();
        return;
      }
      this.alert.textContent = "";
      const saved = { v: 1, a: answers, at: new Date().toISOString() };
      this.finish(saved, false);
    }
    finish(saved, restored) {
      let got = 0, max = 0;
      this.questions.forEach((q) => {
        const g = q.grade(saved.a[q.id]);
        got += g.got;
        max += g.max;
        q.show(saved.a[q.id], g);
      });
      const pct = max ? (got / max) * 100 : 0, passed = pct + 1e-9 >= this.pass;
      Object.assign(saved, { got, max, pct, passed });
      if (!restored) {
        const before = store.get(this.key);
        saved.best = Math.max(pct, (before && before.best) || 0);
        store.set(this.key, saved);
      }
      this.form.querySelector(".ck-quiz__actions").hidden = true;
      const box = this.result;
      box.replaceChildren();
      box.classList.toggle("ck-quiz__result--passed", passed);
      box.classList.toggle("ck-quiz__result--failed", !passed);
      const score = fmt(T.score, { got: num(got), max: num(max), pct: num(Math.round(pct)) });
      const verdict = fmt(passed ? T.passed : T.failed, { pass: num(this.pass) });
      box.append(el("p", "ck-quiz__score", score), el("p", "ck-quiz__verdict", (passed ? "✓ " : "✗ ") + verdict));
      if (restored && saved.at) {
        const date = new Date(saved.at);
        if (!isNaN(date)) box.append(el("p", "ck-quiz__date", fmt(T.restored, { date: date.toLocaleString(T.lang, { dateStyle: "long", timeStyle: "short" }) })));
      }
      const again = el("button", "md-button md-button--primary ck-btn ck-quiz__retry", T.retry);
      again.type = "button";
      again.addEventListener("click", () => this.retry());
      box.append(again);
      box.hidden = false;
      if (!restored) {
        box.focus();
        this.say(`${score}. ${verdict}`);
      }
      this.dispatchEvent(new CustomEvent("coursekit:quiz", { bubbles: true, detail: { quiz: this.dataset.quiz, key: this.key, got, max, percent: pct, passed, restored } }));
    }
    retry() {
      const saved = store.get(this.key);
      if (saved) store.set(this.key, { v: 1, a: {}, best: saved.best || 0 });
      this.questions.forEach((q) => q.reset());
      this.arrange();
      this.result.hidden = true;
      this.alert.textContent = "";
      this.form.querySelector(".ck-quiz__actions").hidden = false;
      const first = this.querySelector(".ck-q input, .ck-q select, .ck-q button");
      if (first) first.focus();
    }
  }
  if (!customElements.get("ck-quiz")) customElements.define("ck-quiz", Quiz);
})();
