/* The walk page's service worker: walk mode opens without a network after the first visit.
 *
 * Cache first (and refreshed in the background) for the walk pages, their stylesheet and
 * scripts; the API is never touched here, so it is always the network (observations wait in
 * the page's IndexedDB, not in this worker). Every other request passes through untouched.
 */
"use strict";

// A new name whenever an asset changes: phones then fetch them all anew and drop the old copy.
var CACHE = "tipsapp-walk-v5";
var ASSETS = [
  "/vandring",
  "/static/resident/resident.css",
  "/static/resident/common.js",
  "/static/resident/outbox.js",
  "/static/resident/walk.js",
];

function isWalkRequest(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/api/") === 0) return false;
  return url.pathname.indexOf("/w/") === 0 || ASSETS.indexOf(url.pathname) !== -1;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.addAll(ASSETS);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("tipsapp-walk-") === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function refresh(cache, request) {
  return fetch(request).then(function (response) {
    if (response.ok) return cache.put(request, response.clone()).then(function () {
      return response;
    });
    return response;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!isWalkRequest(url)) return; // network only: the API and everything else
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (cached) {
        var fresh = refresh(cache, request);
        if (cached) {
          // Serve the copy now; a newer one (if the network answers) is for the next visit.
          event.waitUntil(fresh.catch(function () {}));
          return cached;
        }
        return fresh;
      });
    })
  );
});
