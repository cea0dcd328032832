/* Pairs: a drop-down list of right-hand texts beside each left-hand one. */
ck.types.match = {
  response: (q) => [...q.node.querySelectorAll("select")].map((s) => (s.value === "" ? null : +s.value)),
  restore(q, r) {
    const selects = [...q.node.querySelectorAll("select")];
    if (!Array.isArray(r) || r.length !== selects.length) return false;
    selects.forEach((s, i) => { s.value = r[i] === null ? "" : String(r[i]); });
    return true;
  },
  grade: (q, r) => q.gradeParts(r),
  show(q, r, g) {
    const T = ck.t, rows = [...q.node.querySelectorAll(".ck-match__row")];
    rows.forEach((row, k) => q.mark(row, g.ok[k] ? "right" : "wrong", g.ok[k] ? T.mark_pair_ok : T.mark_pair_ko));
    if (q.quiz.reveal && g.fraction < 1) q.expectedList(T.expected_match, "ul", rows.length, rows[0].querySelectorAll("option").length - 1, (k, v) =>
      `${rows[k].querySelector("label").innerHTML} → ${rows[k].querySelectorAll("option")[v + 1].innerHTML}`);
  },
};
