/* coursekit: « Ma progression » ([[progress]]). The page holds the whole frame, built from the course's
   manifest: headings, one row a lesson, quiz or role-play, the links (data-url, from the site's
   root: journey.js makes them links), each cell as it reads for a learner who has not begun. This fills the cells from the saved
   results (ck.progress, journey.js), in the rows' order, which is the manifest's: the page does not
   move as it fills. Export, import and reset take every key the course saves under (ck.keys). */
const T = ck.t, fmt = ck.fmt, el = ck.el, num = ck.num;
const pct = (n) => num(Math.round(n));
const score = (n) => (n === null ? T.pg_none : pct(n) + "\u00a0%");

ck.elements["ck-progress"] = class Progress extends HTMLElement {
  async connectedCallback() {
    if (this.m !== undefined) return;
    this.m = null;
    ck.strings(this);
    const q = (s) => this.querySelector(s);
    this.status = q(".ck-progress__status");
    this.dialog = q("dialog");
    this.file = q(".ck-progress__file");
    q(".ck-progress__export").addEventListener("click", () => this.export());
    q(".ck-progress__reset").addEventListener("click", () => this.dialog.showModal());
    this.dialog.addEventListener("close", () => { if (this.dialog.returnValue === "reset") this.reset(); });
    this.file.addEventListener("change", () => this.import());
    q(".ck-progress__pick").addEventListener("click", () => this.file.click());
    this.m = await ck.course();
    if (!this.m) return;
    this.draw();
    this.classList.add("ck-ready");
  }
  draw() {
    const m = this.m, q = (s) => this.querySelector(s);
    if (!m) return;
    const p = ck.progress(m), n = p.lessons.length, share = n ? (p.done / n) * 100 : 0;
    const items = (kind) => p.lessons.flatMap((l) => l.items.filter((i) => i.kind === kind));
    /* the cells after each row's heading, row by row */
    const fill = (kind, rows) => this.querySelectorAll(`[data-rows=${kind}] tr`).forEach((tr, k) => {
      (rows[k] || []).forEach((c, i) => tr.cells[i + 1].replaceChildren(c));
    });
    q(".ck-progress__percent").textContent = fmt(T.pg_percent, { pct: pct(share), n: p.done, s: ck.plural(p.done), of: n });
    q(".ck-progress__bar").value = share;
    fill("lesson", p.lessons.map((l) => {
      const [icon, words] = { done: ["✓", T.pg_done], begun: ["◐", T.pg_begun], todo: ["○", T.pg_todo] }[l.state];
      const state = el("span", "ck-state ck-state--" + l.state);
      state.append(el("span", "ck-icon", icon), " " + words);
      state.firstChild.setAttribute("aria-hidden", "true");
      return [state];
    }));
    fill("quiz", items("quiz").map((i) => [score(i.last), score(i.best)]));
    fill("scenario", items("scenario").map((i) => [
      i.end ? { kept: T.sc_kept, strained: T.sc_strained, damaged: T.sc_damaged }[i.end.o] : T.pg_none,
      i.best === null ? T.pg_none : (i.best > 0 ? "+" : "") + num(i.best)])); // a balance: its sign written
    /* « Revoir mes erreurs »: how many questions the quizzes left to review */
    const review = q(".ck-progress__review"), w = ck.mistakes(`ck:${m.ns}:mistakes`); // those of this course's quizzes
    const wrong = [...new Set(items("quiz").map((i) => i.id))].reduce((n, id) => n + (Array.isArray(w[id]) ? w[id].length : 0), 0);
    if (review) review.textContent = wrong ? fmt(T.pg_review, { n: wrong, s: ck.plural(wrong) }) : T.pg_review_none;
    const final = q(".ck-progress__verdict"), lesson = m.final && p.lessons.find((l) => l.url === m.final.url);
    const quiz = lesson && lesson.items.find((i) => i.id === m.final.id), passed = !!(quiz && quiz.done);
    if (final) {
      final.textContent = !quiz || quiz.best === null ? T.pg_final_none : fmt(passed ? T.pg_final_passed : T.pg_final_failed, { pct: pct(quiz.best) });
      if (quiz && quiz.tries) final.append(fmt(T.pg_final_tries, { n: quiz.tries, s: ck.plural(quiz.tries), of: m.final.attempts }));
    }
    /* the attestation: its link once the final assessment is passed, what it takes until then */
    const att = q(".ck-progress__att");
    if (att) [att.firstElementChild.hidden, att.lastElementChild.hidden] = [passed, !passed];
  }
  say(text) {
    ck.say(this.status, text);
  }
  export() {
    const m = this.m, data = {};
    ck.keys(m).forEach((k) => { const v = ck.storage.get(k); if (v !== null) data[k] = v; });
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
    const known = ck.keys(m);
    known.forEach((k) => ck.storage.remove(k));
    Object.entries(file.data).forEach(([k, v]) => { if (known.includes(k)) ck.storage.set(k, v); });
    this.refresh(T.pg_imported);
  }
  reset() {
    ck.keys(this.m).forEach((k) => ck.storage.remove(k));
    this.refresh(T.pg_cleared);
  }
  refresh(text) {
    ck.refresh(this.m);
    this.say(text);
  }
};
