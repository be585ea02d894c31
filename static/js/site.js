// First Step: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // A failed submit: move focus to the error summary so it is read out first.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });
})();
