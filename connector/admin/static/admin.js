// The admin pages' only script: the fake console's console.js, extended for the connector's API.
// A form with data-endpoint is an action: its fields go as JSON to that REST route of the
// connector (the same route scenarios call), with data-method. On success the page reloads and
// shows data-success filled from the answer ("Linked to {stock_item_code}."), or, with data-show,
// the answer is put in place into that element. On failure every entry of the answer's "errors"
// (flask-smorest nests them under "json") goes next to the field it names, and anything else (a
// 404, 409 or 502 message, an error for a field the form lacks) goes under the form.
// An input with data-typeahead refreshes a list of choices from data-source?q= as you type.
// An element with data-watch (a REST route) is asked every few seconds; when the values at
// data-watch-keys no longer join to data-watch-print the page reloads — or, if a form on it was
// edited, [data-watch-notice] says there is news instead.
(() => {
  "use strict";
  const FLASH_KEY = "connector-admin-flash";
  const WATCH_EVERY_MS = 1500;
  const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  const LOCATIONS = ["json", "query", "querystring", "form"];

  class FieldError extends Error {
    constructor(name, message) {
      super(message);
      this.field = name;
    }
  }

  function number(text) {
    return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
  }

  // "Line 3, column 7" for a JSON.parse error, from the position the message gives.
  function jsonProblem(text, error) {
    const match = /position (\d+)/.exec(error.message);
    if (!match) return `Not valid JSON: ${error.message}`;
    const before = text.slice(0, Number(match[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return `Not valid JSON at line ${line}, column ${column}: ${error.message.replace(/ in JSON at position \d+.*$/, "")}.`;
  }

  function convert(element) {
    const type = element.dataset.type || "text";
    if (type === "bool") {
      return element.type === "checkbox" ? element.checked : element.value === "true";
    }
    if ((element.type === "checkbox" || element.type === "radio") && !element.checked) return undefined;
    if (type === "list") return element.value.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean);
    if (type === "names") return element.value.split("\n").map((s) => s.trim()).filter(Boolean).map((name) => ({name}));
    if (type === "password") return element.value === "" ? undefined : element.value;
    if (type === "code") return element.value;
    const text = element.value.trim();
    if (type === "nullable") return text === "" ? null : (element.dataset.item === "number" ? number(text) : text);
    if (text === "") return undefined;
    if (type === "number") return number(text);
    if (type === "scalar") {
      try {
        const value = JSON.parse(text);
        if (["string", "number", "boolean"].includes(typeof value)) return value;
      } catch (error) { /* plain text */ }
      return text;
    }
    if (type === "json") {
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new FieldError(element.name, jsonProblem(element.value, error));
      }
    }
    return text;
  }

  function setPath(target, path, value) {
    const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    let node = target;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = Array.isArray(node[part]) && Array.isArray(value) ? node[part].concat(value) : value;
      } else {
        if (typeof node[part] !== "object" || node[part] === null) node[part] = /^\d+$/.test(parts[index + 1]) ? [] : {};
        node = node[part];
      }
    });
  }

  function collect(form, submitter) {
    const body = {};
    for (const element of form.elements) {
      if (!element.name || element.disabled || element.tagName === "BUTTON" || element.tagName === "FIELDSET") continue;
      if (element.dataset.type === "checklist") {
        const wanted = element.type === "checkbox" ? element.checked : element.value !== "";
        setPath(body, element.name, wanted ? [element.dataset.item === "number" ? number(element.value) : element.value] : []);
        continue;
      }
      const value = convert(element);
      if (value !== undefined) setPath(body, element.name, value);
    }
    if (submitter && submitter.name) {
      const value = convert(submitter);
      if (value !== undefined) setPath(body, submitter.name, value);
    }
    return body;
  }

  function slots(form) {
    const own = Array.from(form.querySelectorAll("[data-error-for]"));
    const outside = form.id ? Array.from(document.querySelectorAll(`[data-error-for][data-form="${CSS.escape(form.id)}"]`)) : [];
    return own.concat(outside.filter((slot) => !own.includes(slot)));
  }

  // "values.0.name" may sit next to "values[0].name", "values[0]", "values" or (last) "name".
  function candidates(key) {
    const bracketed = key.replace(/\.(\d+)(?=\.|\[|$)/g, "[$1]");
    const names = [bracketed];
    let whole = bracketed;
    while (/[.[]/.test(whole)) {
      whole = whole.replace(/(\.[^.[]*|\[\d+\])$/, "");
      names.push(whole);
    }
    let rest = bracketed;
    while (rest.includes(".")) {
      rest = rest.slice(rest.indexOf(".") + 1);
      names.push(rest, rest.replace(/\[\d+\].*$/, ""));
    }
    return names.map((name) => name.toLowerCase());
  }

  // flask-smorest: {"json": {"field": ["..."], "list": {"0": ["..."]}}}; the connector's own
  // checks: {"field": ["..."], "list.0": ["..."]}; a Tharstern failure: {"tharstern": {...}}.
  function flatten(errors, prefix, out) {
    for (const [key, value] of Object.entries(errors || {})) {
      const isObject = value && typeof value === "object" && !Array.isArray(value);
      if (!prefix && key === "tharstern" && isObject) continue;
      if (!prefix && LOCATIONS.includes(key) && isObject) {
        flatten(value, "", out);
        continue;
      }
      const name = prefix ? `${prefix}.${key}` : key;
      if (isObject) flatten(value, name, out);
      else out.push([name, [].concat(value).map(String)]);
    }
    return out;
  }

  function clearErrors(form) {
    for (const slot of slots(form)) slot.textContent = "";
    for (const element of form.elements) element.removeAttribute("aria-invalid");
  }

  function say(slot, text) {
    slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
  }

  function showErrors(form, answer, status) {
    const all = slots(form);
    const general = all.find((slot) => slot.dataset.errorFor === "_form");
    const raw = answer && typeof answer.errors === "object" && answer.errors ? answer.errors : {};
    const entries = flatten(raw, "", []);
    const unplaced = [];
    for (const [key, messages] of entries) {
      const text = messages.join(" ");
      const names = candidates(key);
      const slot = names.map((name) => all.find((s) => s.dataset.errorFor.toLowerCase() === name)).find(Boolean);
      if (slot && slot !== general) {
        say(slot, text);
        for (const element of form.elements) {
          if (element.name && element.name.toLowerCase() === slot.dataset.errorFor.toLowerCase()) element.setAttribute("aria-invalid", "true");
        }
      } else {
        unplaced.push(key === "_schema" ? text : `${key}: ${text}`);
      }
    }
    let message = unplaced.join(" ");
    if (!entries.length || raw.tharstern) {
      message = [(answer && answer.message) || `The connector answered HTTP ${status}.`, message].filter(Boolean).join(" ");
    }
    if (message && general) say(general, message);
  }

  function valueAt(answer, path) {
    let value = answer;
    for (const part of path.split(".")) value = value && typeof value === "object" ? value[part] : undefined;
    return value;
  }

  function text(value, format) {
    if (value === undefined || value === null) return "";
    if (format === "money" && typeof value === "number") return value.toFixed(2);
    if (Array.isArray(value)) return value.map((v) => text(v)).join(" ");
    return String(value);
  }

  function fill(template, answer) {
    return template.replace(/\{([\w.]+)\}/g, (whole, path) => text(valueAt(answer, path))).trim();
  }

  function present(value) {
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  }

  // data-answer="path" gets the value as text; data-answer-if / data-answer-unless show or hide.
  function showAnswer(box, answer) {
    for (const element of box.querySelectorAll("[data-answer]")) {
      element.textContent = text(valueAt(answer, element.dataset.answer), element.dataset.format);
    }
    for (const element of box.querySelectorAll("[data-answer-if]")) element.hidden = !present(valueAt(answer, element.dataset.answerIf));
    for (const element of box.querySelectorAll("[data-answer-unless]")) element.hidden = present(valueAt(answer, element.dataset.answerUnless));
    box.hidden = false;
  }

  async function submit(event) {
    const form = event.target.closest("form[data-endpoint]");
    if (!form) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    clearErrors(form);
    const box = form.dataset.show ? document.getElementById(form.dataset.show) : null;
    if (box) box.hidden = true;
    let body;
    try {
      body = collect(form, event.submitter);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      showErrors(form, {errors: {[error.field]: [error.message]}}, 0);
      return;
    }
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.dataset.endpoint, {
        method: form.dataset.method || "POST",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok && box) {
        showAnswer(box, answer);
      } else if (response.ok) {
        sessionStorage.setItem(FLASH_KEY, fill(form.dataset.success || "Saved.", answer));
        window.location.reload();
        return;
      } else {
        showErrors(form, answer, response.status);
      }
    } catch (error) {
      showErrors(form, {message: `The connector did not answer: ${error.message}`}, 0);
    }
    form.removeAttribute("aria-busy");
  }

  function showFlash() {
    const message = sessionStorage.getItem(FLASH_KEY);
    const flash = document.getElementById("flash");
    if (message && flash) {
      flash.textContent = message;
      flash.hidden = false;
    }
    sessionStorage.removeItem(FLASH_KEY);
  }

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
              const flash = document.getElementById("flash");
              if (flash && !flash.hidden) sessionStorage.setItem(FLASH_KEY, flash.textContent);  // keep it
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

  document.addEventListener("submit", submit);
  document.addEventListener("input", (event) => { if (event.target.form) edited = true; });
  document.addEventListener("DOMContentLoaded", () => {
    showFlash();
    for (const input of document.querySelectorAll("input[data-typeahead]")) typeahead(input);
    for (const element of document.querySelectorAll("[data-watch]")) watch(element);
  });
})();
