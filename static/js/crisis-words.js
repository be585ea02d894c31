// Crisis phrases, checked in the browser as a person types: after a short pause, the crisis
// lines appear beside the field. What is typed goes nowhere until the form is sent. The rules
// are those of guides/helpers/phrase_matching.py; without this file the server checks on submit.
(function () {
  "use strict";

  // The phrases and the panel come in a script of their own (templates/includes/crisis_words.html),
  // kept by the browser and the service worker; without it the server checks on submit.
  var data = self.firstStepCrisisData;
  if (!data) return;
  var phrases = data.phrases;
  var panel = document.createElement("template");
  panel.innerHTML = data.panel;
  var sameWords = new Map(Object.entries(phrases.words));
  // A lookahead, so that overlapping places are all found, as in Python.
  function compiled(sources) {
    return sources.map(function (source) {
      return new RegExp("(?=(" + source + "))", "gu");
    });
  }
  var match = compiled(phrases.match);
  var mustNot = compiled(phrases.mustNot);
  var shown = null; // the box beside a field that holds the panel: one at a time

  var APOSTROPHES = /['\u2018\u2019\u02bc`\u00b4\u2032\uff07]/g; // they join the letters around them

  function lower(text) {
    return text.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").replace(/ı/g, "i");
  }

  // No case, accents or apostrophes, a letter typed twice or more once, words typed for others
  // read as those, one space between words and one at each end: whole words only.
  function normalise(text) {
    var plain = lower(lower(text.replace(APOSTROPHES, "")).normalize("NFKD").replace(/\p{M}/gu, ""));
    var words = plain
      .replace(APOSTROPHES, "")
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(function (word) {
        word = word.replace(/(\P{Nd})\1+/gu, "$1");
        return sameWords.has(word) ? sameWords.get(word) : word;
      })
      .join(" ");
    return words ? " " + words + " " : "";
  }

  function spans(text, pattern) {
    var found = [];
    var hit;
    pattern.lastIndex = 0;
    while ((hit = pattern.exec(text)) !== null) {
      found.push([hit.index, hit.index + hit[1].length]);
      pattern.lastIndex = hit.index + 1; // each place starts at a space, never inside a letter
    }
    return found;
  }

  // A phrase is there, and no must-not-match phrase around it covers it.
  function matches(text) {
    var plain = normalise(text);
    if (!plain) return false;
    var covers = [];
    mustNot.forEach(function (pattern) {
      covers = covers.concat(spans(plain, pattern));
    });
    return match.some(function (pattern) {
      return spans(plain, pattern).some(function (hit) {
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
