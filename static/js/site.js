// First Step: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // A failed submit: move focus to the error summary so it is read out first.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // An error summary link moves focus to its field, not just the scroll position (GOV.UK).
  function linkErrorsToFields(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
      (legend || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // "Exit this page": replace this page with a neutral site, so Back does not return here.
  // Pressing Shift 3 times (within 5 seconds, not while typing a capital) does the same.
  function exitThisPage(root) {
    var box = root.querySelector("[data-exit-this-page]");
    if (!box) return;
    var link = box.querySelector("[data-exit-this-page-link]");
    var status = box.querySelector("[data-exit-this-page-status]");
    var presses = 0;
    var shiftAlone = false;
    var timer = null;

    function say(text) {
      if (status) status.textContent = text || "";
    }
    function leave() {
      document.documentElement.classList.add("is-exiting");
      say(box.dataset.leaving);
      window.location.replace(link.href);
    }
    function reset() {
      presses = 0;
      window.clearTimeout(timer);
      say("");
    }

    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Shift") {
        if (!event.repeat) shiftAlone = true;
      } else {
        shiftAlone = false;
        if (presses) reset();
      }
    });
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift" || !shiftAlone) return;
      shiftAlone = false;
      presses += 1;
      if (presses >= 3) {
        leave();
        return;
      }
      say(presses === 1 ? box.dataset.pressTwo : box.dataset.pressOne);
      window.clearTimeout(timer);
      if (presses === 1) timer = window.setTimeout(reset, 5000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    linkErrorsToFields(document);
    exitThisPage(document);
  });
})();

// The planner: fill in the browser's time zone, and show a barrier's note box once it is ticked.
(function () {
  "use strict";

  function detectTimeZone(root) {
    var input = root.querySelector("[data-detect-time-zone]");
    if (!input || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // The server marks the field only while it holds its own default, never the person's choice.
    if (zone) input.value = zone;
  }

  function collapseBarrierNotes(root) {
    root.querySelectorAll(".barrier").forEach(function (barrier) {
      var box = barrier.querySelector("input[type=checkbox]");
      var note = barrier.querySelector(".barrier__note");
      if (!box || !note) return;
      function sync() {
        // Never hide a note that has words in it.
        note.hidden = !box.checked && !note.querySelector("textarea").value;
      }
      box.addEventListener("change", sync);
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    detectTimeZone(document);
    collapseBarrierNotes(document);
  });
})();
