// Small progressive enhancements. No inline scripts: the CSP allows only this origin.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.dataset.autosubmit !== undefined) {
    target.form.requestSubmit();
  }
});

document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The header's menus (<details data-nav-menu>): one open at a time, closed by a click
// elsewhere or Escape. Without JavaScript they still open and close on their own.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details[data-nav-menu][open]")) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details[data-nav-menu][open]")) {
    menu.removeAttribute("open");
    menu.querySelector("summary")?.focus();
  }
});

// A print button (<button data-print>): the page's print stylesheet leaves the drawing.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
