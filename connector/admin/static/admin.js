// The admin pages' additions to the page kit's script (kit.js, loaded first): its settings, the
// field types only the admin's forms use, the type-ahead and pages that follow news.
// An input with data-typeahead refreshes a list of choices from data-source?q= as you type.
// An element with data-watch (a REST route) is asked every few seconds; when the values at
// data-watch-keys no longer join to data-watch-print the page reloads — or, if a form on it was
// edited, [data-watch-notice] says there is news instead.
(() => {
  "use strict";
  const kit = window.PageKit;
  const text = kit.text;
  const WATCH_EVERY_MS = 1500;
  kit.configure({flashKey: "connector-admin-flash", server: "The connector"});

  Object.assign(kit.types, {
    names: (element) => element.value.split("\n").map((s) => s.trim()).filter(Boolean).map((name) => ({name})),
    password: (element) => (element.value === "" ? undefined : element.value),
    code: (element) => element.value,
    nullable: (element) => {
      const value = element.value.trim();
      if (value === "") return null;
      return element.dataset.item === "number" ? kit.number(value) : value;
    },
    scalar: (element) => {
      const value = element.value.trim();
      if (value === "") return undefined;
      try {
        const parsed = JSON.parse(value);
        if (["string", "number", "boolean"].includes(typeof parsed)) return parsed;
      } catch (error) { /* plain text */ }
      return value;
    },
  });

  // Type-ahead: rows cloned from the list's <template>, filled by data-slot / data-slot-value.
  function typeahead(input) {
    const list = document.getElementById(input.dataset.typeahead);
    const rows = list && list.querySelector("[data-rows]");
    const row = list && list.querySelector("template");
    const status = list && list.querySelector("[data-typeahead-status]");
    if (!rows || !row || !status) return;
    let timer = null;
    let latest = 0;
    async function load() {
      const mine = ++latest;
      const url = new URL(input.dataset.source, window.location.href);
      url.searchParams.set("q", input.value.trim());
      let answer = null;
      let failure = "";
      try {
        const response = await fetch(url, {headers: {"Accept": "application/json"}});
        answer = await response.json().catch(() => null);
        if (!response.ok) failure = (answer && answer.message) || `The connector answered HTTP ${response.status}.`;
      } catch (error) {
        failure = `The connector did not answer: ${error.message}`;
      }
      if (mine !== latest) return;
      if (failure || !Array.isArray(answer)) {
        status.textContent = failure || "The connector's answer was not a list.";
        return;
      }
      rows.replaceChildren(...answer.map((item) => {
        const copy = row.content.cloneNode(true);
        for (const slot of copy.querySelectorAll("[data-slot]")) slot.textContent = text(item[slot.dataset.slot]) || "—";
        for (const slot of copy.querySelectorAll("[data-slot-value]")) slot.value = text(item[slot.dataset.slotValue]);
        return copy;
      }));
      status.textContent = answer.length ? `${answer.length} match(es).` : "Nothing matches.";
    }
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 250);
    });
  }

  // The same as the server's reads_feedback.fingerprint: values at dotted paths, lists walked.
  function valuesAt(node, path) {
    if (Array.isArray(node)) return node.flatMap((item) => valuesAt(item, path));
    if (!path.length) return [node];
    return valuesAt(node && typeof node === "object" ? node[path[0]] : undefined, path.slice(1));
  }

  function fingerprint(answer, keys) {
    return keys.flatMap((key) => valuesAt(answer, key.split("."))).map((v) => (v === undefined || v === null ? "" : String(v))).join("|");
  }

  let edited = false;

  function watch(element) {
    const keys = element.dataset.watchKeys.split(/\s+/).filter(Boolean);
    const notice = element.querySelector("[data-watch-notice]");
    async function look() {
      if (document.visibilityState === "visible") {
        try {
          const response = await fetch(element.dataset.watch, {headers: {"Accept": "application/json"}});
          if (response.ok && fingerprint(await response.json(), keys) !== element.dataset.watchPrint) {
            if (!edited) {
              kit.keepFlash();
              window.location.reload();
              return;
            }
            if (notice) notice.hidden = false;
          }
        } catch (error) { /* the connector is restarting: ask again later */ }
      }
      window.setTimeout(look, WATCH_EVERY_MS);
    }
    window.setTimeout(look, WATCH_EVERY_MS);
  }

  document.addEventListener("input", (event) => { if (event.target.form) edited = true; });
  document.addEventListener("DOMContentLoaded", () => {
    for (const input of document.querySelectorAll("input[data-typeahead]")) typeahead(input);
    for (const element of document.querySelectorAll("[data-watch]")) watch(element);
  });
})();
