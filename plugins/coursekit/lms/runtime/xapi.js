/* coursekit's xAPI statements, for a course launched by an LMS or an LRS with the « tincan » launch
   convention: index.html?endpoint=…&auth=…&actor={json}&registration=…&activity_id=…
   `coursekit export xapi` writes this file into the package with ACT, the course's activity id.

   The launch is read once, kept in sessionStorage for the next pages (never in localStorage, never
   in the site's files) and taken out of the address bar. Without a launch this script does nothing.
   Statements (ADL verbs) go into a queue in sessionStorage (statements only, no credentials) and
   are sent in order; what the network or the LRS could not take (offline, 5xx, 401, 403, 408, 429)
   is sent again when the browser is back online, on the next page or after a while; a statement the
   LRS refuses (another 4xx) is dropped and said in the console, never sent again. When the page is
   hidden, what is left goes in one request that outlives the page (fetch keepalive: sendBeacon
   cannot carry the Authorization header). state.js (loaded beside it) says when the course is
   complete: « completed » is sent once per registration. */
(() => {
  const ACT = "__ACTIVITY__";
  const SK = "ck-xapi:" + ACT, QK = SK + ":queue", PARAMS = ["endpoint", "auth", "actor", "registration", "activity_id"];
  const ADL = "http://adlnet.gov/expapi/", IRI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const one = (v) => (Array.isArray(v) ? v[0] : v);
  /* the actor as the launch gives it, old TinCan arrays included, as an xAPI Agent (or null) */
  const agent = (text) => {
    const a = JSON.parse(text), out = { objectType: "Agent" }, acc = one(a.account);
    if (one(a.name)) out.name = String(one(a.name));
    for (const k of ["mbox", "mbox_sha1sum", "openid"]) if (one(a[k])) out[k] = String(one(a[k]));
    if (out.mbox && !out.mbox.startsWith("mailto:")) out.mbox = "mailto:" + out.mbox;
    if (acc) out.account = { homePage: String(acc.homePage || acc.accountServiceHomePage), name: String(acc.name || acc.accountName) };
    return out.mbox || out.mbox_sha1sum || out.openid || out.account ? out : null;
  };
  let launch = null;
  try {
    const q = new URLSearchParams(location.search);
    if (q.has("endpoint")) {
      const url = new URL(q.get("endpoint"), location.href), actor = agent(q.get("actor") || "null"), reg = q.get("registration") || "";
      const act = q.get("activity_id") || "";
      if (!/^https?:$/.test(url.protocol) || !q.get("auth") || !actor) throw new Error("endpoint, auth or actor");
      launch = { endpoint: url.href.replace(/\/?$/, "/"), auth: q.get("auth"), actor, registration: UUID.test(reg) ? reg : null, act: IRI.test(act) ? act : ACT };
      sessionStorage.setItem(SK, JSON.stringify(launch));
    } else launch = JSON.parse(sessionStorage.getItem(SK));
  } catch (e) {
    console.warn("coursekit xAPI: the launch is unusable (" + e.message + "); no statement is sent");
  }
  {
    const url = new URL(location.href);
    if (PARAMS.some((p) => url.searchParams.has(p))) { // never leave credentials in the address bar
      PARAMS.forEach((p) => url.searchParams.delete(p));
      history.replaceState(history.state, "", url.href);
    }
  }
  if (!launch || !launch.endpoint) return;
  const L = launch, base = L.act.replace(/\/+$/, ""), lang = document.documentElement.lang || "und";
  const uuid = () => "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
  const words = (n) => (n ? n.textContent.replace(/\s+/g, " ").trim() : "");
  const title = (root) => {
    const h = root.querySelector("h2"), kind = h && h.querySelector("span");
    return words(h).replace(words(kind), "").trim();
  };
  const activity = (path, type, name) => ({ objectType: "Activity", id: path ? base + "/" + path : L.act,
    definition: { type: ADL + "activities/" + type, ...(name ? { name: { [lang]: name } } : {}) } });
  let store = null, manifest = null;
  const course = () => activity("", "course", manifest && manifest.name);
  document.addEventListener("coursekit:init", (e) => { store = e.detail.storage; });

  /* -- the queue: statements only, sent in order ------------------------------------------- */
  const load = () => {
    try { return JSON.parse(sessionStorage.getItem(QK)) || []; } catch (e) { return []; }
  };
  const keep = (list) => {
    try { sessionStorage.setItem(QK, JSON.stringify(list)); } catch (e) { /* storage full or off */ }
  };
  const post = (body) => {
    const text = JSON.stringify(body);
    return fetch(L.endpoint + "statements", { method: "POST", keepalive: text.length < 60000, body: text,
      headers: { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3", Authorization: L.auth } });
  };
  const again = (r) => !r || r.status >= 500 || [401, 403, 408, 429].includes(r.status);
  const done = (ids) => keep(load().filter((s) => !ids.includes(s.id)));
  let busy = false, timer = 0;
  const flush = async () => {
    if (busy || !navigator.onLine) return;
    busy = true;
    clearTimeout(timer);
    try {
      for (let list = load(); list.length; list = load()) {
        const s = list[0];
        let r = null;
        try { r = await post(s); } catch (e) { /* the network */ }
        if (again(r)) {
          timer = setTimeout(flush, 30000);
          break;
        }
        // 409: the LRS holds this statement already (sent by a page that closed before its answer)
        if (!r.ok && r.status !== 409) console.warn(`coursekit xAPI: the LRS refused a statement (${r.status}), dropped:`, s);
        done([s.id]);
      }
    } finally {
      busy = false;
    }
  };
  const send = (verb, object, result, more) => {
    const context = { contextActivities: { parent: [course()], ...more } };
    if (L.registration) context.registration = L.registration;
    const s = { id: uuid(), actor: L.actor, verb: { id: ADL + "verbs/" + verb, display: { "en-US": verb } }, object, context, timestamp: new Date().toISOString() };
    if (result) s.result = result;
    keep([...load(), s]);
    flush();
  };
  addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => {
    const list = load();
    if (document.visibilityState !== "hidden" || !list.length || !navigator.onLine) return;
    post(list).then((r) => r.ok && done(list.map((s) => s.id)), () => {});
  });
  flush();

  /* -- what the learner does ---------------------------------------------------------------------- */
  const score = (got, max) => ({ scaled: max ? Math.round((got / max) * 1e4) / 1e4 : 0, raw: got, min: 0, max });
  const TYPES = { single: "choice", multiple: "choice", truefalse: "true-false", fill: "fill-in", match: "matching", order: "sequencing", rewrite: "long-fill-in" };
  const response = (type, r) => {
    const list = [].concat(r == null ? [] : r);
    if (type === "truefalse") return r === 0 ? "true" : r === 1 ? "false" : "";
    if (type === "match") return list.map((v, k) => (v == null ? "" : k + "[.]" + v)).filter(Boolean).join("[,]");
    if (type === "rewrite") return list[0] || "";
    return TYPES[type] ? list.join("[,]") : JSON.stringify(r);
  };
  /* each question of a graded quiz or paper, then the quiz's own result */
  const graded = (root, path, questions, d) => {
    const quiz = activity(path, "assessment", title(root));
    questions.forEach((x) => {
      const r = x.response(), g = x.grade(r), q = activity(path + "/" + encodeURIComponent(x.id), "cmi.interaction", words(x.node.querySelector(".ck-q__text")));
      q.definition.interactionType = TYPES[x.type] || "other";
      send("answered", q, { success: g.fraction === 1, response: response(x.type, r), score: score(g.got, g.max) }, { grouping: [quiz] });
    });
    send(d.passed ? "passed" : "failed", quiz, { success: !!d.passed, completion: true, score: score(d.got, d.max) });
    later();
  };
  document.addEventListener("coursekit:quiz", (e) => {
    if (!e.detail.restored) graded(e.target, "quiz/" + encodeURIComponent(e.detail.quiz), e.target.questions || [], e.detail);
  });
  document.addEventListener("coursekit:exam", (e) => {
    const d = e.detail;
    graded(e.target, "assessment/" + encodeURIComponent(d.exam), e.target.paper || [], { ...d, got: d.score });
  });
  document.addEventListener("coursekit:scenario", (e) => {
    const d = e.detail;
    if (d.restored) return;
    const result = { completion: true, response: String(d.ending), score: { raw: d.score, ...(d.best >= d.score ? { max: d.best } : {}) },
      extensions: { [base + "/xapi/outcome"]: d.outcome } };
    send("completed", activity("scenario/" + encodeURIComponent(d.scenario), "simulation", title(e.target)), result);
    later();
  });

  /* -- the lesson read, the course completed ---------------------------------------------------- */
  const here = location.href.replace(/[?#].*$/, "");
  let lesson = null;
  const complete = () => {
    if (!manifest || !window.coursekitState) return;
    const journey = `ck:${manifest.ns}:journey`, get = (k) => {
      const v = store ? store.get(k) : JSON.parse(localStorage.getItem(k));
      if (k !== journey || !lesson) return v;
      const rec = v && typeof v === "object" ? v : {}, read = Array.isArray(rec.read) ? rec.read : [];
      return { ...rec, read: [...read, lesson.url] }; // this page counts as read: the journey notes it a moment later
    };
    const st = window.coursekitState(manifest, get), flag = `${SK}:completed:${L.registration || fnv(JSON.stringify(L.actor))}`;
    if (!st.complete || localStorage.getItem(flag)) return;
    try { localStorage.setItem(flag, "1"); } catch (e) { /* storage off: sent again on a later page */ }
    const f = st.final, result = { completion: true, ...(f ? { success: f.passed } : {}) };
    if (f && f.best !== null) result.score = { scaled: Math.round(f.best * 100) / 1e4 };
    send("completed", course(), result);
  };
  /* the flag's key names the learner without their address: FNV-1a of the actor, in hex */
  const fnv = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(16);
  };
  const later = () => setTimeout(complete, 0); // after the widget saved what the event reports
  (async () => {
    if (document.readyState === "loading") await new Promise((ok) => document.addEventListener("DOMContentLoaded", ok, { once: true }));
    const tag = document.querySelector('script[type="application/json"][src*="/coursekit/course."]');
    if (!tag) return;
    try {
      manifest = await (await fetch(tag.src)).json();
    } catch (e) {
      return;
    }
    const root = new URL("../../", tag.src);
    lesson = manifest.lessons.find((l) => new URL(l.url, root).href === here) || null;
    if (lesson) send("experienced", activity("lesson/" + lesson.url.replace(/(\/index)?\.html$|\/$/, ""), "lesson", lesson.title));
    complete();
  })();
})();
