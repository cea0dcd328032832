/* A typed answer, compared with the accepted ones after the same normalisation as in Python. */
{
  /* Same rules as normalize() in Python. */
  const norm = (s, flags) => {
    s = s.normalize("NFC");
    if (flags.has("case")) s = s.toLowerCase();
    if (flags.has("accents")) s = s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
    if (flags.has("punctuation")) s = s.replace(/[\p{P}\p{S}]/gu, " ");
    if (flags.has("spaces") || flags.has("punctuation")) s = s.split(/\s+/).filter(Boolean).join(" ");
    return s.trim();
  };
  ck.types.fill = {
    response: (q) => q.node.querySelector("input").value,
    restore(q, r) {
      if (typeof r !== "string") return false;
      q.node.querySelector("input").value = r;
      return true;
    },
    grade(q, r) {
      const flags = new Set((q.node.dataset.ignore || "").split(" "));
      return { right: q.tokens.includes(ck.tok(q.quiz.salt, q.id, norm(r, flags))) ? 1 : 0, of: 1, ok: [] };
    },
    show(q, r, g, sealed) {
      if (q.quiz.reveal && g.fraction < 1 && sealed.s) q.box.append(ck.html("p", "ck-q__expected", `${ck.t.expected} ${sealed.s}`));
    },
  };
}
