// Rows of a Django formset added and removed in the browser (the intake's persons).
// Markup: a container [data-formset="<prefix>"] holding the rows [data-formset-row], a
// <template data-formset-empty> with the formset's empty_form (names with __prefix__), a
// button [data-formset-add] and, in each row, a button [data-formset-remove]. The
// management form's TOTAL_FORMS follows the rows; the rows are renumbered after a removal
// so the server reads 0…n-1. MIN_NUM_FORMS / MAX_NUM_FORMS bound them (at least one row).
// Without JavaScript the rows the server rendered still work.
function setUpFormset(container) {
  const prefix = container.dataset.formset;
  const total = document.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const max = Number(document.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`)?.value || 1000);
  const min = Math.max(1, Number(document.querySelector(`input[name="${prefix}-MIN_NUM_FORMS"]`)?.value || 0));
  const template = container.querySelector("template[data-formset-empty]");
  const add = container.querySelector("[data-formset-add]");
  if (!total || !template || !add) return;

  const rows = () => Array.from(container.querySelectorAll("[data-formset-row]"));
  const pattern = new RegExp(`^(id_)?${prefix}-(\\d+|__prefix__)-`);

  function renumber(row, index) {
    for (const element of row.querySelectorAll("[name], [id], label[for]")) {
      for (const attribute of ["name", "id", "for"]) {
        const value = element.getAttribute(attribute);
        if (value && pattern.test(value)) {
          element.setAttribute(attribute, value.replace(pattern, (_, id) => `${id || ""}${prefix}-${index}-`));
        }
      }
    }
    const number = row.querySelector("[data-formset-number]");
    if (number) number.textContent = String(index + 1);
    // The row's 名寄せ check (htmx) names the row it checks.
    if (row.hasAttribute("hx-vals")) {
      row.setAttribute("hx-vals", JSON.stringify({ prefix: `${prefix}-${index}` }));
    }
  }

  function refresh() {
    const all = rows();
    all.forEach(renumber);
    total.value = String(all.length);
    add.disabled = all.length >= max;
    for (const button of container.querySelectorAll("[data-formset-remove]")) {
      button.hidden = false;
      button.disabled = all.length <= min;
    }
  }

  add.addEventListener("click", () => {
    if (rows().length >= max) return;
    const row = template.content.firstElementChild.cloneNode(true);
    add.before(row);
    refresh();
    if (window.htmx) window.htmx.process(row);
    row.querySelector("input, select")?.focus();
  });
  container.addEventListener("click", (event) => {
    const button = event.target.closest("[data-formset-remove]");
    if (!button || rows().length <= min) return;
    button.closest("[data-formset-row]").remove();
    refresh();
    add.focus();
  });
  add.hidden = false;
  refresh();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const container of document.querySelectorAll("[data-formset]")) setUpFormset(container);
});
