/* coursekit: the attestation ([[attestation]]). It reads the assessment's record (data-key, as exam.js
   saves it: tries, best, passed, won = the best passing attempt {got, max, pct, at}). Not passed yet:
   where the learner stands and a link to the assessment (in the page). Passed: the name field and the
   sheet, filled with text only (textContent: a name is never markup). The name is kept under data-me.
   The logo's address comes from the manifest, from the site's root. The sheet changes on « Valider »
   (or Enter), not at each key: a screen reader then hears one polite sentence once the name is
   complete, not the sheet again at every letter. */
const T = ck.t, fmt = ck.fmt, num = ck.num;
const pct = (n) => num(Math.floor(n * 10 + 1e-6) / 10); // never more than was scored: 49.99 is not 50

ck.elements["ck-attestation"] = class Attestation extends HTMLElement {
  async connectedCallback() {
    if (this.form) return;
    ck.strings(this);
    const d = this.dataset, q = (s) => this.querySelector(s), slot = (n) => q(`[data-slot="${n}"]`);
    const form = (this.form = q("form")), input = form.elements.name, live = q(".ck-sr"), print = q(".ck-att__print");
    const s = ck.storage.get(d.key) || {}, used = Array.isArray(s.tries) ? s.tries.length : 0, left = d.attempts - used;
    const won = s.passed && (s.won || s.last), m = await ck.course(), org = q(".ck-att__org");
    if (m && org.dataset.logo) {
      const img = ck.el("img", "ck-att__logo");
      img.alt = "";
      img.src = new URL(org.dataset.logo, m.home).href;
      org.prepend(img);
    }
    q(".ck-att__todo").hidden = !!won;
    form.hidden = q(".ck-att__sheet").hidden = !won;
    this.classList.add("ck-ready");
    if (!won) {
      const o = { pct: pct(s.best || 0), pass: num(+d.pass), n: left, s: ck.plural(left), of: d.attempts };
      q(".ck-att__state").textContent = fmt(used ? (left > 0 ? T.att_failed : T.att_over) : T.att_none, o);
      return;
    }
    const at = new Date(won.at), date = isNaN(at) ? "" : at.toLocaleDateString(T.lang, { dateStyle: "long" });
    slot("date").textContent = T.lang === "fr" ? date.replace(/^1 /, "1er ") : date;
    slot("score").textContent = fmt(T.att_points, { got: num(won.got), max: num(won.max), pct: pct(won.pct) });
    const show = (name) => {
      slot("name").textContent = name;
      print.hidden = !name;
    };
    const kept = ck.storage.get(d.me);
    if (typeof kept === "string") show((input.value = kept));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const name = input.value.replace(/\s+/g, " ").trim(), said = name ? fmt(T.att_ready, { name }) : T.att_empty;
      input.setAttribute("aria-invalid", !name);
      q(".ck-att__error").textContent = name ? "" : T.att_empty;
      if (name) {
        ck.storage.set(d.me, name);
        show(name);
      } else input.focus();
      ck.say(live, said);
    });
    print.firstChild.addEventListener("click", () => window.print());
  }
};
