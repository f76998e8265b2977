// The dossier viewer (阅卷): pages of the case file shown with pdf.js (single-page PDFs) or as images, the
// catalogue and the search hits jump to a page. Every page is fetched through the permission-checked view,
// which logs the read. ES module, no inline script (CSP script-src 'self').
const root = document.getElementById("dossier-viewer");
const dataNode = document.getElementById("dossier-pages");

if (root && dataNode) {
  const pages = JSON.parse(dataNode.textContent);
  const stage = root.querySelector("[data-role=stage]");
  const current = root.querySelector("[data-role=current]");
  const caption = root.querySelector("[data-role=caption]");
  const download = root.querySelector("[data-role=download]");
  const verify = root.querySelector("[data-role=verify]");
  const zooms = ["sc-zoom-1", "sc-zoom-2", "sc-zoom-3"];
  let zoom = 0;
  let index = 0;
  let pdfjs = null;
  let token = 0;

  async function lib() {
    if (!pdfjs) {
      pdfjs = await import(root.dataset.lib);
      pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.worker;
    }
    return pdfjs;
  }

  function message(text) {
    const div = document.createElement("div");
    div.className = "text-danger small p-3";
    div.textContent = text;
    stage.replaceChildren(div);
  }

  async function show(i) {
    if (!pages.length) return;
    index = Math.max(0, Math.min(pages.length - 1, i));
    const page = pages[index];
    const mine = ++token;
    current.textContent = String(page.n);
    caption.textContent = `${page.docTitle} · 本文件第${page.inDoc}页 · ${page.ocr} · ${page.ledger}`;
    stage.dataset.page = String(page.n);
    if (download) download.href = page.url + "?download=1";
    if (verify) verify.href = `${verify.dataset.base}?sha256=${page.sha256}`;
    document.querySelectorAll(".sc-cat-item").forEach((li) => {
      li.classList.toggle("sc-active", li.dataset.document === String(page.doc));
    });
    if (page.type === "image") {
      const img = document.createElement("img");
      img.className = "sc-page-img " + zooms[zoom];
      img.alt = `第${page.n}页`;
      img.src = page.url;
      img.dataset.testid = "page-image";
      img.addEventListener("load", () => { stage.dataset.loaded = String(page.n); }, { once: true });
      stage.replaceChildren(img);
      return;
    }
    try {
      const pdf = await (await lib()).getDocument({
        url: page.url,
        withCredentials: true,
        cMapUrl: root.dataset.cmaps, // CJK CID fonts (STSong-Light) are not embedded: pdf.js needs the cMaps
        cMapPacked: true,
        standardFontDataUrl: root.dataset.fonts,
      }).promise;
      const p = await pdf.getPage(1);
      if (mine !== token) return;
      const base = p.getViewport({ scale: 1 });
      const width = Math.max(320, stage.clientWidth || 800) * [1, 1.5, 2][zoom];
      const ratio = window.devicePixelRatio || 1;
      const viewport = p.getViewport({ scale: (width / base.width) * ratio });
      const canvas = document.createElement("canvas");
      canvas.className = "sc-page-canvas " + zooms[zoom];
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute("aria-label", `第${page.n}页`);
      canvas.dataset.testid = "page-canvas";
      await p.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
      if (mine !== token) return;
      stage.replaceChildren(canvas);
      stage.dataset.loaded = String(page.n);
    } catch (err) {
      message(`第${page.n}页无法显示：${err && err.message ? err.message : err}`);
    }
  }

  function goTo(n) {
    const i = pages.findIndex((p) => p.n === n);
    if (i >= 0) {
      show(i);
      root.scrollIntoView({ block: "start", behavior: "smooth" });
    }
  }

  root.addEventListener("click", (ev) => {
    const button = ev.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "prev") show(index - 1);
    if (action === "next") show(index + 1);
    if (action === "zoom-in" && zoom < 2) { zoom += 1; show(index); }
    if (action === "zoom-out" && zoom > 0) { zoom -= 1; show(index); }
  });
  document.addEventListener("click", (ev) => {
    const link = ev.target.closest(".sc-cat-link, .sc-hit");
    if (!link) return;
    const n = Number(link.dataset.first || link.dataset.page);
    if (!n) return;
    ev.preventDefault();
    goTo(n);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, select, textarea")) return;
    if (ev.key === "ArrowRight" || ev.key === "PageDown") show(index + 1);
    if (ev.key === "ArrowLeft" || ev.key === "PageUp") show(index - 1);
  });
  const start = Number(root.dataset.start);
  const first = start ? pages.findIndex((p) => p.n === start) : 0;
  show(first >= 0 ? first : 0);
}
