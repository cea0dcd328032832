/* Items to put back in order with the Move up / Move down buttons (the quiz moves them). */
ck.types.order = {
  response: (q) => [...q.list.children].map((li) => +li.dataset.v),
  restore(q, r) {
    const items = q.initial, byValue = new Map(items.map((li) => [+li.dataset.v, li]));
    if (!Array.isArray(r) || r.length !== items.length || new Set(r).size !== r.length || !r.every((v) => byValue.has(v))) return false;
    r.forEach((v) => q.list.append(byValue.get(v)));
    return true;
  },
  grade: (q, r) => q.gradeParts(r),
  show(q, r, g) {
    const T = ck.t;
    [...q.list.children].forEach((li, k) => q.mark(li, g.ok[k] ? "right" : "wrong", g.ok[k] ? T.mark_ok : T.mark_ko));
    if (q.quiz.reveal && g.fraction < 1) q.expectedList(T.expected_order, "ol", q.initial.length, q.initial.length, (k, v) => q.initial[v].querySelector(".ck-order__text").innerHTML);
  },
};
