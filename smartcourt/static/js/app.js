// htmx sends the CSRF token from the <meta> tag on every request (no inline script: CSP forbids it).
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers["X-CSRFToken"] = meta.content;
});

// The case page's lazy tabs: a pane with data-lazy-url holds a placeholder until its tab is first shown; then its
// panel is fetched (the same include the page renders when the tab is open) and htmx wires up what it holds.
(() => {
  function fail(pane) {
    delete pane.dataset.lazyState;
    const fallback = pane.querySelector("[data-lazy-fallback]");
    if (fallback) fallback.classList.remove("d-none");
  }
  function load(pane) {
    const url = pane.dataset.lazyUrl;
    if (!url || pane.dataset.lazyState) return;
    pane.dataset.lazyState = "loading";
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => {
        // signed out meanwhile (a redirect to the sign-in page): open the tab as a page, which asks to sign in
        if (response.redirected) {
          const fallback = pane.querySelector("[data-lazy-fallback]");
          if (fallback) window.location.href = fallback.href;
          return null;
        }
        return response.ok ? response.text() : Promise.reject(new Error(String(response.status)));
      })
      .then((html) => {
        if (html === null) return;
        pane.innerHTML = html;
        pane.dataset.lazyState = "loaded";
        pane.removeAttribute("data-lazy-url");
        if (window.htmx) window.htmx.process(pane);
        pane.dispatchEvent(new CustomEvent("sc:lazy-loaded", { bubbles: true }));
      })
      .catch(() => fail(pane));
  }
  document.addEventListener("shown.bs.tab", (event) => {
    const selector = event.target.getAttribute("data-bs-target");
    const pane = selector ? document.querySelector(selector) : null;
    if (pane) load(pane);
  });
})();
