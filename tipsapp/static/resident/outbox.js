/* The phone's outbox: what walk mode and the EST reporter's page keep while offline.
 *
 * One IndexedDB object store keyed by each entry's client_uuid, with an index on a group field
 * (the walk, or the reporter). An entry is {client_uuid, <group>, saved, photo: {uuid, blob} or
 * null, synced, errors}; what the server answers `created` or `duplicate` leaves the outbox
 * (after its photo, if it has one), `invalid` stays with its errors until removed by hand.
 *
 * Plain script, no build step; common.js (window.TipsApp) is loaded before it; this defines
 * window.TipsAppOutbox.
 */
(function () {
  "use strict";

  var app = window.TipsApp;
  if (!app) return;

  function offlineStore(dbName, storeName, groupField) {
    var dbPromise = null;

    function openDb() {
      if (!dbPromise) {
        dbPromise = new Promise(function (resolve, reject) {
          var request = window.indexedDB.open(dbName, 1);
          request.onupgradeneeded = function () {
            var store = request.result.createObjectStore(storeName, { keyPath: "client_uuid" });
            store.createIndex(groupField, groupField);
          };
          request.onsuccess = function () {
            resolve(request.result);
          };
          request.onerror = function () {
            reject(request.error);
          };
        });
      }
      return dbPromise;
    }

    /* Run fn(store) in one transaction; resolves with fn's result once it is committed. */
    function transact(mode, fn) {
      return openDb().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(storeName, mode);
          var result = fn(tx.objectStore(storeName));
          tx.oncomplete = function () {
            resolve(result && "result" in result ? result.result : result);
          };
          tx.onerror = function () {
            reject(tx.error);
          };
          tx.onabort = function () {
            reject(tx.error);
          };
        });
      });
    }

    /* The group's entries, oldest first. */
    function list(groupValue) {
      return transact("readonly", function (store) {
        return store.index(groupField).getAll(groupValue);
      }).then(function (items) {
        return (items || []).sort(function (a, b) {
          return a.saved < b.saved ? -1 : a.saved > b.saved ? 1 : 0;
        });
      });
    }

    /* The server's answers to a batch: stored entries leave, unless a photo must follow. */
    function settle(batch, results) {
      var sent = {};
      batch.forEach(function (item) {
        sent[item.client_uuid] = item;
      });
      return transact("readwrite", function (store) {
        results.forEach(function (answer) {
          var item = sent[answer.client_uuid];
          if (!item) return;
          if (answer.status === "created" || answer.status === "duplicate") {
            if (item.photo) {
              item.synced = true;
              store.put(item);
            } else {
              store.delete(item.client_uuid);
            }
          } else if (answer.status === "invalid") {
            item.errors = answer.fields || {};
            store.put(item);
          }
        });
      });
    }

    /* Upload the photos of stored entries, one at a time. Each keeps the UUID it got when it
     * was saved, so a retry after a lost answer stores nothing new (the server answers 200
     * with the same photo). `request(item)` gives {url, headers, credentials}; `on` has sending(),
     * expired(), failed() and refused (the words put before the server's reason). Resolves
     * false when it had to stop (expired, throttled, the server failing). */
    function sendPhotos(groupValue, request, on) {
      return list(groupValue).then(function (items) {
        var ready = items.filter(function (item) {
          return item.synced && item.photo && !item.errors;
        });
        if (ready.length) on.sending();
        return ready.reduce(function (previous, item) {
          return previous.then(function (go) {
            if (!go) return false;
            var target = request(item);
            var headers = Object.assign({ "Content-Type": "image/jpeg" }, target.headers || {});
            return app.api("PUT", target.url, item.photo.blob, headers, target.credentials).then(function (result) {
              if (result.ok) {
                return transact("readwrite", function (store) {
                  store.delete(item.client_uuid);
                }).then(function () {
                  return true;
                });
              }
              if (result.status === 401) {
                on.expired();
                return false;
              }
              if (result.status === 429 || result.status >= 500) {
                on.failed();
                return false;
              }
              // Refused for good (too large, unreadable): say so; removable by hand.
              var error = app.errorOf(result);
              item.errors = { photo: [on.refused + " " + (error.message || "")] };
              return transact("readwrite", function (store) {
                store.put(item);
              }).then(function () {
                return true;
              });
            });
          });
        }, Promise.resolve(true));
      });
    }

    return { transact: transact, list: list, settle: settle, sendPhotos: sendPhotos };
  }

  // window.TipsApp is frozen (common.js): the outbox gets a name of its own.
  window.TipsAppOutbox = Object.freeze({ store: offlineStore });
})();
