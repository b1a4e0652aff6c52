// 和暦 date fields (core.forms.WarekiDateInput): the text input reads 和暦 or 西暦, the
// browser's date picker beside it is kept in step, and the 西暦 hint follows what is typed.
// The server reads and checks the text again and says what is wrong; this only helps.
(() => {
  const WIDE = /[\uFF01-\uFF5E]/g;
  const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70]/g;
  const ERA_DATE =
    /^(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(\d{1,3}|元)(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$/;
  const WESTERN_DATE = /^(\d{4})(?:年|[./-])(\d{1,2})(?:月|[./-])(\d{1,2})日?$|^(\d{4})(\d{2})(\d{2})$/;

  const fold = (text) =>
    text
      .replace(WIDE, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(DASHES, "-")
      .replace(/・/g, ".")
      .replace(/\s+/g, "")
      .toUpperCase();
  const pad = (n) => String(n).padStart(2, "0");
  const iso = (y, m, d) => `${String(y).padStart(4, "0")}-${pad(m)}-${pad(d)}`;

  // eras: [[letter, name, "YYYY-MM-DD" start], ...] newest first, from the server.
  const eraOf = (day, eras) => eras.findIndex(([, , start]) => day >= start);

  function realDay(y, m, d) {
    const when = new Date(Date.UTC(y, m - 1, d));
    if (y < 1 || when.getUTCMonth() !== m - 1 || when.getUTCDate() !== d) return null;
    return iso(y, m, d);
  }

  function parse(text, eras) {
    const folded = fold(text);
    let found = ERA_DATE.exec(folded);
    if (found) {
      const index = eras.findIndex(
        ([letter, name]) => found[1] === name || found[1] === letter || found[1] === name[0],
      );
      const n = found[2] === "元" ? 1 : Number(found[2]);
      if (index < 0 || n < 1) return null;
      const day = realDay(Number(eras[index][2].slice(0, 4)) + n - 1, Number(found[3]), Number(found[4]));
      return day && eraOf(day, eras) === index ? day : null;
    }
    found = WESTERN_DATE.exec(folded);
    if (found) {
      const [y, m, d] = found[1] ? found.slice(1, 4) : found.slice(4, 7);
      return realDay(Number(y), Number(m), Number(d));
    }
    return null;
  }

  function wareki(day, eras) {
    const index = eraOf(day, eras);
    if (index < 0) return day; // before 明治: as the server shows it, in ISO
    const [, name, start] = eras[index];
    const [y, m, d] = day.split("-").map(Number);
    const n = y - Number(start.slice(0, 4)) + 1;
    return `${name}${n === 1 ? "元" : n}年${m}月${d}日`;
  }

  function parts(element) {
    const box = element.closest("[data-wareki-date]");
    if (!box) return null;
    return {
      text: box.querySelector("input:not([data-wareki-picker])"),
      picker: box.querySelector("[data-wareki-picker]"),
      hint: box.querySelector("[data-wareki-hint]"),
      eras: JSON.parse(box.dataset.eras),
    };
  }

  function showHint(field, day) {
    const [y, m, d] = day ? day.split("-").map(Number) : [];
    field.hint.textContent = day ? `${field.hint.dataset.label} ${y}年${m}月${d}日` : "";
  }

  document.addEventListener("input", (event) => {
    const field = parts(event.target);
    if (!field || event.target !== field.text) return;
    const day = parse(field.text.value, field.eras);
    field.picker.value = day || "";
    showHint(field, day);
  });

  document.addEventListener("change", (event) => {
    const field = parts(event.target);
    if (!field) return;
    if (event.target === field.picker) {
      const day = field.picker.value;
      field.text.value = day ? wareki(day, field.eras) : "";
      showHint(field, day);
      // What listens to the named input (htmx triggers, autosubmit) hears the change.
      field.text.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (event.target === field.text) {
      const day = parse(field.text.value, field.eras);
      if (day) field.text.value = wareki(day, field.eras);
    }
  });

  function enhance(root) {
    for (const picker of root.querySelectorAll("[data-wareki-picker][hidden]")) {
      picker.hidden = false;
    }
  }
  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:afterSwap", (event) => enhance(event.target));
})();
