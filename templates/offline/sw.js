// First Step's service worker: with no signal, the crisis lines, the guide steps a person opened,
// and a plan or safety plan only if they pressed "Keep … on this phone", still open. Nothing else.
// Caches (names start "first-step-"):
//   shell-<version>: the static files every page needs, and the crisis lines and offline page in
//                    each language the person used; a deploy with new static files replaces it.
//   pages:           the guide steps opened, or all of them after "Keep the whole guide".
//   personal:        plans kept on this phone, only after the click; log-out, deleting the
//                    account, "Forget me on this device" and "Exit this page" delete it.
//   crisis-words:    the crisis phrases and panel a page with free text names (one file for each
//                    language and region, the newest), so they are checked as a person types with
//                    no signal too; not personal, and kept across deploys.
"use strict";

const SETTINGS = {% autoescape off %}{{ worker_settings }}{% endautoescape %};
const SHELL_PREFIX = "first-step-shell-";
const SHELL_CACHE = SHELL_PREFIX + SETTINGS.version;
const PAGES_CACHE = "first-step-pages";
const PERSONAL_CACHE = "first-step-personal";
const CRISIS_WORDS_CACHE = "first-step-crisis-words";
const LANGUAGES = Object.keys(SETTINGS.languages).map(function (code) {
  return Object.assign({ code: code }, SETTINGS.languages[code]);
});
const A_DAY = 24 * 60 * 60 * 1000;

function languageOf(path) {
  // The language whose home is the longest start of the address: "/es/…" is Spanish.
  return LANGUAGES.filter(function (language) {
    return path.startsWith(language.home);
  }).sort(function (a, b) {
    return b.home.length - a.home.length;
  })[0];
}

function keyOf(url) {
  // A page is kept under its address alone: "/help-now/?region=GB" is the help-now page.
  return new URL(url).origin + new URL(url).pathname;
}

async function fetchToKeep(url) {
  const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
  return response.ok && !response.redirected ? response : null;
}

// When the crisis lines were kept, so that they are fetched again after a day (staff may have
// changed a number), on the next page the person opens with a signal.
const KEPT_AT = "X-First-Step-Kept-At";

async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, String(Date.now()));
  const body = await response.blob();
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function keepCrisisPages(language, { onlyIfStale } = {}) {
  const cache = await caches.open(SHELL_CACHE);
  await Promise.all(
    [language.help_now, language.offline].map(async function (path) {
      const kept = await cache.match(path);
      if (kept && onlyIfStale && Date.now() - Number(kept.headers.get(KEPT_AT)) < A_DAY) return;
      const response = await fetchToKeep(path);
      if (response) await cache.put(path, await stamped(response));
    })
  );
}

async function keepCrisisPagesKept() {
  // The crisis lines again, in each language this worker keeps them in.
  const cache = await caches.open(SHELL_CACHE);
  for (const language of LANGUAGES) {
    if (await cache.match(language.help_now)) await keepCrisisPages(language);
  }
}

async function languagesKeptBefore() {
  const names = (await caches.keys()).filter(function (name) {
    return name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE;
  });
  const found = [];
  for (const name of names) {
    const cache = await caches.open(name);
    for (const language of LANGUAGES) {
      if (!found.includes(language) && (await cache.match(language.help_now))) found.push(language);
    }
  }
  return found;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    (async function () {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(
        SETTINGS.shell.map(function (url) {
          // A hashed name may come from the browser's cache; any other is asked for again.
          return new Request(url, { cache: SETTINGS.hashed_static ? "default" : "no-cache" });
        })
      );
      // A new version keeps the crisis lines in every language the last one kept.
      const languages = await languagesKeptBefore();
      await Promise.all(languages.map(function (language) {
        return keepCrisisPages(language).catch(function () {});
      }));
      await self.skipWaiting();
    })()
  );
});

async function refreshKeptPages() {
  // Kept pages name the static files of the deploy they came from: fetch them again, so that
  // they name the files this version keeps. Offline, they stay as they were.
  for (const name of [PAGES_CACHE, PERSONAL_CACHE]) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      let response;
      try {
        response = await fetch(request.url, { credentials: "same-origin", cache: "no-cache" });
      } catch (error) {
        return;
      }
      if (name === PERSONAL_CACHE && !response.ok) {
        await forgetPersonal();
        return;
      }
      if (response.ok && !response.redirected) await cache.put(request, response);
    }
  }
}

self.addEventListener("activate", function (event) {
  event.waitUntil(
    (async function () {
      const old = (await caches.keys()).filter(function (name) {
        return name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE;
      });
      await Promise.all(old.map(function (name) {
        return caches.delete(name);
      }));
      await self.clients.claim();
      // Not waited for: pages wait until the worker is active, and these may be many.
      if (old.length) refreshKeptPages().catch(function () {});
    })()
  );
});

function forgetPersonal() {
  return caches.delete(PERSONAL_CACHE);
}

async function tellPages(message) {
  const pages = await self.clients.matchAll({ type: "window" });
  pages.forEach(function (page) {
    page.postMessage(message);
  });
}

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type === "page") {
    const language = LANGUAGES.find(function (l) {
      return l.code === data.language;
    });
    if (!language) return;
    event.waitUntil(
      Promise.all([
        keepCrisisPages(language, { onlyIfStale: true }),
        typeof data.path === "string" && isGuidePage(data.path, language) && keepIfMissing(data.path),
        typeof data.crisis_words === "string" && keepCrisisWords(data.crisis_words),
      ]).catch(function () {})
    );
  } else if (data.type === "forget-personal") {
    event.waitUntil(forgetPersonal());
  } else if (data.type === "region") {
    // site.js has kept the region of the browser's time zone: the kept lines follow it.
    event.waitUntil(keepCrisisPagesKept().catch(function () {}));
  }
});

function isGuidePage(path, language) {
  return path.startsWith(language.guide) || path.startsWith(language.guides);
}

async function keepIfMissing(path) {
  // The page the worker was installed from: it opened before the worker could keep it.
  const cache = await caches.open(PAGES_CACHE);
  if (await cache.match(path)) return;
  const response = await fetchToKeep(path);
  if (response) await cache.put(path, response);
}

function isCrisisWords(url) {
  return LANGUAGES.some(function (language) {
    return url.pathname.startsWith(language.crisis_words);
  });
}

// Its language and region: the address without the digest.
function crisisWordsGroup(url) {
  return url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1);
}

async function putCrisisWords(url, response) {
  // The newest of a language and region only: the older ones go.
  const cache = await caches.open(CRISIS_WORDS_CACHE);
  for (const request of await cache.keys()) {
    const kept = new URL(request.url);
    if (crisisWordsGroup(kept) === crisisWordsGroup(url) && kept.pathname !== url.pathname) {
      await cache.delete(request);
    }
  }
  await cache.put(url.pathname, response);
}

async function keepCrisisWords(address) {
  // The page was opened before the worker was there to keep its phrases.
  const url = new URL(address, self.location.origin);
  if (url.origin !== self.location.origin || !isCrisisWords(url)) return;
  const cache = await caches.open(CRISIS_WORDS_CACHE);
  if (await cache.match(url.pathname)) return;
  const response = await fetchToKeep(url.pathname);
  if (response) await putCrisisWords(url, response);
}

// The request from the network, answered at once; a copy of a good same-origin answer goes to
// `keep` while the worker stays alive for it.
async function fetchAndKeep(event, keep) {
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") event.waitUntil(keep(response.clone()));
  return response;
}

async function crisisWords(event) {
  // Its address names its digest, so a kept copy is always right. With no signal, a page kept
  // from before staff changed a phrase gets the newest kept for its language and region.
  const url = new URL(event.request.url);
  const cache = await caches.open(CRISIS_WORDS_CACHE);
  const kept = await cache.match(url.pathname);
  if (kept) return kept;
  try {
    return await fetchAndKeep(event, function (copy) {
      return putCrisisWords(url, copy);
    });
  } catch (error) {
    for (const request of await cache.keys()) {
      if (crisisWordsGroup(new URL(request.url)) === crisisWordsGroup(url)) {
        return cache.match(request);
      }
    }
    throw error;
  }
}

async function offlinePage(language) {
  const cache = await caches.open(SHELL_CACHE);
  const page = (await cache.match(language.offline)) || (await cache.match(language.help_now));
  if (page) return page;
  for (const other of LANGUAGES) {
    const found = (await cache.match(other.offline)) || (await cache.match(other.help_now));
    if (found) return found;
  }
  return new Response("You are offline.", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

async function networkFirst(event, cacheName, language) {
  const key = keyOf(event.request.url);
  try {
    const response = await fetch(event.request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      const copy = response.clone();
      event.waitUntil(
        (async function () {
          const cache = await caches.open(cacheName);
          await cache.put(key, cacheName === SHELL_CACHE ? await stamped(copy) : copy);
        })()
      );
    }
    return response;
  } catch (error) {
    const cache = await caches.open(cacheName);
    return (await cache.match(key)) || offlinePage(language);
  }
}

async function keptPlan(event, language) {
  const key = keyOf(event.request.url);
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    const cache = await caches.open(PERSONAL_CACHE);
    return (await cache.match(key)) || offlinePage(language);
  }
  if (response.ok && !response.redirected) {
    const copy = response.clone();
    event.waitUntil(
      (async function () {
        // Not if it was forgotten meanwhile.
        if (!(await caches.has(PERSONAL_CACHE))) return;
        const cache = await caches.open(PERSONAL_CACHE);
        if (await cache.match(key)) await cache.put(key, copy);
      })()
    );
  } else if (response.status === 404 || response.status === 403 || response.type === "opaqueredirect") {
    // The person no longer owns it (signed out elsewhere, deleted, expired): forget every plan.
    await forgetPersonal();
  }
  return response;
}

async function openPage(event) {
  const path = new URL(event.request.url).pathname;
  const language = languageOf(path);
  if (path === language.help_now || path === language.offline) {
    if (path === language.help_now && new URL(event.request.url).searchParams.has("region")) {
      // A region chosen here: its offline page follows (help-now is kept by networkFirst).
      const response = await networkFirst(event, SHELL_CACHE, language);
      event.waitUntil(
        (async function () {
          const cache = await caches.open(SHELL_CACHE);
          const fresh = await fetchToKeep(language.offline);
          if (fresh) await cache.put(language.offline, await stamped(fresh));
        })().catch(function () {})
      );
      return response;
    }
    return networkFirst(event, SHELL_CACHE, language);
  }
  if (isGuidePage(path, language)) {
    return networkFirst(event, PAGES_CACHE, language);
  }
  if ((await caches.has(PERSONAL_CACHE)) && (await (await caches.open(PERSONAL_CACHE)).match(keyOf(event.request.url)))) {
    return keptPlan(event, language);
  }
  try {
    return await fetch(event.request);
  } catch (error) {
    return offlinePage(language);
  }
}

async function sendForm(event) {
  const path = new URL(event.request.url).pathname;
  const signingOut = LANGUAGES.some(function (l) {
    return path === l.logout;
  });
  const deletingAccount = LANGUAGES.some(function (l) {
    return path === l.account_delete;
  });
  const forgettingMe = LANGUAGES.some(function (l) {
    return path === l.forget_me;
  });
  const deletedPlan = /\/plan\/[0-9a-f-]{36}\/delete\/$/.test(path);
  const deletedSafetyPlan = LANGUAGES.some(function (l) {
    return path === l.safety_plan_delete;
  });
  if (signingOut || forgettingMe) await forgetPersonal();
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    // No signal: a 204 leaves the person on the page with what they typed, and site.js says why.
    await tellPages({ type: "offline-form" });
    return new Response(null, { status: 204 });
  }
  if (response.type === "opaqueredirect") {
    if (deletingAccount) await forgetPersonal();
    if (deletedSafetyPlan && (await caches.has(PERSONAL_CACHE))) {
      // One safety plan a person, in any language it was kept in.
      const cache = await caches.open(PERSONAL_CACHE);
      const origin = self.location.origin;
      await Promise.all(LANGUAGES.map(function (l) {
        return cache.delete(origin + l.safety_plan);
      }));
    }
    if (deletedPlan && (await caches.has(PERSONAL_CACHE))) {
      const cache = await caches.open(PERSONAL_CACHE);
      await cache.delete(keyOf(event.request.url).replace(/delete\/$/, ""));
    }
  }
  return response;
}

async function staticFile(event) {
  const cache = await caches.open(SHELL_CACHE);
  if (SETTINGS.hashed_static) {
    // A hashed name never changes its contents: the kept copy is always right.
    const kept = await cache.match(event.request);
    if (kept) return kept;
  }
  try {
    return await fetchAndKeep(event, function (copy) {
      return cache.put(event.request, copy);
    });
  } catch (error) {
    const kept = await caches.match(event.request);
    if (kept) return kept;
    throw error;
  }
}

async function chooseRegion(event) {
  const language = languageOf(new URL(event.request.url).pathname);
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    if (event.request.mode === "navigate") return offlinePage(language);
    throw error;
  }
  // The answer set the region's cookie: keep the crisis lines of the region just chosen.
  event.waitUntil(keepCrisisPages(language).catch(function () {}));
  return response;
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "GET" && LANGUAGES.some(function (l) {
    return url.pathname === l.choose_region;
  })) {
    event.respondWith(chooseRegion(event));
  } else if (request.method === "GET" && isCrisisWords(url)) {
    event.respondWith(crisisWords(event));
  } else if (request.mode === "navigate") {
    if (request.method === "GET") event.respondWith(openPage(event));
    else if (request.method === "POST") event.respondWith(sendForm(event));
  } else if (
    request.method === "GET" &&
    url.pathname.startsWith(SETTINGS.static_prefix) &&
    !url.pathname.startsWith(SETTINGS.static_prefix + "admin/")
  ) {
    event.respondWith(staticFile(event));
  }
});
