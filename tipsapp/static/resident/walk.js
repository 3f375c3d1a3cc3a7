/* Walk mode (/w/<code> and /vandring): join a safety walk, then log observations offline first.
 *
 * Plain script, no build step; common.js (window.TipsApp) and outbox.js (the IndexedDB outbox,
 * shared with the EST reporter's page) are loaded before it. The participant
 * token and the walk are kept in localStorage (no name, nothing else); each observation is put in IndexedDB the moment it is saved, with
 * its own UUID and the phone's clock as seen_at, and sent in batches whenever the phone is
 * online. Only the ones the server answers `created` or `duplicate` are removed; `invalid`
 * ones stay, shown with their errors, until removed by hand. A photo (resized and stripped in
 * the browser) waits as a Blob beside its observation and is uploaded once that is stored. A service worker (/sw.js) keeps
 * this page, its stylesheet and this script so a reload works without a network.
 */
(function () {
  "use strict";

  var app = window.TipsApp;
  var pageElement = document.getElementById("walk-page");
  var T = app && pageElement && app.texts();
  if (!T) return;
  var $ = app.$;
  var show = app.show;
  var setStatus = app.setStatus;
  var format = app.format;
  var newUuid = app.newUuid;
  var LANG = app.LANG;
  var SESSION_KEY = "tipsapp.walk-session";
  var DB_NAME = "tipsapp-walk";
  var STORE = "outbox";
  var MAX_BATCH = 200;
  var RETRY_MS = 15000;
  // The service worker's cache (sw.js names the same one; a test keeps them equal).
  var CACHE = "tipsapp-walk-v5";

  function normalise(code) {
    return String(code || "").toUpperCase().replace(/[\s-]/g, "");
  }

  /* The API with the participant's token (when joined). */
  function api(method, url, body, token) {
    return app.api(method, url, body, token ? { Authorization: "Bearer " + token } : {});
  }

  // --- the session: token and walk, in localStorage ----------------------------------------

  function loadSession() {
    try {
      var session = JSON.parse(window.localStorage.getItem(SESSION_KEY) || "null");
      if (session && session.token && session.walk) return session;
    } catch (e) {
      /* unreadable: join again */
    }
    return null;
  }

  function saveSession(session) {
    window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  }

  function forgetSession() {
    window.localStorage.removeItem(SESSION_KEY);
  }

  // --- the outbox: observations waiting, in IndexedDB (outbox.js) --------------------------

  var outbox = window.TipsAppOutbox.store(DB_NAME, STORE, "walk_id");
  var transact = outbox.transact;

  function outboxFor(walkId) {
    return outbox.list(walkId);
  }

  // --- the page ---------------------------------------------------------------------------

  var session = null;
  var syncing = false;
  var spot = null;

  function showJoin(code) {
    show($("log-view"), false);
    show($("join-view"), true);
    if (code) $("walk-code").value = code;
  }

  function showLog() {
    var walk = session.walk;
    $("walk-name").textContent = walk.title || T.walk_title;
    $("walk-meeting-point").textContent = walk.meeting_point || "";
    renderRatings(walk.checklist || []);
    show($("join-view"), false);
    show($("log-view"), true);
    refreshOutbox();
    syncSoon();
  }

  function renderRatings(checklist) {
    var box = $("ratings");
    box.textContent = "";
    checklist.forEach(function (point) {
      var fieldset = document.createElement("fieldset");
      fieldset.className = "rating";
      var legend = document.createElement("legend");
      legend.textContent = (point.labels && point.labels[LANG]) || point.label || point.code;
      fieldset.appendChild(legend);
      var options = document.createElement("div");
      options.className = "rating-options";
      ["", "0", "1", "2", "3"].forEach(function (value) {
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "rating-" + point.code;
        input.value = value;
        input.dataset.point = point.code;
        if (value === "") input.checked = true;
        label.appendChild(input);
        label.appendChild(document.createTextNode(value === "" ? T.walk_rating_none : value));
        options.appendChild(label);
      });
      fieldset.appendChild(options);
      box.appendChild(fieldset);
    });
  }

  function describeErrors(fields) {
    return app.flatMessages(fields || {}, true).join(" ") || T.unknown_error;
  }

  function refreshOutbox() {
    if (!session) return Promise.resolve([]);
    return outboxFor(session.walk.id).then(function (items) {
      var waiting = items.filter(function (item) {
        return !item.errors;
      });
      var invalid = items.filter(function (item) {
        return item.errors;
      });
      var counter = $("walk-pending");
      counter.textContent = format(T.walk_pending, { n: waiting.length });
      counter.dataset.count = String(waiting.length);
      var list = $("invalid-list");
      list.textContent = "";
      invalid.forEach(function (item) {
        var li = document.createElement("li");
        var what = document.createElement("p");
        var issueLabel = T["issue_" + item.observation.issue] || item.observation.issue;
        what.textContent =
          issueLabel +
          (item.photo ? " (" + T.walk_with_photo + ")" : "") +
          (item.observation.text ? ": " + item.observation.text : "");
        var why = document.createElement("p");
        why.className = "field-error";
        why.textContent = describeErrors(item.errors);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button-secondary";
        remove.textContent = T.walk_remove;
        remove.addEventListener("click", function () {
          transact("readwrite", function (store) {
            store.delete(item.client_uuid);
          }).then(refreshOutbox);
        });
        li.appendChild(what);
        li.appendChild(why);
        li.appendChild(remove);
        list.appendChild(li);
      });
      show($("invalid-box"), invalid.length > 0);
      if (!waiting.length && !syncing) {
        setStatus($("sync-status"), T.walk_all_sent, "ok");
      } else if (!navigator.onLine) {
        setStatus($("sync-status"), T.walk_offline);
      }
      return waiting;
    });
  }

  /* The token is no longer accepted: join again (what is saved stays in the outbox). */
  function expired(current) {
    setStatus($("sync-status"), T.walk_token_expired, "error");
    forgetSession();
    session = null;
    showJoin(current.code);
  }

  /* Send the observations that wait (up to a batch); resolves "more", "next" (go on with the
   * photos) or "stop" (the server said no for now). */
  function sendObservations(current, unsent) {
    if (!unsent.length) return Promise.resolve("next");
    var batch = unsent.slice(0, MAX_BATCH);
    setStatus($("sync-status"), T.walk_sending);
    var url = "/api/v1/walks/" + encodeURIComponent(current.walk.id) + "/observations:sync";
    var body = {
      observations: batch.map(function (item) {
        return item.observation;
      }),
    };
    return api("POST", url, body, current.token).then(function (result) {
      if (result.ok && result.data && Array.isArray(result.data.results)) {
        return outbox.settle(batch, result.data.results).then(function () {
          return unsent.length > MAX_BATCH ? "more" : "next";
        });
      }
      if (result.status === 401) expired(current);
      else setStatus($("sync-status"), result.status === 409 ? T.walk_closed : T.walk_send_failed, "error");
      return "stop";
    });
  }

  /* Upload the photos of stored observations (outbox.js); the network failing stops. */
  function sendPhotos(current) {
    return outbox.sendPhotos(
      current.walk.id,
      function (item) {
        return {
          url:
            "/api/v1/observations/" + encodeURIComponent(item.client_uuid) +
            "/photos/" + encodeURIComponent(item.photo.uuid),
          headers: { Authorization: "Bearer " + current.token },
        };
      },
      {
        sending: function () {
          setStatus($("sync-status"), T.walk_sending_photos);
        },
        expired: function () {
          expired(current);
        },
        failed: function () {
          setStatus($("sync-status"), T.walk_send_failed, "error");
        },
        refused: T.walk_photo_refused,
      }
    );
  }

  /* Send what waits: the observations first, then their photos. Only what the server has
   * stored leaves the outbox. */
  function sync() {
    if (syncing || !session || !navigator.onLine) return Promise.resolve();
    var current = session;
    syncing = true;
    return refreshOutbox()
      .then(function (waiting) {
        var unsent = waiting.filter(function (item) {
          return !item.synced;
        });
        return sendObservations(current, unsent).then(function (next) {
          if (next === "stop") return null;
          return sendPhotos(current).then(function () {
            return next === "more";
          });
        });
      })
      .catch(function () {
        setStatus($("sync-status"), navigator.onLine ? T.walk_send_failed : T.walk_offline, "error");
        return null;
      })
      .then(function (more) {
        syncing = false;
        return refreshOutbox().then(function () {
          if (more) return sync();
          return null;
        });
      });
  }

  var syncTimer = null;
  function syncSoon() {
    window.clearTimeout(syncTimer);
    syncTimer = window.setTimeout(function () {
      sync();
    }, 0);
  }

  // --- joining ------------------------------------------------------------------------------

  function initJoin() {
    var form = $("join-form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = $("walk-code");
      var errors = $("join-errors");
      show(errors, false);
      input.removeAttribute("aria-invalid");
      function fail(message) {
        $("join-error-message").textContent = message;
        show(errors, true);
        errors.focus();
      }
      var code = normalise(input.value);
      if (code.length < 4) {
        input.setAttribute("aria-invalid", "true");
        fail(T.walk_field_code);
        return;
      }
      var button = $("join-submit");
      button.disabled = true;
      setStatus($("join-status"), T.walk_joining);
      api("POST", "/api/v1/walks/join", { code: code })
        .then(
          function (result) {
            if (result.ok && result.data && result.data.token) {
              session = {
                code: code,
                token: result.data.token,
                expires_at: result.data.expires_at,
                walk: result.data.walk,
              };
              saveSession(session);
              setStatus($("join-status"), "");
              showLog();
              $("walk-name").focus();
              return;
            }
            setStatus($("join-status"), "");
            if (result.status === 404 || result.status === 422) {
              input.setAttribute("aria-invalid", "true");
              fail(T.walk_not_found);
            } else if (result.status === 429) {
              fail(T.rate_limited);
            } else {
              fail(T.unknown_error);
            }
          },
          function () {
            setStatus($("join-status"), "");
            fail(T.walk_join_offline);
          }
        )
        .then(function () {
          button.disabled = false;
        });
    });
  }

  // --- logging --------------------------------------------------------------------------------

  function initLog() {
    var position = app.positionPicker({
      texts: T,
      button: $("use-position"),
      remove: $("remove-position"),
      status: $("position-status"),
      decimals: 5,
      maximumAge: 30000,
      onChange: function (value) {
        spot = value;
      },
    });

    var photo = null; // the prepared {blob, width, height}, until the observation is saved
    var photos = app.photoPicker({
      texts: T,
      input: $("walk-photo"),
      error: $("walk-photo-error"),
      preview: $("walk-photo-preview"),
      image: $("walk-photo-image"),
      remove: $("walk-remove-photo"),
      onChange: function (prepared) {
        photo = prepared;
      },
    });

    $("observation-form").addEventListener("submit", function (event) {
      event.preventDefault();
      if (!session) return;
      var form = event.target;
      var issueError = $("issue-error");
      show(issueError, false);
      setStatus($("save-status"), "");
      var chosen = form.querySelector('input[name="issue"]:checked');
      if (!chosen) {
        issueError.textContent = T.walk_field_issue;
        show(issueError, true);
        form.querySelector('input[name="issue"]').focus();
        return;
      }
      var observation = {
        client_uuid: newUuid(),
        issue: chosen.value,
        text: $("note").value.trim(),
        seen_at: new Date().toISOString(),
      };
      var place = $("walk-place").value.trim();
      if (place) observation.place = place;
      if (spot) observation.location = spot;
      var ratings = {};
      var rated = false;
      Array.prototype.forEach.call(form.querySelectorAll("#ratings input:checked"), function (input) {
        if (input.value !== "") {
          ratings[input.dataset.point] = parseInt(input.value, 10);
          rated = true;
        }
      });
      if (rated) observation.ratings = ratings;
      var item = {
        client_uuid: observation.client_uuid,
        walk_id: session.walk.id,
        saved: observation.seen_at,
        observation: observation,
        // Kept as a Blob beside the observation (IndexedDB stores it as it is) and sent once
        // the observation is stored, under a UUID fixed now so retries never duplicate it.
        photo: photo ? { uuid: newUuid(), blob: photo.blob } : null,
        synced: false,
        errors: null,
      };
      transact("readwrite", function (store) {
        store.add(item);
      }).then(
        function () {
          chosen.checked = false;
          $("note").value = "";
          Array.prototype.forEach.call(form.querySelectorAll('#ratings input[value=""]'), function (input) {
            input.checked = true;
          });
          position.clear();
          photos.clear();
          setStatus($("save-status"), T.walk_saved, "ok");
          refreshOutbox().then(backToTop, backToTop).then(syncSoon);
        },
        function () {
          setStatus($("save-status"), T.walk_save_failed, "error");
          backToTop();
        }
      );
    });

    /* Back to the top after a save: "Saved." and the counter of what waits are in sight, and
     * the focus is on them (a screen reader reads both); the next observation starts there. */
    function backToTop() {
      window.scrollTo(0, 0);
      $("sync-box").focus({ preventScroll: true });
    }

    $("leave-walk").addEventListener("click", function () {
      var code = session ? session.code : "";
      forgetSession();
      session = null;
      showJoin(code);
    });

    window.addEventListener("online", syncSoon);
    window.addEventListener("offline", function () {
      refreshOutbox();
    });
    window.setInterval(function () {
      if (session && navigator.onLine) sync();
    }, RETRY_MS);
  }

  // --- offline: the service worker ------------------------------------------------------------

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !window.caches) return;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function () {
        // This very address (/w/<code>, maybe ?lang=en) must open offline too.
        return window.caches.open(CACHE).then(function (cache) {
          return cache.match(window.location.href, { ignoreVary: true }).then(function (found) {
            return found || cache.add(window.location.href);
          });
        });
      })
      .catch(function () {
        /* Offline use is a bonus; the page works online without it. */
      });
  }

  app.onReady(function () {
    initJoin();
    initLog();
    var code = normalise(pageElement.dataset.code);
    session = loadSession();
    if (session && session.expires_at && new Date(session.expires_at) < new Date()) {
      forgetSession();
      session = null;
    }
    if (session && (!code || session.code === code)) showLog();
    else showJoin(pageElement.dataset.code);
    registerWorker();
  });
})();
