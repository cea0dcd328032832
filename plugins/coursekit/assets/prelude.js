/* coursekit: what every widget's script shares. The site builder puts this file first in one
   script, inside one function (so nothing lands on `window`), the others after it, each in its
   own block: they all see `ck`, and only `ck`.

   Saved results go through `ck.storage`, never to localStorage directly, so that another
   backend (an LMS, a server) can take them. To replace it, listen for `coursekit:init` on
   `document` in a script that runs before this one (an `extra_javascript` entry does):

     document.addEventListener("coursekit:init", (e) => e.detail.storage.use({
       get(key) { ... },        // the value saved under `key` (a JSON-like object) or null
       set(key, value) { ... }, // save it (JSON.stringify(value) is the localStorage format)
       remove(key) { ... },     // forget it
     }));

   The event fires once, just before the widgets start: every widget then reads and writes
   through that backend. Its methods are synchronous; an error thrown by one is taken as
   "nothing saved" (get) or ignored (set, remove). */
const ck = {
  t: "__CK_STRINGS__",
  types: Object.create(null), // question types, by name (questions/*.js)
  elements: {}, // custom elements, by tag: defined by ck.start(), once every file has run
};

/* A widget's own strings, which its HTML carries (data-strings: core/assets.py), join the others. */
ck.strings = (node) => Object.assign(ck.t, JSON.parse(node.dataset.strings || "{}"));
ck.fmt = (s, o) => s.replace(/\{(\w+)\}/g, (m, k) => (k in o ? o[k] : m));
ck.num = (n) => new Intl.NumberFormat(ck.t.lang, { maximumFractionDigits: 2 }).format(n).replace("-", "−");
ck.plural = (n) => (n > 1 ? "s" : "");
ck.words = (node) => node.textContent.replace(/\s+/g, " ").trim();
ck.el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text != null) node.textContent = text;
  return node;
};
ck.html = (tag, cls, markup) => {
  const node = ck.el(tag, cls);
  node.innerHTML = markup; // trainer-written HTML, built by the site generator
  return node;
};
ck.shuffle = (items, random = Math.random) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};
/* A live region is emptied, then filled a moment later: a screen reader then reads it again
   even when the text is the same. */
ck.say = (node, text) => {
  node.textContent = "";
  clearTimeout(node.ckTimer);
  node.ckTimer = setTimeout(() => { node.textContent = text; }, 50);
};

{
  const local = {
    get: (key) => JSON.parse(localStorage.getItem(key)),
    set: (key, value) => localStorage.setItem(key, JSON.stringify(value)),
    remove: (key) => localStorage.removeItem(key),
  };
  let backend = local;
  ck.storage = {
    use(other) { backend = other || local; },
    get(key) {
      try {
        const value = backend.get(key);
        return value === undefined ? null : value;
      } catch (e) {
        ck.storage.remove(key); // unreadable: start afresh
        return null;
      }
    },
    set(key, value) {
      try { backend.set(key, value); } catch (e) { /* full or off */ }
    },
    remove(key) {
      try { backend.remove(key); } catch (e) { /* storage off */ }
    },
  };
}

ck.start = () => {
  document.dispatchEvent(new CustomEvent("coursekit:init", { detail: { storage: ck.storage } }));
  for (const [tag, cls] of Object.entries(ck.elements)) if (!customElements.get(tag)) customElements.define(tag, cls);
};

/* SHA-256, synchronous: crypto.subtle does not exist on a plain-http intranet. */
{
  const K = [], H0 = [];
  for (let c = 2, n = 0; n < 64; c++) {
    let prime = true;
    for (let d = 2; d * d <= c; d++) if (c % d === 0) { prime = false; break; }
    if (!prime) continue;
    if (n < 8) H0[n] = (Math.pow(c, 1 / 2) * 4294967296) | 0;
    K[n++] = (Math.pow(c, 1 / 3) * 4294967296) | 0;
  }
  const rot = (x, n) => (x >>> n) | (x << (32 - n));
  ck.sha256 = (msg) => {
    const l = msg.length, size = ((l + 72) >> 6) << 6;
    const b = new Uint8Array(size);
    b.set(msg); b[l] = 0x80;
    const v = new DataView(b.buffer);
    v.setUint32(size - 4, l << 3); // the length in bits: under 512 MB, its high word stays 0
    const h = H0.slice(), w = new Array(64);
    for (let o = 0; o < size; o += 64) {
      for (let i = 0; i < 64; i++) {
        if (i < 16) w[i] = v.getUint32(o + 4 * i);
        else {
          const x = w[i - 15], y = w[i - 2];
          w[i] = (w[i - 16] + (rot(x, 7) ^ rot(x, 18) ^ (x >>> 3)) + w[i - 7] + (rot(y, 17) ^ rot(y, 19) ^ (y >>> 10))) | 0;
        }
      }
      let [a, bb, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      [a, bb, c, d, e, f, g, hh].forEach((x, i) => { h[i] = (h[i] + x) | 0; });
    }
    const out = new Uint8Array(32), ov = new DataView(out.buffer);
    h.forEach((x, i) => ov.setUint32(4 * i, x));
    return out;
  };
  const utf8 = new TextEncoder();
  const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).padStart(2, "0")).join("");
  /* Same recipe as token() in Python. */
  ck.tok = (...parts) => hex(ck.sha256(utf8.encode(parts.join("|")))).slice(0, 16);
  /* Same recipe as seal() in Python: XOR with SHA-256(salt|qid|seal|n) blocks, then JSON. */
  ck.unseal = (salt, qid, text) => {
    try {
      const data = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
      for (let n = 0; n * 32 < data.length; n++) {
        const block = ck.sha256(utf8.encode(`${salt}|${qid}|seal|${n}`));
        for (let i = 0; i < 32 && n * 32 + i < data.length; i++) data[n * 32 + i] ^= block[i];
      }
      return JSON.parse(new TextDecoder().decode(data));
    } catch (e) {
      return {};
    }
  };
}
