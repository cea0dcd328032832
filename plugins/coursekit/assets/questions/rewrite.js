/* A text to rewrite, self-assessed: « Comparer » shows the model answer (sealed) and the checklist,
   the learner ticks what their own text does, and is right when every box is ticked. Its response:
   [text, ticked boxes…] once compared, [text, null] before (not answered yet); text null if blank. */
{
  const $ = (f, s) => f.querySelector(s);
  /* shows (or hides) the model answer and the checklist of the question `f` */
  const open = (f, on) => {
    $(f, ".ck-rw__cmp").hidden = !on;
    $(f, ".ck-rw__model").innerHTML = on ? ck.unseal(f.closest("[data-salt]").dataset.salt, f.dataset.q, f.dataset.s).m : "";
  };
  /* « Comparer »: the model answer and the checklist, or, with nothing written, a word and the text box */
  document.addEventListener("click", (e) => {
    const f = e.target.closest(".ck-rw__go") && e.target.closest(".ck-q");
    if (!f) return;
    const say = $(f, ".ck-rw__say"), written = !!$(f, "textarea").value.trim();
    ck.say(say, written ? "" : say.dataset.empty);
    if (written) open(f, true);
    $(f, written ? "[tabindex]" : "textarea").focus(); // the model answer's title, or the text box
  });
  ck.types.rewrite = {
    response(q) {
      const text = $(q.node, "textarea").value;
      return [text.trim() ? text : null, ...($(q.node, ".ck-rw__cmp").hidden ? [null] : [...q.node.querySelectorAll(":checked")].map((b) => +b.value))];
    },
    restore(q, r) {
      if (!Array.isArray(r)) return false;
      open(q.node, !r.includes(null));
      $(q.node, "textarea").value = r[0] || "";
      q.node.querySelectorAll("input").forEach((b) => { b.checked = r.includes(+b.value); });
      return true;
    },
    grade: (q, r) => ({ right: new Set(r.slice(1)).size, of: q.node.querySelectorAll("input").length, ok: [] }),
    show() {},
    reset(q) {
      open(q.node, false);
      $(q.node, "textarea").value = "";
    },
  };
}
