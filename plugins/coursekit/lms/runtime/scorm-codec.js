/* coursekit in an LMS: the saved results as SCORM suspend data, compact and within a limit.

   The widgets save JSON-like values under keys (README, « the storage interface »); the course's
   manifest lists the lessons and, in order, what each holds, so a lesson or an item is its index
   there, and an assessment's question its index in the list the package carries. The string:

     K1.<layout>.<check>|r<bits>|w<bits>|n<name>|x<exam>|s<scenario>;…|q<quiz>;…|p…|l…|d…|m…|f…|t…|v…|o…

   K1 is the format; <layout> a hash of the lessons and items (another course, or another layout,
   is ignored); <check> a hash of the rest (a string cut short by an LMS is ignored: a fresh start,
   never wrong progress). Sections, in the order they are kept when room runs out:
     r lessons opened, w quizzes passed once (bits, 6 a character), n the attestation's name,
     x each assessment: attempts' scores, best, passed, best passing paper, last paper's score;
     s each role-play: best, endings reached, the ending and balance « Ma progression » shows;
     q each quiz: best, last score, its date, passed (the most recent first);
     p an assessment's paper in progress (seed, questions, answers, start time);
     l the last paper handed in (for its review); d a quiz's last answers; m the review list;
     f quiz drafts; t a role-play's path in progress; v the questions of the paper before; o others.
   Only printable ASCII: text is percent-encoded. Numbers keep two decimals, dates the second.

   coursekitCodec.encode(ctx, data, limit) -> string; decode(ctx, string) -> {key: value} or null.
   ctx: {m: manifest, q: {assessment key: [question ids]}}; data: {key: value}. */
(function (root) {
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const OUTCOMES = ["kept", "strained", "damaged"];
  const ORDER = "rwnxsqpldmftvo";
  const bad = () => { throw new Error("coursekit: suspend data"); };
  const esc = (s) => encodeURIComponent(s).replace(/[!'()*.~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const une = (s) => decodeURIComponent(s);
  const hash = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(36);
  };
  const bits = (flags) => {
    let s = "";
    for (let i = 0; i < flags.length; i += 6) {
      let v = 0;
      for (let j = 0; j < 6; j++) if (flags[i + j]) v |= 1 << j;
      s += B64[v];
    }
    return s.replace(/A+$/, "");
  };
  const unbits = (s, n) => {
    if (/[^A-Za-z0-9_-]/.test(s) || s.length > Math.ceil(n / 6)) bad();
    return Array.from({ length: n }, (_, i) => !!((B64.indexOf(s[Math.floor(i / 6)] || "A") >> (i % 6)) & 1));
  };
  const int = (s) => (/^-?\d+$/.test(s) ? +s : bad());
  const num = (x) => (typeof x === "number" && Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "");
  const unnum = (s) => (s === "" ? null : /^-?\d+(\.\d+)?$/.test(s) ? +s : bad());
  const t36 = (iso) => { const t = Date.parse(iso); return Number.isFinite(t) ? Math.round(t / 1000).toString(36) : ""; };
  const iso = (s) => (s ? new Date(parseInt(s, 36) * 1000).toISOString() : undefined);
  /* a response: null *, an integer, a list of integers (1.0.*), a text !…, anything else ~JSON */
  const val = (r) => (r == null ? "*" : Number.isInteger(r) ? String(r)
    : Array.isArray(r) && r.every((x) => x === null || Number.isInteger(x)) ? "(" + r.map((x) => (x === null ? "*" : x)).join(".") + ")"
      : typeof r === "string" ? "!" + esc(r) : "~" + esc(JSON.stringify(r)));
  const unval = (s) => (s === "*" ? null : s[0] === "(" && s.endsWith(")") ? (s.length > 2 ? s.slice(1, -1).split(".").map((x) => (x === "*" ? null : int(x))) : [])
    : s[0] === "!" ? une(s.slice(1)) : s[0] === "~" ? JSON.parse(une(s.slice(1))) : int(s));
  const ref = (id, ids) => { const i = ids ? ids.indexOf(id) : -1; return i < 0 ? "!" + esc(String(id)) : String(i); };
  const unref = (s, ids) => (s[0] === "!" ? une(s.slice(1)) : ids && ids[int(s)] !== undefined ? ids[int(s)] : bad());
  const answers = (a, ids) => Object.entries(a && typeof a === "object" ? a : {}).map(([k, r]) => ref(k, ids) + "=" + val(r)).join(",");
  const unanswers = (s, ids) => {
    const a = {};
    if (s) s.split(",").forEach((p) => { const [k, v] = p.split("="); a[unref(k, ids)] = unval(v); });
    return a;
  };
  const list = (ids, all) => (Array.isArray(ids) ? ids.map((id) => ref(id, all)).join(".") : "");
  const unlist = (s, all) => (s ? s.split(".").map((x) => unref(x, all)) : []);
  const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : null);

  const shape = (ctx) => {
    const m = ctx.m, items = [], at = new Map();
    m.lessons.forEach((l) => l.items.forEach((it) => { if (!at.has(it.key)) { at.set(it.key, items.length); items.push(it); } }));
    const layout = hash(m.ns + "\n" + m.lessons.map((l) => l.url + " " + l.items.map((i) => i.kind + ":" + i.id).join(" ")).join("\n"));
    return { m, items, at, layout, q: ctx.q || {}, journey: `ck:${m.ns}:journey`, mistakes: `ck:${m.ns}:mistakes`, name: `ck:${m.ns}:name` };
  };

  function encode(ctx, data, limit) {
    const c = shape(ctx), used = new Set(), entries = [];
    const get = (k) => { used.add(k); return data[k] === undefined ? null : data[k]; };
    const add = (tag, text, rank = 0) => entries.push({ tag, text, rank });
    const rec = obj(get(c.journey)) || {}, won = obj(rec.won) || {}, ends = obj(rec.ends) || {};
    const read = Array.isArray(rec.read) ? rec.read : [];
    add("r", bits(c.m.lessons.map((l) => read.includes(l.url))));
    add("w", bits(c.items.map((it) => !!won[it.key])));
    const name = get(c.name);
    if (typeof name === "string" && name) add("n", esc(name));
    c.items.forEach((it, i) => {
      const d = obj(get(it.key));
      if (it.kind === "quiz") {
        const draft = obj(get(it.key + ":draft"));
        if (draft) add("f", i + ":" + answers(draft.a));
        if (!d) return;
        const rank = -(Date.parse(d.at) || 0);
        add("q", [i, num(d.best), num(d.pct), t36(d.at), d.passed ? 1 : 0].join(":"), rank);
        if (obj(d.a) && Object.keys(d.a).length) add("d", i + ":" + answers(d.a), rank);
      } else if (it.kind === "exam") {
        if (!d || !Array.isArray(d.tries)) return;
        const ids = c.q[it.key], w = obj(d.won), last = obj(d.last), p = obj(d.p);
        add("x", [i, d.tries.map(num).join(","), num(d.best), d.passed ? 1 : 0,
          w ? [num(w.got), num(w.max), num(w.pct), t36(w.at)].join(",") : "",
          last ? [num(last.got), num(last.max), num(last.pct), last.passed ? 1 : 0, last.up ? 1 : 0, t36(last.at)].join(",") : ""].join(":"));
        if (p) add("p", [i, p.seed | 0, Math.floor((+p.t0 || 0) / 1000).toString(36), list(p.ids, ids), answers(p.a, ids)].join(":"));
        if (last && obj(last.p)) add("l", [i, last.p.seed | 0, list(last.p.ids, ids), answers(last.p.a, ids)].join(":"));
        const prev = list(d.prev, ids); // most often the last paper's: then said once, in l
        if (prev && !(last && obj(last.p) && prev === list(last.p.ids, ids))) add("v", i + ":" + prev);
      } else {
        const end = obj(ends[it.key]);
        if (d && Array.isArray(d.f)) {
          const o = end ? OUTCOMES.indexOf(end.o) : -1;
          add("s", [i, num(d.b), d.f.map(esc).join("."), end ? (o < 0 ? "!" + esc(String(end.o)) : o) : "", end ? num(end.s) : ""].join(":"));
          if (Array.isArray(d.p) && d.p.length) add("t", i + ":" + d.p.join("."));
        }
      }
    });
    const mistakes = obj(get(c.mistakes));
    if (mistakes && obj(mistakes.w)) Object.entries(mistakes.w).forEach(([quiz, ids]) => { if (Array.isArray(ids)) add("m", esc(quiz) + ":" + ids.map((x) => esc(String(x))).join(".")); });
    Object.keys(data).forEach((k) => { if (!used.has(k) && data[k] !== null && data[k] !== undefined) add("o", esc(k) + "=" + esc(JSON.stringify(data[k]))); });
    /* greedy, in priority order: what does not fit is left out, the rest kept */
    const kept = {}, room = limit - 24; // the header: format, layout and check
    let size = 0;
    entries.sort((a, b) => ORDER.indexOf(a.tag) - ORDER.indexOf(b.tag) || a.rank - b.rank);
    entries.forEach((e) => {
      const cost = e.text.length + (kept[e.tag] ? 1 : 2);
      if (size + cost > room) return;
      (kept[e.tag] = kept[e.tag] || []).push(e.text);
      size += cost;
    });
    const body = [...ORDER].filter((t) => kept[t]).map((t) => "|" + t + kept[t].join(";")).join("");
    return `K1.${c.layout}.${hash(body)}${body}`;
  }

  function decode(ctx, s) {
    try {
      const c = shape(ctx), head = /^K1\.([0-9a-z]+)\.([0-9a-z]+)((?:\|.*)?)$/.exec(s || "");
      if (!head || head[1] !== c.layout || head[2] !== hash(head[3])) return null;
      const out = {}, rec = { v: 1, read: [], won: {}, ends: {} }, item = (x) => c.items[int(x)] || bad();
      const exam = (i) => out[item(i).key] || {}; // its entry left out for room: the detail goes too
      out[c.journey] = rec;
      head[3].split("|").slice(1).sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0])).forEach((sec) => {
        const tag = sec[0], body = sec.slice(1);
        if (tag === "r") unbits(body, c.m.lessons.length).forEach((b, i) => { if (b) rec.read.push(c.m.lessons[i].url); });
        else if (tag === "w") unbits(body, c.items.length).forEach((b, i) => { if (b) rec.won[c.items[i].key] = 1; });
        else if (tag === "n") out[c.name] = une(body);
        else body.split(";").forEach((e) => {
          const f = e.split(":");
          if (tag === "x") {
            const w = f[4] ? f[4].split(",") : null, l = f[5] ? f[5].split(",") : null;
            out[item(f[0]).key] = { v: 1, tries: f[1] ? f[1].split(",").map(unnum) : [], best: unnum(f[2]) || 0, passed: f[3] === "1",
              prev: [], p: null, ...(w ? { won: { got: unnum(w[0]), max: unnum(w[1]), pct: unnum(w[2]), at: iso(w[3]) } } : {}),
              ...(l ? { last: { got: unnum(l[0]), max: unnum(l[1]), pct: unnum(l[2]), passed: l[3] === "1", up: l[4] === "1", at: iso(l[5]) } } : {}) };
          } else if (tag === "p") {
            const ids = c.q[item(f[0]).key];
            exam(f[0]).p = { seed: int(f[1]), ids: unlist(f[3], ids), a: unanswers(f[4], ids), t0: parseInt(f[2], 36) * 1000 };
          } else if (tag === "l") {
            const d = exam(f[0]), ids = c.q[item(f[0]).key];
            if (d.last) d.last.p = { seed: int(f[1]), ids: unlist(f[2], ids), a: unanswers(f[3], ids) };
            if (d.last && !d.prev.length) d.prev = d.last.p.ids;
          } else if (tag === "v") exam(f[0]).prev = unlist(f[1], c.q[item(f[0]).key]);
          else if (tag === "s") {
            const key = item(f[0]).key;
            out[key] = { v: 1, p: [], b: unnum(f[1]), f: f[2] ? f[2].split(".").map(une) : [] };
            if (f[3] !== "") rec.ends[key] = { o: f[3][0] === "!" ? une(f[3].slice(1)) : OUTCOMES[int(f[3])], s: unnum(f[4]) };
          } else if (tag === "t") (out[item(f[0]).key] || {}).p = f[1].split(".").map(int);
          else if (tag === "q") {
            out[item(f[0]).key] = { v: 1, a: {}, best: unnum(f[1]) || 0, ...(f[2] ? { pct: unnum(f[2]) } : {}),
              ...(f[3] ? { at: iso(f[3]) } : {}), ...(f[4] === "1" ? { passed: true } : {}) };
          } else if (tag === "d") (out[item(f[0]).key] || {}).a = unanswers(f[1]);
          else if (tag === "f") out[item(f[0]).key + ":draft"] = { v: 1, a: unanswers(f[1]) };
          else if (tag === "m") {
            const m = out[c.mistakes] = out[c.mistakes] || { v: 1, w: {} };
            m.w[une(f[0])] = f[1] ? f[1].split(".").map(une) : [];
          } else if (tag === "o") {
            const [k, v] = e.split("=");
            out[une(k)] = JSON.parse(une(v));
          } else bad();
        });
      });
      return out;
    } catch (e) {
      return null;
    }
  }

  root.coursekitCodec = { encode, decode };
})(typeof window === "undefined" ? globalThis : window);
