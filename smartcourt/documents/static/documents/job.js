// 签章中: follow the background signing of the document (its step and progress) and reload the page when it ends.
(function () {
  "use strict";
  const box = document.getElementById("sign-job");
  if (!box) return;
  const step = document.getElementById("sign-job-step");
  const bar = document.getElementById("sign-job-progress");
  let waited = 0;
  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (!data) return;
        if (data.job !== "queued" && data.job !== "running") { window.location.reload(); return; }
        if (step && data.step) step.textContent = data.step;
        if (bar) bar.value = data.progress || 0;
        waited += 1;
        window.setTimeout(poll, waited < 30 ? 2000 : 5000);
      })
      .catch(() => window.setTimeout(poll, 5000));
  }
  window.setTimeout(poll, 1500);
})();
