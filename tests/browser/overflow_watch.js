// The overflow watch: injected into every page the browser tests open (add_init_script).
// After every change to the page (a load, an htmx swap, a transaction's status, a resize) it
// measures whether the page is wider than the window — sideways scrolling on a phone — and
// reports it to the test through the binding __snOverflowSeen(report), so every state a test
// visits is checked, not only the ones it names. window.__snOverflowNow() measures on demand.
(() => {
  // The deepest element that sticks out of the window (its box, or its content: a word too
  // long for it) and is not inside something that scrolls or clips on its own (a table in
  // its .table-scroll may be wider: it scrolls there).
  function culprit() {
    let found = null;
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (Math.max(box.right, box.left + el.scrollWidth) <= window.innerWidth + 0.5) continue;
      let inside = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") inside = true;
      }
      if (!inside) found = el;
    }
    if (!found) return "";
    const path = [];
    for (let el = found; el && el !== document.body && path.length < 4; el = el.parentElement) {
      path.unshift(el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + [...el.classList].map((c) => `.${c}`).join(""));
    }
    const text = (found.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return `${path.join(" > ")}${text ? ` "${text}"` : ""}`;
  }

  function measure() {
    const root = document.scrollingElement || document.documentElement;
    const px = root.scrollWidth - window.innerWidth;
    const status = document.querySelector("[data-tx-status][data-state]");
    return {
      px,
      width: window.innerWidth,
      url: location.pathname + location.search,
      culprit: px > 0 ? culprit() : "",
      during: status ? status.textContent.trim().slice(0, 80) : "",
    };
  }
  window.__snOverflowNow = measure;

  let queued = false;
  function check() {
    queued = false;
    // Before "load" the stylesheet may not apply yet: nothing is painted then either.
    if (document.readyState !== "complete") return;
    const report = measure();
    if (report.px > 0 && window.__snOverflowSeen) window.__snOverflowSeen(report);
  }
  function queue() {
    if (queued) return;
    queued = true;
    setTimeout(check, 0);
  }
  new MutationObserver(queue).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.addEventListener("resize", queue);
  window.addEventListener("load", queue);
})();
