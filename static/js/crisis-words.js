// Crisis phrases, checked in the browser as a person types: after a short pause, the crisis
// lines appear beside the field. What is typed goes nowhere until the form is sent. The rules
// are those of guides/crisis_words.py; without this file the server checks on submit.
(function () {
  "use strict";

  var data = document.getElementById("crisis-phrases");
  var panel = document.getElementById("crisis-words-panel");
  if (!data || !panel) return;
  var phrases = JSON.parse(data.textContent);
  var shown = null; // the box beside a field that holds the panel: one at a time

  function lower(text) {
    return text.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ");
  }

  // No accents or case, one space between words and one at each end: whole words only.
  function normalise(text) {
    var plain = lower(lower(text).normalize("NFKD").replace(/\p{M}/gu, ""));
    var words = plain.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    return words ? " " + words + " " : "";
  }

  function spans(text, phrase) {
    var found = [];
    var at = text.indexOf(" " + phrase + " ");
    while (at !== -1) {
      found.push([at, at + phrase.length + 2]);
      at = text.indexOf(" " + phrase + " ", at + 1);
    }
    return found;
  }

  // A phrase is there, and no must-not-match phrase around it covers it.
  function matches(text) {
    var plain = normalise(text);
    var covers = [];
    phrases.mustNot.forEach(function (phrase) {
      covers = covers.concat(spans(plain, phrase));
    });
    return phrases.match.some(function (phrase) {
      return spans(plain, phrase).some(function (hit) {
        return !covers.some(function (cover) {
          return cover[0] <= hit[0] && hit[1] <= cover[1];
        });
      });
    });
  }

  function boxFor(field) {
    if (!field.crisisBox) {
      field.crisisBox = document.createElement("div");
      field.crisisBox.className = "crisis-words";
      field.crisisBox.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", field.crisisBox);
    }
    return field.crisisBox;
  }

  function show(field) {
    var box = boxFor(field);
    box.appendChild(panel.content.cloneNode(true));
    shown = box;
    // The server need not show the lines again on the next page.
    if (field.form && !field.form.querySelector("[name=crisis_lines_seen]")) {
      var seen = document.createElement("input");
      seen.type = "hidden";
      seen.name = "crisis_lines_seen";
      seen.value = "1";
      field.form.appendChild(seen);
    }
    box.querySelector("[data-crisis-words-hide]").addEventListener("click", function () {
      box.textContent = "";
      shown = null;
      field.crisisDismissed = true; // until the field no longer holds a phrase
      field.focus();
    });
  }

  function check(field) {
    if (!matches(field.value)) {
      field.crisisDismissed = false;
    } else if (!shown || !shown.isConnected) {
      if (!field.crisisDismissed) show(field);
    }
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-crisis-words]")) return;
    boxFor(field); // in the page before anything is said in it
    window.clearTimeout(field.crisisTimer);
    field.crisisTimer = window.setTimeout(function () {
      check(field);
    }, 500);
  });

  window.firstStepCrisisWords = { normalise: normalise, matches: matches };
})();
