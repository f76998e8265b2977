// Filing wizard: a submit button is disabled once pressed (the server is idempotent anyway), and the
// cause search fills the select through htmx. No inline script (CSP script-src 'self').
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("[data-once]")) return;
  const button = event.submitter;
  if (button && button.name !== "add") {
    setTimeout(() => { button.disabled = true; button.textContent = button.dataset.busy || "正在提交…"; }, 0);
  }
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print]");
  if (target) { event.preventDefault(); window.print(); }
});
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-kind-switch]");
  if (!select) return;
  const card = select.closest("[data-party]");
  if (!card) return;
  const natural = select.value === "natural";
  card.querySelectorAll("[data-natural]").forEach((el) => el.classList.toggle("d-none", !natural));
  card.querySelectorAll("[data-legal]").forEach((el) => el.classList.toggle("d-none", natural));
});
