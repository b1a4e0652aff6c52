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

// Tabs (<nav data-tabs> with role="tab" links to role="tabpanel" sections): one panel at a
// time, the URL's #fragment says which (so a link or a reload opens the same tab), arrow
// keys move between tabs. Without JavaScript every panel shows and the links jump to them.
function setUpTabs(list) {
  const tabs = [...list.querySelectorAll('[role="tab"]')];
  const panels = tabs.map((tab) => document.getElementById(tab.getAttribute("aria-controls")));
  const show = (index, focus) => {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i]?.classList.toggle("tab-hidden", !selected);
    });
    if (focus) tabs[index].focus();
  };
  const fromHash = () => {
    const index = panels.findIndex((panel) => panel && `#${panel.id}` === window.location.hash);
    return index < 0 ? 0 : index;
  };
  list.classList.add("tabs-ready");
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", (event) => {
      event.preventDefault();
      history.replaceState(null, "", `#${panels[index].id}`);
      show(index, false);
    });
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = (index + step + tabs.length) % tabs.length;
      history.replaceState(null, "", `#${panels[next].id}`);
      show(next, true);
    });
  });
  window.addEventListener("hashchange", () => show(fromHash(), false));
  show(fromHash(), false);
}
document.querySelectorAll("[data-tabs]").forEach(setUpTabs);
// A print button (<button data-print>): the page's print stylesheet leaves the drawing.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
