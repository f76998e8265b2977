// 庭审笔录: the clerk's structured editor (speaker, time, text) with autosave through fetch, optimistic
// concurrency (a stale save comes back 409 with the newer text, which replaces the editor's), live push of the other
// editors' saves over a websocket (shown at once, or — with unsaved edits here — offered to load), and the signature pad.
(function () {
  "use strict";
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function pad() {
    const canvas = document.getElementById("sign-pad");
    const form = document.getElementById("sign-form");
    if (!canvas || !form) return;
    const ctx = canvas.getContext("2d");
    ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
    let drawing = false, drawn = false;
    const pos = (e) => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
    canvas.addEventListener("pointerdown", (e) => { drawing = true; const [x, y] = pos(e); ctx.beginPath(); ctx.moveTo(x, y); canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener("pointermove", (e) => { if (!drawing) return; const [x, y] = pos(e); ctx.lineTo(x, y); ctx.stroke(); drawn = true; });
    canvas.addEventListener("pointerup", () => { drawing = false; });
    document.getElementById("pad-clear").addEventListener("click", () => { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
    form.addEventListener("submit", (e) => {
      if (!drawn) { e.preventDefault(); alert("请在签名板上签名。"); return; }
      document.getElementById("pad-image").value = canvas.toDataURL("image/png");
    });
  }

  function editor() {
    const root = document.getElementById("transcript-editor");
    if (!root) return;
    const list = document.getElementById("entries");
    const status = document.getElementById("save-status");
    const stale = document.getElementById("stale-alert");
    const note = document.getElementById("correction-note");
    let revision = parseInt(root.dataset.revision, 10);
    let timer = null, saving = false, dirty = false, pending = null;
    const label = document.getElementById("revision-label");
    const setRevision = (n) => { revision = n; root.dataset.revision = String(n); if (label) label.textContent = "第" + n + "版"; };
    const client = Math.random().toString(36).slice(2) + Date.now().toString(36); // this page, in its own saves' pushes
    const live = document.getElementById("live-alert");
    const liveText = document.getElementById("live-text");
    const liveLoad = document.getElementById("live-load");

    const now = () => { const d = new Date(); return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0"); };
    function row(entry) {
      const div = document.createElement("div");
      div.className = "row g-2 mb-2 sc-entry";
      div.setAttribute("data-testid", "entry");
      div.innerHTML = '<div class="col-4 col-md-2"><input class="form-control form-control-sm" list="speakers" maxlength="32" aria-label="发言人" placeholder="发言人" data-f="speaker"></div>' +
        '<div class="col-3 col-md-1"><input class="form-control form-control-sm" maxlength="8" aria-label="时间" placeholder="时:分" data-f="time"></div>' +
        '<div class="col-12 col-md-8"><textarea class="form-control form-control-sm sc-entry-text" maxlength="5000" aria-label="内容" data-f="text"></textarea></div>' +
        '<div class="col-5 col-md-1 text-end"><button type="button" class="btn btn-sm btn-link text-danger" aria-label="删除该段">删除</button></div>';
      div.querySelector('[data-f="speaker"]').value = entry.speaker || "";
      div.querySelector('[data-f="time"]').value = entry.time || "";
      div.querySelector('[data-f="text"]').value = entry.text || "";
      div.querySelector("button").addEventListener("click", () => { div.remove(); changed(); });
      div.addEventListener("input", changed);
      list.appendChild(div);
      return div;
    }
    function render(entries) { list.innerHTML = ""; entries.forEach(row); }
    function collect() {
      return Array.from(list.querySelectorAll(".sc-entry")).map((d) => ({
        speaker: d.querySelector('[data-f="speaker"]').value, time: d.querySelector('[data-f="time"]').value,
        text: d.querySelector('[data-f="text"]').value,
      }));
    }
    function changed() { dirty = true; status.textContent = "有未保存的修改…"; clearTimeout(timer); timer = setTimeout(save, 1500); }
    async function save() {
      if (saving) { clearTimeout(timer); timer = setTimeout(save, 500); return; }
      if (root.dataset.state === "review" && !(note && note.value.trim())) { status.textContent = "请填写更正说明后保存"; return; }
      saving = true; dirty = false; status.textContent = "保存中…";
      try {
        const res = await fetch(root.dataset.saveUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" },
          body: JSON.stringify({ revision: revision, entries: collect(), note: note ? note.value : "", client: client }),
        });
        const body = await res.json().catch(() => ({}));
        if (res.ok) {
          setRevision(body.revision);
          status.textContent = "已保存（第" + revision + "版，" + body.saved_at + "）"; stale.classList.add("d-none");
        } else if (res.status === 409 && body.entries) {
          setRevision(body.revision);
          render(body.entries);
          stale.textContent = body.message; stale.classList.remove("d-none");
          status.textContent = "已载入最新内容（第" + revision + "版）";
        } else {
          status.textContent = body.message || "保存失败，请稍后重试。"; dirty = true;
        }
      } catch (err) {
        status.textContent = "网络中断，恢复后将自动重试。"; dirty = true; timer = setTimeout(save, 5000);
      } finally { saving = false; }
    }
    function showLive(text, offerLoad) {
      liveText.textContent = text;
      liveLoad.classList.toggle("d-none", !offerLoad);
      live.classList.remove("d-none");
    }
    function adopt(msg) {
      setRevision(msg.revision);
      render(msg.entries); pending = null; dirty = false; clearTimeout(timer);
      stale.classList.add("d-none");
      status.textContent = "已载入最新内容（第" + revision + "版）";
    }
    function onPush(msg) {
      if (msg.type !== "saved" || msg.client === client || msg.revision <= revision) return;
      if (msg.state && msg.state !== root.dataset.state) { showLive(msg.saved_by + "已更改笔录状态，请刷新页面。", false); return; }
      if (!dirty && !saving) {
        adopt(msg);
        showLive(msg.saved_by + "于 " + msg.saved_at + " 保存了第" + msg.revision + "版，已自动更新。", false);
      } else {
        pending = msg;
        showLive(msg.saved_by + "于 " + msg.saved_at + " 保存了第" + msg.revision + "版；本页有未保存的修改，继续保存将被拒绝。", true);
      }
    }
    liveLoad.addEventListener("click", () => { if (pending) { adopt(pending); showLive("已载入第" + revision + "版。", false); } });
    function connect(attempt) {
      if (!root.dataset.livePath || !window.WebSocket) return;
      const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + root.dataset.livePath);
      let refused = false;
      ws.onmessage = (ev) => {
        const msg = JSON.parse(ev.data);
        if (msg.type === "ready") { root.dataset.live = "on"; attempt = 0; }
        else if (msg.type === "refused") refused = true;
        else onPush(msg);
      };
      ws.onclose = () => {
        root.dataset.live = "off";
        if (!refused && attempt < 8) setTimeout(() => connect(attempt + 1), Math.min(30000, 1000 * 2 ** attempt));
      };
    }
    render(JSON.parse(document.getElementById("entries-data").textContent || "[]"));
    connect(0);
    document.getElementById("add-entry").addEventListener("click", () => { row({ time: now() }).querySelector("textarea").focus(); changed(); });
    document.getElementById("save-now").addEventListener("click", () => { clearTimeout(timer); save(); });
    window.addEventListener("beforeunload", (e) => { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
  }

  document.addEventListener("DOMContentLoaded", () => { editor(); pad(); });
})();
