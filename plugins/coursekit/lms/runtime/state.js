/* coursekit in an LMS: how far the learner is in the course, read from the saved results by the
   same rules as the site's own journey (assets/journey.js): a lesson is done when it was opened
   and each thing it holds is done (a quiz passed once, a role-play played to an ending, an
   assessment passed). The LMS scripts (SCORM, xAPI) run outside the site's script and load this
   file beside theirs.

   coursekitState(m, get): m is the course's manifest (assets/coursekit/course.<hash>.json), get(key)
   returns a saved value (or null). The result:
   {lessons: [{url, title, done}], done, total, complete, final: {id, passed, best, tries, attempts} | null} */
window.coursekitState = (m, get) => {
  const read = (key) => {
    try {
      const value = get(key);
      return value && typeof value === "object" ? value : {};
    } catch (e) {
      return {};
    }
  };
  const rec = read(`ck:${m.ns}:journey`);
  const opened = Array.isArray(rec.read) ? rec.read : [], won = rec.won && typeof rec.won === "object" ? rec.won : {};
  const itemDone = (item) => {
    const d = read(item.key);
    if (item.kind === "quiz") return !!(d.passed || won[item.key]);
    if (item.kind === "exam") return !!d.passed;
    return Array.isArray(d.f) && d.f.length > 0;
  };
  const lessons = m.lessons.map((l) => ({ url: l.url, title: l.title, done: opened.includes(l.url) && l.items.every(itemDone) }));
  const done = lessons.filter((l) => l.done).length;
  let final = null;
  if (m.final) {
    const d = read(m.final.key), tries = Array.isArray(d.tries) ? d.tries.length : 0;
    final = { id: m.final.id, passed: !!d.passed, best: typeof d.best === "number" ? d.best : null, tries, attempts: m.final.attempts };
  }
  return { lessons, done, total: lessons.length, complete: lessons.length > 0 && done === lessons.length, final };
};
