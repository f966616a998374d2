// The page kit's script, shared by the fake's console and the connector's admin pages; each page
// loads its server's own script after this one (console.js, admin.js), which calls
// PageKit.configure({flashKey, server}) and may add field types to PageKit.types.
// A form with data-endpoint is an action: its fields go as JSON to that route (the same route
// scenarios call), with data-method. On success the page reloads and shows data-success filled
// from the answer ("Job {JobNo}", "Linked to {stock_item_code}."), or, with data-show, the answer
// is put in place into that element; with data-next the browser goes to that URL (filled from the
// answer the same way) instead of reloading, after a "pagekit:done" event (the answer in its
// detail) from the form. While the call runs the form says data-busy
// ("Working…" unless given), and a new call hides the banner an earlier one left (a success
// never stays beside a later error). With data-ok-if="path" an answer whose value there is false
// is a failure although HTTP said 200: its banner (data-failure, "{message}" unless given) is red.
// On failure every entry of the answer's "errors"
// (flask-smorest nests them under "json") goes next to the field it names, and anything else (a
// 404, 409 or 502 message, an error for a field the form lacks) goes under the form.
(() => {
  "use strict";
  const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  const LOCATIONS = ["json", "query", "querystring", "form"];
  const settings = {flashKey: "page-kit-flash", server: "The server"};

  class FieldError extends Error {
    constructor(name, message) {
      super(message);
      this.field = name;
    }
  }

  function number(text) {
    return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
  }

  function trimmed(element) {
    const text = element.value.trim();
    return text === "" ? undefined : text;
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

  // A field's data-type says how its text becomes JSON; a server's script may add types.
  const types = {
    text: trimmed,
    json: (element) => {  // JSON typed as text; text that is not JSON stays in the page with its error
      const value = element.value.trim();
      if (value === "") return undefined;
      try {
        return JSON.parse(value);
      } catch (error) {
        throw new FieldError(element.name, jsonProblem(element.value, error));
      }
    },
    list: (element) => element.value.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean),
    number: (element) => {
      const text = trimmed(element);
      return text === undefined ? undefined : number(text);
    },
  };

  function convert(element) {
    const type = element.dataset.type || "text";
    if (type === "bool") {
      return element.type === "checkbox" ? element.checked : element.value === "true";
    }
    if ((element.type === "checkbox" || element.type === "radio") && !element.checked) return undefined;
    return (types[type] || trimmed)(element);
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

  // flask-smorest: {"json": {"field": ["..."], "list": {"0": ["..."]}}}; a server's own checks:
  // {"field": ["..."], "list.0": ["..."]}; the connector's Tharstern failure: {"tharstern": {...}}.
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
      message = [(answer && answer.message) || `${settings.server} answered HTTP ${status}.`, message].filter(Boolean).join(" ");
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

  // "{path}" -> the answer's value there; codes found in words (a form's data-words) read as words.
  function fill(template, answer, words = {}) {
    return template.replace(/\{([\w.]+)\}/g, (whole, path) => {
      const value = text(valueAt(answer, path));
      return Object.prototype.hasOwnProperty.call(words, value) ? words[value] : value;
    }).trim();
  }

  function wordsOf(element) {
    return element.dataset.words ? JSON.parse(element.dataset.words) : {};
  }

  function present(value) {
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  }

  // data-answer="path" gets the value as text (data-words, a JSON object, turns a code into words);
  // data-answer-if / data-answer-unless show or hide.
  function showAnswer(box, answer) {
    for (const element of box.querySelectorAll("[data-answer]")) {
      const value = text(valueAt(answer, element.dataset.answer), element.dataset.format);
      const words = wordsOf(element);
      element.textContent = Object.prototype.hasOwnProperty.call(words, value) ? words[value] : value;
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
    hideFlash();
    const busy = busyNote(form);
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
        form.dispatchEvent(new CustomEvent("pagekit:done", {detail: answer, bubbles: true}));
        const failed = Boolean(form.dataset.okIf) && !valueAt(answer, form.dataset.okIf);
        const template = failed ? form.dataset.failure || "{message}" : form.dataset.success || "Done.";
        sessionStorage.setItem(settings.flashKey, JSON.stringify({text: fill(template, answer, wordsOf(form)), failed}));
        if (form.dataset.next) window.location.assign(fill(form.dataset.next, answer));
        else window.location.reload();
        return;
      } else {
        showErrors(form, answer, response.status);
      }
    } catch (error) {
      showErrors(form, {message: `${settings.server} did not answer: ${error.message}`}, 0);
    }
    busy.remove();
    form.removeAttribute("aria-busy");
  }

  function busyNote(form) {
    const note = document.createElement("span");
    note.className = "busy";
    note.setAttribute("role", "status");
    note.textContent = form.dataset.busy || "Working…";
    form.append(note);
    return note;
  }

  // A new call hides what earlier calls announced: the banner (its words too, so nothing reads the
  // last call's message while this one runs) and every answer shown in place.
  function hideFlash() {
    const flash = document.getElementById("flash");
    if (flash) {
      flash.hidden = true;
      flash.textContent = "";
    }
    for (const other of document.querySelectorAll("form[data-show]")) {
      const box = document.getElementById(other.dataset.show);
      if (box) box.hidden = true;
    }
  }

  // The banner after a reload: {text, failed} (a failure is never shown in green).
  function showFlash() {
    const stored = sessionStorage.getItem(settings.flashKey);
    const flash = document.getElementById("flash");
    sessionStorage.removeItem(settings.flashKey);
    if (!stored || !flash) return;
    let message;
    try {
      message = JSON.parse(stored);
    } catch (error) {
      message = {text: stored, failed: false};
    }
    flash.textContent = message.text;
    flash.classList.toggle("flash-bad", Boolean(message.failed));
    flash.setAttribute("role", message.failed ? "alert" : "status");
    flash.hidden = false;
  }

  // Keep the flash message shown now across a reload the page makes by itself.
  function keepFlash() {
    const flash = document.getElementById("flash");
    if (flash && !flash.hidden) {
      sessionStorage.setItem(settings.flashKey, JSON.stringify({text: flash.textContent, failed: flash.classList.contains("flash-bad")}));
    }
  }

  window.PageKit = {
    configure: (values) => Object.assign(settings, values),
    types,
    number,
    text,
    keepFlash,
    FieldError,
  };
  document.addEventListener("submit", submit);
  document.addEventListener("DOMContentLoaded", showFlash);
})();
