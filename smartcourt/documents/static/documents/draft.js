// Drafting beside the file (左看右写): quote the selected dossier text with its page, insert case material and
// statute articles, autosave, flag citations that do not hold.
(function () {
  "use strict";
  const body = document.getElementById("body");
  if (!body) return;
  const form = document.getElementById("draft-form");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const msg = document.getElementById("msg");
  const state = document.getElementById("save-state");
  let dirty = false;
  let timer = null;

  function say(text) { msg.textContent = text || ""; }

  function insertText(text) {
    if (body.readOnly) return;
    const start = body.selectionStart ?? body.value.length;
    const end = body.selectionEnd ?? start;
    body.value = body.value.slice(0, start) + text + body.value.slice(end);
    body.selectionStart = body.selectionEnd = start + text.length;
    body.focus();
    changed();
  }

  function post(url, data) {
    const fd = new FormData();
    Object.entries(data).forEach(([k, v]) => fd.append(k, v));
    return fetch(url, { method: "POST", body: fd, headers: { "X-CSRFToken": token, Accept: "application/json" }, credentials: "same-origin" });
  }

  function save() {
    if (!dirty) return Promise.resolve();
    dirty = false;
    state.textContent = "保存中…";
    return post(body.dataset.autosave, { body: body.value }).then(async (r) => {
      if (r.ok) { state.textContent = "已自动保存 " + new Date().toLocaleTimeString("zh-CN"); return; }
      const j = await r.json().catch(() => ({}));
      state.textContent = "";
      say(j.message || "自动保存失败");
    }).catch(() => { dirty = true; state.textContent = "未保存（网络）"; });
  }

  function changed() {
    dirty = true;
    state.textContent = "有未保存的修改";
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }
  body.addEventListener("input", changed);
  form.addEventListener("submit", () => { dirty = false; clearTimeout(timer); });
  window.addEventListener("beforeunload", () => { if (dirty) save(); });

  document.getElementById("quote-btn")?.addEventListener("click", () => {
    const sel = window.getSelection();
    const text = sel ? sel.toString().trim() : "";
    const node = sel && sel.anchorNode ? (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement) : null;
    const page = node ? node.closest("[data-page]") : null;
    if (!text || !page) { say("请先在左侧卷宗中选中要引用的文字。"); return; }
    say("");
    insertText("“" + text.replace(/\s+/g, "") + "”（卷宗第" + page.dataset.page + "页）");
  });

  document.querySelectorAll("[data-source]").forEach((btn) => btn.addEventListener("click", () => {
    fetch(body.dataset.insert + "?source=" + encodeURIComponent(btn.dataset.source), { headers: { Accept: "application/json" } })
      .then((r) => r.json()).then((j) => { if (j.text) { say(""); insertText(j.text + "\n"); } else { say(j.message || "本案暂无该项材料。"); } });
  }));

  const cite = document.getElementById("cite-address");
  function doCite() {
    const address = (cite.value || "").trim();
    if (!address) { say("请输入法条，如 民法典/第五百七十七条。"); return; }
    fetch(body.dataset.insert + "?address=" + encodeURIComponent(address), { headers: { Accept: "application/json" } })
      .then((r) => r.json()).then((j) => { if (j.text) { say(""); insertText(j.text); cite.value = ""; } else { say(j.message); } });
  }
  document.getElementById("cite-btn")?.addEventListener("click", doCite);
  cite?.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); doCite(); } });

  body.addEventListener("blur", () => {
    post(body.dataset.check, { body: body.value }).then((r) => r.json()).then((j) => {
      if (j.issues && j.issues.length) say("引用的法条不存在或未生效：" + j.issues.map((i) => i.text + "（" + i.error + "）").join("；"));
    }).catch(() => {});
  });
})();
