/* coursekit in an LMS: in every page of the package, before coursekit's own script. When the page
   is the launcher's frame and the launcher holds an LMS session (scorm-launch.js), the saved
   results go to the launcher's store instead of the browser's (the storage interface:
   `coursekit:init`), the launcher learns which page this is, and the results' events reach it.
   Anywhere else (no session, the page opened alone) nothing changes. */
(() => {
  let lms = null;
  try {
    lms = window.parent !== window && window.parent.coursekitLMS;
  } catch (e) { /* another origin's frame */ }
  if (!lms || !lms.live) return;
  document.addEventListener("coursekit:init", (e) => e.detail.storage.use({
    get: (key) => { const text = lms.raw(key); return text === null ? null : JSON.parse(text); },
    set: (key, value) => lms.set(key, JSON.stringify(value)),
    remove: (key) => lms.remove(key),
  }));
  lms.page(location.href);
  ["quiz", "scenario", "exam"].forEach((kind) => document.addEventListener("coursekit:" + kind, (e) => lms.event(kind, e.target, e.detail)));
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") lms.hidden(); });
})();
