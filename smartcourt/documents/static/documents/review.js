// 阅核: anchor a comment to the passage selected in the reviewed text (the passage and its offset are posted).
(function () {
  "use strict";
  const btn = document.getElementById("add-comment");
  const holder = document.getElementById("comments");
  const text = document.getElementById("review-body");
  if (!btn || !holder || !text) return;
  btn.addEventListener("click", () => {
    const sel = window.getSelection();
    const passage = sel ? sel.toString().trim() : "";
    if (!passage || !text.contains(sel.anchorNode)) { alert("请先在正文中选中要批注的段落。"); return; }
    const offset = text.innerText.indexOf(passage);
    const row = document.createElement("div");
    row.className = "sc-comment mb-2";
    row.innerHTML = '<q></q><input type="hidden" name="passage"><input type="hidden" name="offset">' +
      '<textarea class="form-control form-control-sm mt-1" name="comment" rows="2" aria-label="批注" data-testid="comment-text" required></textarea>';
    row.querySelector("q").textContent = passage;
    row.querySelector("input[name=passage]").value = passage;
    row.querySelector("input[name=offset]").value = offset >= 0 ? String(offset) : "";
    holder.appendChild(row);
    row.querySelector("textarea").focus();
  });
})();
