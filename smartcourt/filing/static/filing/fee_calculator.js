// Fee calculator: show only the fields the chosen kind uses (the server ignores or refuses the others anyway).
(() => {
  const kind = document.getElementById("fee-kind");
  if (!kind) return;
  const subtype = document.getElementById("fee-subtype");
  const amount = document.getElementById("fee-amount");
  const amountHelp = document.getElementById("fee-amount-help");
  const halved = document.getElementById("fee-halved");
  const show = (id, visible) => { document.getElementById(id).hidden = !visible; };
  const defaultHelp = amountHelp.textContent;

  const update = () => {
    const option = kind.selectedOptions[0];
    const chosen = kind.value;
    const data = option ? option.dataset : {};
    let hasSubtypes = false;
    subtype.querySelectorAll("optgroup").forEach((group) => {
      const mine = group.dataset.kind === chosen;
      group.hidden = !mine;
      group.disabled = !mine;
      hasSubtypes = hasSubtypes || mine;
    });
    const selected = subtype.selectedOptions[0];
    if (selected && selected.dataset.kind && selected.dataset.kind !== chosen) subtype.value = "";
    subtype.disabled = !hasSubtypes;
    show("fee-subtype-group", hasSubtypes);
    const usesAmount = !chosen || data.amount !== "none";
    amount.disabled = !usesAmount;
    show("fee-amount-group", usesAmount);
    amountHelp.textContent = data.amountLabel || defaultHelp;
    const picked = subtype.selectedOptions[0];
    const subtypeRange = hasSubtypes && picked && picked.dataset.range === "1";
    show("fee-range-group", !chosen || data.range === "1" || subtypeRange);
    const halvable = !chosen || data.halvable === "1";
    halved.disabled = !halvable;
    if (!halvable) halved.checked = false;
    show("fee-halved-group", halvable);
  };
  kind.addEventListener("change", update);
  subtype.addEventListener("change", update);
  update();
})();
