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
      var go = function () {
        window.location.replace(link.href);
      };
      if (!window.caches) return go();
      // Forget every plan kept on this phone first, but never wait long to leave.
      Promise.race([
        caches.delete("first-step-personal"),
        new Promise(function (resolve) {
          window.setTimeout(resolve, 500);
        }),
      ]).then(go, go);
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

// The crisis lines for where the person is. Until they choose a region, the browser's time zone
// names one: the zone stays in the browser, and only the region's code is kept, in the
// zone_region cookie (guides/services/crisis/regions.py). A page showing another region's lines, not chosen by
// the person, is asked for again once. Zones outside these regions leave it to the server (the
// browser's language, else "anywhere else"). tests/crisis/test_regions.py checks this list
// against the time zone database.
(function () {
  "use strict";

  var ZONES = {
    US:
      "America/Adak America/Anchorage America/Atka America/Boise America/Chicago " +
      "America/Denver America/Detroit America/Fort_Wayne America/Indiana/Indianapolis " +
      "America/Indiana/Knox America/Indiana/Marengo America/Indiana/Petersburg " +
      "America/Indiana/Tell_City America/Indiana/Vevay America/Indiana/Vincennes " +
      "America/Indiana/Winamac America/Indianapolis America/Juneau " +
      "America/Kentucky/Louisville America/Kentucky/Monticello America/Knox_IN " +
      "America/Los_Angeles America/Louisville America/Menominee America/Metlakatla " +
      "America/New_York America/Nome America/North_Dakota/Beulah " +
      "America/North_Dakota/Center America/North_Dakota/New_Salem America/Phoenix " +
      "America/Shiprock America/Sitka America/Yakutat Navajo Pacific/Honolulu US/Alaska " +
      "US/Aleutian US/Arizona US/Central US/East-Indiana US/Eastern US/Hawaii " +
      "US/Indiana-Starke US/Michigan US/Mountain US/Pacific",
    UK:
      "Europe/Belfast Europe/London GB GB-Eire",
    CA:
      "America/Atikokan America/Blanc-Sablon America/Cambridge_Bay America/Creston " +
      "America/Dawson America/Dawson_Creek America/Edmonton America/Fort_Nelson " +
      "America/Glace_Bay America/Goose_Bay America/Halifax America/Inuvik " +
      "America/Iqaluit America/Moncton America/Montreal America/Nipigon " +
      "America/Pangnirtung America/Rainy_River America/Rankin_Inlet America/Regina " +
      "America/Resolute America/St_Johns America/Swift_Current America/Thunder_Bay " +
      "America/Toronto America/Vancouver America/Whitehorse America/Winnipeg " +
      "America/Yellowknife Canada/Atlantic Canada/Central Canada/Eastern " +
      "Canada/Mountain Canada/Newfoundland Canada/Pacific Canada/Saskatchewan " +
      "Canada/Yukon",
    IE:
      "Eire Europe/Dublin",
    AU:
      "Australia/ACT Australia/Adelaide Australia/Brisbane Australia/Broken_Hill " +
      "Australia/Canberra Australia/Currie Australia/Darwin Australia/Eucla " +
      "Australia/Hobart Australia/LHI Australia/Lindeman Australia/Lord_Howe " +
      "Australia/Melbourne Australia/NSW Australia/North Australia/Perth " +
      "Australia/Queensland Australia/South Australia/Sydney Australia/Tasmania " +
      "Australia/Victoria Australia/West Australia/Yancowinna",
    ES:
      "Africa/Ceuta Atlantic/Canary Europe/Madrid",
    MX:
      "America/Bahia_Banderas America/Cancun America/Chihuahua America/Ciudad_Juarez " +
      "America/Ensenada America/Hermosillo America/Matamoros America/Mazatlan " +
      "America/Merida America/Mexico_City America/Monterrey America/Ojinaga " +
      "America/Santa_Isabel America/Tijuana Mexico/BajaNorte Mexico/BajaSur " +
      "Mexico/General",
  };
  var COOKIE = "zone_region";

  function regionOfZone(zone) {
    for (var code in ZONES) {
      if ((" " + ZONES[code] + " ").indexOf(" " + zone + " ") !== -1) return code;
    }
    return "";
  }

  function keptRegion() {
    var found = document.cookie.match(/(?:^|;\s*)zone_region=([^;]*)/);
    return found ? found[1] : "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return;
    }
    var code = regionOfZone(zone);
    if (code === keptRegion()) return;
    document.cookie =
      COOKIE + "=" + code + "; path=/; samesite=lax; max-age=" + (code ? 31536000 : 0) +
      (window.location.protocol === "https:" ? "; secure" : "");
    // The crisis lines the worker keeps for no signal follow.
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "region" });
    }
    var shown = document.querySelector("[data-region-detect]");
    if (code && shown && shown.dataset.regionShown !== code) window.location.reload();
  });
})();

// The planner: fill in the browser's time zone, and show a barrier's note box once it is ticked.
(function () {
  "use strict";

  function detectTimeZone(root) {
    var input = root.querySelector("[data-detect-time-zone]");
    if (!input || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    // A list of places: choose the browser's zone only if it is one of them, never a blank.
    if (input.options) {
      var found = false;
      for (var i = 0; i < input.options.length; i++) {
        if (input.options[i].value === zone) found = true;
      }
      if (!found) return;
    }
    // The server marks the field only while it holds its own default, never the person's choice.
    input.value = zone;
  }

  // A plan for today (from the crisis lines): the browser's today, not the server's.
  function suggestToday(root) {
    var day = root.querySelector("[data-suggest-today]");
    if (!day) return;
    var now = new Date();
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    day.value = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
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
    suggestToday(document);
    collapseBarrierNotes(document);
  });
})();

// Offline on a phone: the service worker (templates/offline/sw.js), the buttons that keep pages
// on this phone, and forms sent with no signal. Without this file nothing is kept, and every
// page works as it does online.
(function () {
  "use strict";

  // The caches the service worker reads; it owns their names.
  var PAGES_CACHE = "first-step-pages";
  var PERSONAL_CACHE = "first-step-personal";
  var canKeep = "serviceWorker" in navigator && "caches" in window;

  function pathOf(url) {
    return new URL(url, window.location.href).pathname;
  }

  // Keep each page whole, or none: a page that fails (a 404, a log-in page) is not kept.
  function keep(cacheName, urls) {
    return Promise.all(
      urls.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok || response.redirected) throw new Error(url);
          return response;
        });
      })
    ).then(function (responses) {
      return caches.open(cacheName).then(function (cache) {
        return Promise.all(
          responses.map(function (response, index) {
            return cache.put(pathOf(urls[index]), response);
          })
        );
      });
    });
  }

  function isKept(cacheName, url) {
    return caches.has(cacheName).then(function (exists) {
      if (!exists) return false;
      return caches.open(cacheName).then(function (cache) {
        return cache.match(pathOf(url)).then(Boolean);
      });
    });
  }

  // A box with a "keep" (and maybe a "forget") button; without JavaScript, or a browser that
  // cannot keep pages, the buttons stay hidden and the box's note says so.
  // `page` is the address that shows whether the box's pages are kept; `pages()` lists them all.
  function keepBox(box, cacheName, page, pages) {
    var keepButton = box.querySelector("[data-keep]");
    var forgetButton = box.querySelector("[data-forget]");
    var status = box.querySelector("[data-keep-status]");
    var note = box.querySelector("[data-keep-needs]");
    if (!canKeep) return;
    if (note) note.hidden = true;

    function show(kept) {
      keepButton.hidden = kept && !!forgetButton;
      if (forgetButton) forgetButton.hidden = !kept;
    }
    function say(text) {
      status.textContent = text || "";
    }
    isKept(cacheName, page).then(show);
    keepButton.addEventListener("click", function () {
      say(box.dataset.keeping);
      keep(cacheName, pages()).then(
        function () {
          show(true);
          say(box.dataset.kept);
        },
        function () {
          say(box.dataset.failed);
        }
      );
    });
    if (forgetButton) {
      forgetButton.addEventListener("click", function () {
        caches
          .open(cacheName)
          .then(function (cache) {
            return cache.delete(pathOf(page));
          })
          .then(function () {
            show(false);
            say(box.dataset.forgotten);
          });
      });
    }
  }

  function keepPlanBox(root) {
    var box = root.querySelector("[data-keep-plan]");
    if (!box) return;
    var page = window.location.pathname;
    keepBox(box, PERSONAL_CACHE, page, function () {
      return [page];
    });
  }

  function keepGuideBox(root) {
    var box = root.querySelector("[data-keep-guide]");
    if (!box) return;
    var overview = window.location.pathname;
    keepBox(box, PAGES_CACHE, overview, function () {
      var steps = Array.prototype.map.call(
        root.querySelectorAll(".step-list__title"),
        function (link) {
          return link.href;
        }
      );
      return [overview].concat(steps);
    });
  }

  // The offline page lists what this phone keeps, by each page's heading.
  function listKeptPages(root) {
    if (!("caches" in window)) return;
    root.querySelectorAll("[data-kept-list]").forEach(function (section) {
      var name = section.dataset.keptList;
      var list = section.querySelector("ul");
      caches.has(name).then(function (exists) {
        if (!exists) return;
        caches.open(name).then(function (cache) {
          cache.keys().then(function (requests) {
            requests.forEach(function (request) {
              cache
                .match(request)
                .then(function (response) {
                  return response.text();
                })
                .then(function (html) {
                  var page = new DOMParser().parseFromString(html, "text/html");
                  var heading = page.querySelector("h1") || page.querySelector("title");
                  var item = document.createElement("li");
                  var link = document.createElement("a");
                  link.href = request.url;
                  link.textContent = heading ? heading.textContent.trim() : request.url;
                  item.appendChild(link);
                  list.appendChild(item);
                  section.hidden = false;
                });
            });
          });
        });
      });
    });
  }

  // A form sent with no signal: say so, and keep what was typed on the page.
  var lastForm = null;

  function offlineNotice(form) {
    if (!form) return;
    var notice = form.querySelector("[data-offline-notice]");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "notice notice--error";
      notice.setAttribute("role", "alert");
      notice.setAttribute("data-offline-notice", "");
      form.insertBefore(notice, form.firstChild);
    }
    notice.textContent = document.body.dataset.offlineForm;
  }

  document.addEventListener(
    "submit",
    function (event) {
      lastForm = event.target;
      // Logging out forgets the plans kept on this phone, even with no signal to log out.
      if (event.target.hasAttribute("data-forget-kept-plans") && window.caches) {
        caches.delete(PERSONAL_CACHE);
      }
      if (navigator.onLine === false) {
        event.preventDefault();
        event.stopPropagation();
        offlineNotice(event.target);
      }
    },
    true
  );
  document.addEventListener("htmx:sendError", function (event) {
    offlineNotice(event.detail.elt.closest("form"));
  });

  if ("serviceWorker" in navigator) {
    // The worker sends this when a form's page could not reach the site.
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "offline-form") offlineNotice(lastForm);
    });
    // After the page has loaded, so that none of it waits for the worker.
    window.addEventListener("load", function () {
      navigator.serviceWorker
        .register("/sw.js")
        .then(function () {
          return navigator.serviceWorker.ready;
        })
        .then(function (registration) {
          // Keep the crisis lines in this page's language, this page if it is a guide step
          // opened before the worker was there to keep it, and its crisis phrases if it has
          // free text.
          var crisisWords = document.querySelector("script[data-crisis-words-data]");
          registration.active.postMessage({
            type: "page",
            language: document.documentElement.lang,
            path: window.location.pathname,
            crisis_words: crisisWords ? crisisWords.getAttribute("src") : null,
          });
        })
        .catch(function () {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepPlanBox(document);
    keepGuideBox(document);
    listKeptPages(document);
  });
})();
