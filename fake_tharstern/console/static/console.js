// The console's additions to the page kit's script (kit.js, loaded first): its settings, and
// lists split on white space as well as lines and commas (the allowlist's addresses).
(() => {
  "use strict";
  window.PageKit.configure({flashKey: "fake-console-flash", server: "The fake"});
  window.PageKit.types.list = (element) => element.value.split(/[\s,]+/).filter(Boolean);
})();
