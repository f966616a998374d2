// The console's only script. A form with data-endpoint is an action on the fake: its fields go
// as JSON to that control-plane route (the same route scenarios call), with data-method. On
// success the page reloads and shows data-success, filled from the answer ("Job {JobNo}").
// On failure every entry of the answer's "errors" goes next to the field it names, and anything
// else (a 404 or 409 message, an error for a field the form lacks) goes under the form. A field
// with data-type="json" is sent as the JSON it holds; text that is not JSON stays in the page
// with its error, and nothing is sent.
(() => {
  "use strict";
  const FLASH_KEY = "fake-console-flash";
  const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

  class FieldError extends Error {
    constructor(name, message) {
      super(message);
      this.field = name;
    }
  }

  function convert(element) {
    const type = element.dataset.type || "text";
    if (type === "json") {  // an object, a list or any JSON value, typed as JSON text
      const text = element.value.trim();
      if (text === "") return undefined;
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new FieldError(element.name, `is not valid JSON: ${error.message}`);
      }
    }
    if (type === "bool") {
      return element.type === "checkbox" ? element.checked : element.value === "true";
    }
    if (type === "list") return element.value.split(/[\s,]+/).filter(Boolean);
    const text = element.value.trim();
    if (text === "") return undefined;
    if (type === "number") return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
    return text;
  }

  function setPath(target, path, value) {
    const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    let node = target;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = value;
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
        const list = body[element.name] || [];
        if (element.checked) list.push(element.value);
        body[element.name] = list;
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

  // "subscription.Events[1]" may sit next to "subscription.Events[1]", "Events[1]", "subscription.Events" or "Events";
  function candidates(key) {
    const names = [key];
    let rest = key;
    while (rest.includes(".")) {
      rest = rest.slice(rest.indexOf(".") + 1);
      names.push(rest);
    }
    for (const name of names.slice()) {
      const base = name.replace(/\[\d+\].*$/, "");
      if (base !== name) names.push(base);
    }
    // "headers.Retry-After" may sit next to the field "headers" (a JSON field holding the object)
    for (let cut = key.lastIndexOf("."); cut > 0; cut = key.lastIndexOf(".", cut - 1)) names.push(key.slice(0, cut));
    return names.map((name) => name.toLowerCase());
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
    const errors = answer && typeof answer.errors === "object" && answer.errors ? answer.errors : {};
    const unplaced = [];
    for (const [key, messages] of Object.entries(errors)) {
      const text = [].concat(messages).join(" ");
      const names = candidates(key);
      const slot = names.map((name) => all.find((s) => s.dataset.errorFor.toLowerCase() === name)).find(Boolean);
      if (slot && slot !== general) {
        say(slot, text);
        for (const element of form.elements) {
          if (element.name && element.name.toLowerCase() === slot.dataset.errorFor.toLowerCase()) element.setAttribute("aria-invalid", "true");
        }
      } else {
        unplaced.push(`${key}: ${text}`);
      }
    }
    let message = unplaced.join(" ");
    if (!Object.keys(errors).length) message = (answer && answer.message) || `The fake answered HTTP ${status}.`;
    if (message && general) say(general, message);
  }

  function fill(template, answer) {
    return template.replace(/\{([\w.]+)\}/g, (whole, path) => {
      let value = answer;
      for (const part of path.split(".")) value = value && typeof value === "object" ? value[part] : undefined;
      return value === undefined || value === null ? "" : String(value);
    });
  }

  async function submit(event) {
    const form = event.target.closest("form[data-endpoint]");
    if (!form) return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    clearErrors(form);
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
      if (response.ok) {
        sessionStorage.setItem(FLASH_KEY, fill(form.dataset.success || "Done.", answer));
        window.location.reload();
        return;
      }
      showErrors(form, answer, response.status);
    } catch (error) {
      showErrors(form, {message: `The fake did not answer: ${error.message}`}, 0);
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

  document.addEventListener("submit", submit);
  document.addEventListener("DOMContentLoaded", showFlash);
})();
