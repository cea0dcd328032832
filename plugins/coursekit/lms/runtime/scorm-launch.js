/* coursekit in an LMS: the SCO. It finds the LMS's API (ADL's way: this window and its parents,
   then the opener's), initialises once, reads the suspend data into a map that the course's
   pages use as their storage (scorm-page.js: `parent.coursekitLMS`), then opens the course in
   its frame, at the page it was left on. What it reports: the learner's place and progress
   (suspend data: scorm-codec.js), the status, the final assessment's score and each question of
   each paper handed in (cmi.interactions). Commits come at meaningful moments (a quiz graded, a
   role-play ended, a paper handed in, a lesson done; a change of page after a quiet while), on
   `visibilitychange` to hidden, and the finish on `pagehide`. Without an API, or when the LMS
   refuses, the course still works: a line above the frame says so once, and without a session
   the pages keep using the browser's storage. */
(() => {
  const body = document.body, d = body.dataset, frame = document.querySelector("iframe"), note = document.querySelector(".ck-lms");
  const v12 = d.version === "scorm12", says = JSON.parse(d.strings || "{}");
  const QUIET = +d.quiet || 15000, SOON = 800; // ms: after a change of page (lms/scorm.py); after a result
  const F = v12 ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", error: "LMSGetLastError" }
    : { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate", error: "GetLastError" };
  const E = v12 ? { loc: "cmi.core.lesson_location", entry: "cmi.core.entry", name: "cmi.core.student_name", exit: "cmi.core.exit", time: "cmi.core.session_time", score: "cmi.core.score.", status: "cmi.core.lesson_status" }
    : { loc: "cmi.location", entry: "cmi.entry", name: "cmi.learner_name", exit: "cmi.exit", time: "cmi.session_time", score: "cmi.score." };
  const limit = +d.limit || 4096, started = Date.now(), store = new Map(), sent = new Map();
  let api = null, live = false, m = null, said = false, timer = 0, urgent = false, changed = false, lessons = -1;

  const find = (win) => {
    for (let n = 0; win && n < 500; n++) {
      try {
        const found = v12 ? win.API : win.API_1484_11;
        if (found) return found;
      } catch (e) { /* another origin: stop here */ return null; }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  };
  const say = (text) => {
    if (said || !text || !note) return;
    said = true;
    note.textContent = text;
    note.hidden = false;
  };
  /* one call of the API, then its error code: anything but "0" is a failure, said once */
  const call = (name, ...args) => {
    let out = "false", code = "-1";
    try {
      out = String(api[F[name]](...args));
      code = String(api[F.error]());
    } catch (e) { /* a broken API: as a refusal */ }
    const ok = code === "0" && (name === "get" || out === "true");
    if (!ok && name !== "get") say(says.lms_error);
    return ok ? out : name === "get" ? "" : null;
  };
  const get = (el) => call("get", el);
  const set = (el, value) => {
    value = String(value);
    if (sent.get(el) === value) return;
    if (call("set", el, value) !== null) sent.set(el, value);
    changed = true;
  };
  const parse = (k) => { try { return JSON.parse(store.get(k)); } catch (e) { return null; } };
  const all = () => Object.fromEntries([...store.keys()].map((k) => [k, parse(k)]));
  const ctx = () => ({ m, q: JSON.parse(d.questions || "{}") });
  const state = () => window.coursekitState(m, (k) => (store.has(k) ? parse(k) : null));
  const r2 = (x) => Math.round(x * 100) / 100;

  /* what the LMS is told, values sent only when they change */
  /* What the LMS held when the session opened: the course never tells it less (a status or a score
     lower than before), even when the suspend data had to be ignored (another layout of the course). */
  const RANK = { passed: 5, failed: 4, completed: 3, incomplete: 2, browsed: 1 };
  const held = { status: "", success: "", completion: "", raw: null };
  const most = (a, b) => ((RANK[a] || 0) > (RANK[b] || 0) ? a : b);
  const report = () => {
    const s = state(), f = s.final, over = !!f && !f.passed && f.tries >= f.attempts;
    const before = v12 ? held.status : held.success, settled = (!!f && (f.passed || over)) || before === "passed" || before === "failed";
    set("cmi.suspend_data", window.coursekitCodec.encode(ctx(), all(), limit));
    const success = f && f.passed ? "passed" : over ? "failed" : "";
    if (v12) set(E.status, most(held.status, success || (s.complete ? "completed" : "incomplete")));
    else {
      const complete = s.complete || settled || held.completion === "completed";
      set("cmi.completion_status", complete ? "completed" : "incomplete");
      set("cmi.success_status", most(held.success, success) || "unknown");
      set("cmi.progress_measure", complete ? 1 : s.total ? r2(s.done / s.total) : 0);
    }
    /* the score once the assessment is settled: a failed paper with attempts left is not a final
       mark, and SCORM 1.2 lets an LMS turn a score under the mastery score into "failed" */
    const best = Math.max(f && f.best !== null && (f.passed || over) ? f.best : -1, held.raw === null ? -1 : held.raw);
    if (settled && best >= 0) {
      set(E.score + "min", 0);
      set(E.score + "max", 100);
      set(E.score + "raw", r2(best));
      if (!v12) set("cmi.score.scaled", Math.round(best * 100) / 10000);
    }
    set(E.exit, settled ? (v12 ? "" : "normal") : "suspend");
    return s;
  };
  const commit = () => {
    clearTimeout(timer);
    timer = 0;
    if (!live) return;
    report();
    if (changed && call("commit", "") !== null) changed = false;
  };
  const later = (ms, now) => {
    if (!live || (timer && urgent && !now)) return;
    clearTimeout(timer);
    urgent = now;
    timer = setTimeout(commit, ms);
  };
  const finish = () => {
    if (!live) return;
    clearTimeout(timer);
    report();
    const s = Math.round((Date.now() - started) / 1000), h = Math.floor(s / 3600), mn = Math.floor(s / 60) % 60, sec = s % 60;
    const pad = (n) => String(n).padStart(2, "0");
    set(E.time, v12 ? `${pad(h)}:${pad(mn)}:${pad(sec)}` : `PT${h}H${mn}M${sec}S`);
    live = false;
    api[F.finish]("");
  };

  /* each question of a paper handed in: one cmi.interactions entry */
  const letter = (i) => "abcdefghijklmnopqrstuvwxyz"[i] || String(i);
  const interactions = (paper) => {
    const sep = v12 ? "," : "[,]", pair = v12 ? "." : "[.]";
    const text = (s) => s.replace(/\[[,.]\]/g, " ").replace(/^\{/, "(").slice(0, v12 ? 255 : 250);
    paper.forEach((x) => {
      const n = +get("cmi.interactions._count") || 0, at = `cmi.interactions.${n}.`, type = x.node.dataset.type;
      const r = x.response(), g = x.grade(r), c = x.grade(r).ok || [];
      const kind = { single: "choice", multiple: "choice", truefalse: "true-false", order: "sequencing", match: "matching" }[type] || "fill-in";
      const tf = (i) => (i === 0 ? (v12 ? "t" : "true") : v12 ? "f" : "false");
      let said = "", right = null;
      if (kind === "choice") {
        said = [].concat(r).filter((i) => i !== null).map(letter).join(sep);
        right = c.map((ok, i) => (ok ? letter(i) : null)).filter(Boolean).join(sep);
      } else if (kind === "true-false") {
        said = r === null ? "" : tf(r);
        right = tf(c.indexOf(true));
      } else if (kind === "sequencing") {
        said = r.map(letter).join(sep);
        right = r.map((v, k) => x.valueAt(k, r.length)).map((v) => (v === null ? "" : letter(v))).join(sep);
      } else if (kind === "matching") {
        const values = x.node.querySelector("select").options.length - 1;
        said = r.map((v, k) => (v === null ? null : letter(k) + pair + letter(v))).filter(Boolean).join(sep);
        right = r.map((v, k) => { const w = x.valueAt(k, values); return w === null ? null : letter(k) + pair + letter(w); }).filter(Boolean).join(sep);
      } else said = text(String(r || ""));
      set(at + "id", x.node.id.replace(/^ck-exam-/, ""));
      set(at + "type", kind);
      if (!v12) {
        const q = x.node.querySelector(".ck-q__text");
        if (q) set(at + "description", q.textContent.replace(/\s+/g, " ").trim().slice(0, 250));
        set(at + "timestamp", new Date().toISOString().slice(0, 19));
      }
      if (right) set(at + "correct_responses.0.pattern", right);
      if (said) set(at + (v12 ? "student_response" : "learner_response"), said);
      set(at + "weighting", g.max);
      set(at + "result", g.fraction === 1 ? "correct" : v12 ? "wrong" : "incorrect");
    });
  };

  /* what the course's pages use (scorm-page.js) */
  const base = new URL(".", location.href).href;
  window.coursekitLMS = {
    get live() { return live; },
    raw: (k) => (store.has(k) ? store.get(k) : null),
    set(k, text) {
      store.set(k, text);
      if (m && k === `ck:${m.ns}:journey`) {
        const done = state().done; // a lesson done is worth a commit
        if (done > lessons && lessons >= 0) later(SOON, true);
        lessons = done;
      }
    },
    remove: (k) => store.delete(k),
    page(href) {
      const url = href.replace(/[?#].*$/, "");
      if (url.startsWith(base) && url.length - base.length <= 255) set(E.loc, url.slice(base.length));
      later(QUIET, false);
    },
    event(kind, target, detail) {
      if (!live || !detail || detail.restored) return;
      if (kind === "exam" && Array.isArray(target.paper)) interactions(target.paper);
      later(SOON, true);
    },
    /* a page hidden: a commit if the whole window is (a tab switched, the browser closed), not when the
       frame only goes to another page; from the launcher's own task, never during the page's dismissal
       (browsers refuse the LMS's synchronous requests there) */
    hidden: () => setTimeout(() => { if (live && document.visibilityState === "hidden") commit(); }, 0),
  };

  const open = (where) => {
    const page = /^(?![a-z][a-z0-9+.-]*:|\/)(?!.*\.\.)[\w./~-]+\.html(#[\w-]*)?$/i.test(where) ? where : "index.html";
    frame.src = page;
  };
  const start = async () => {
    api = find(window) || (window.opener ? find(window.opener) : null);
    if (api && call("init", "") !== null) live = true;
    if (!live) {
      say(says.lms_none);
      return open("index.html");
    }
    try {
      m = await (await fetch(d.manifest)).json();
    } catch (e) {
      m = null;
    }
    /* What the LMS holds from an earlier session of this attempt: nothing on a new one ("ab-initio").
       SCORM 2004 answers 403 for an element never set, so there the suspend data, the place and the
       score are read only once the statuses show that the course reported before: after a suspend
       ("resume"), but also after a normal exit (entry "") when the LMS keeps the attempt. */
    const entry = get(E.entry);
    let resumed = entry !== "ab-initio";
    if (resumed && v12) held.status = get(E.status);
    else if (resumed) {
      Object.assign(held, { success: get("cmi.success_status"), completion: get("cmi.completion_status") });
      resumed = entry === "resume" || held.completion === "completed" || held.completion === "incomplete";
    }
    const scored = v12 ? held.status in RANK : held.success === "passed" || held.success === "failed";
    const raw = resumed && scored ? parseFloat(get(E.score + "raw")) : NaN;
    held.raw = Number.isFinite(raw) ? raw : null;
    const data = m && resumed && window.coursekitCodec.decode(ctx(), get("cmi.suspend_data"));
    if (data) Object.entries(data).forEach(([k, v]) => store.set(k, JSON.stringify(v)));
    const who = get(E.name).split(",").map((s) => s.trim()).filter(Boolean).reverse().join(" ");
    if (m && who && !store.has(`ck:${m.ns}:name`)) store.set(`ck:${m.ns}:name`, JSON.stringify(who));
    if (!m) { // without the manifest nothing can be saved compactly: the pages keep the browser's storage
      say(says.lms_error);
      live = false;
      api[F.finish]("");
      return open("index.html");
    }
    lessons = state().done;
    report();
    open(resumed ? get(E.loc) : "index.html");
  };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") commit(); });
  window.addEventListener("pagehide", finish);
  start();
})();
