/* The EST reporter's page (/staff/rapport): log what you see on a round, offline first.
 *
 * Each report is put in the phone's IndexedDB the moment it is saved (outbox.js, the walk
 * mode's store), with its own UUID and the phone's clock, and sent in batches to
 * POST /api/v1/est-reports/sync whenever the phone is online, with the console's session
 * cookie and CSRF token. Only what the server answers `created` or `duplicate` leaves the
 * phone; `invalid` stays, shown with its errors, until removed by hand. A photo (resized and
 * stripped in the browser, common.js) waits beside its report and is uploaded once the report
 * is stored. The outbox is kept per reporter, so a shared phone never sends one's reports
 * under another's login.
 */
(function () {
  "use strict";

  var app = window.TipsApp;
  var stores = window.TipsAppOutbox;
  var root = document.getElementById("reporter-page");
  if (!app || !stores || !root) return;

  var DATA = JSON.parse(document.getElementById("console-data").textContent);
  var T = DATA.t;
  var $ = app.$;
  var show = app.show;
  var setStatus = app.setStatus;
  var format = app.format;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var ME = DATA.reporter;
  var MAX_BATCH = 200;
  var RETRY_MS = 15000;
  var outbox = stores.store("tipsapp-reports", "outbox", "reporter");
  var syncing = false;
  var spot = null;
  var photo = null;

  // The console's session cookie authenticates the API here (credentials "same-origin").
  var COOKIE = "same-origin";

  function writeHeaders() {
    return { "X-CSRF-Token": CSRF };
  }

  function describeErrors(fields) {
    return app.flatMessages(fields || {}, true).join(" ");
  }

  /* The counter and the list of refused reports; resolves with what waits to be sent. */
  function refresh() {
    return outbox.list(ME).then(function (items) {
      var waiting = items.filter(function (item) {
        return !item.errors;
      });
      var invalid = items.filter(function (item) {
        return item.errors;
      });
      var counter = $("report-pending");
      counter.textContent = format(T.reporter_pending, { n: waiting.length });
      counter.dataset.count = String(waiting.length);
      var list = $("invalid-list");
      list.textContent = "";
      invalid.forEach(function (item) {
        var li = document.createElement("li");
        var what = document.createElement("p");
        what.textContent = (DATA.categories[item.report.category] || item.report.category) + ": " + item.report.text;
        var why = document.createElement("p");
        why.className = "field-error";
        why.textContent = describeErrors(item.errors);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = T.reporter_remove;
        remove.addEventListener("click", function () {
          outbox
            .transact("readwrite", function (store) {
              store.delete(item.client_uuid);
            })
            .then(refresh);
        });
        li.appendChild(what);
        li.appendChild(why);
        li.appendChild(remove);
        list.appendChild(li);
      });
      show($("invalid-box"), invalid.length > 0);
      if (!waiting.length && !syncing) setStatus($("sync-status"), T.reporter_all_sent, "ok");
      else if (!navigator.onLine) setStatus($("sync-status"), T.reporter_offline);
      return waiting;
    });
  }

  function loginEnded() {
    setStatus($("sync-status"), T.reporter_login_again, "error");
  }

  /* Send what waits (up to a batch); resolves "more", "next" (go on with photos) or "stop". */
  function sendReports(unsent) {
    if (!unsent.length) return Promise.resolve("next");
    var batch = unsent.slice(0, MAX_BATCH);
    setStatus($("sync-status"), T.reporter_sending);
    var body = {
      reports: batch.map(function (item) {
        return item.report;
      }),
    };
    return app.api("POST", "/api/v1/est-reports/sync", body, writeHeaders(), COOKIE).then(function (result) {
      if (result.ok && result.data && Array.isArray(result.data.results)) {
        return outbox.settle(batch, result.data.results).then(function () {
          return unsent.length > MAX_BATCH ? "more" : "next";
        });
      }
      if (result.status === 401 || result.status === 403) loginEnded();
      else setStatus($("sync-status"), T.reporter_send_failed, "error");
      return "stop";
    });
  }

  function sendPhotos() {
    return outbox.sendPhotos(
      ME,
      function (item) {
        return {
          url:
            "/api/v1/est-reports/" + encodeURIComponent(item.client_uuid) +
            "/photos/" + encodeURIComponent(item.photo.uuid),
          headers: writeHeaders(),
          credentials: COOKIE,
        };
      },
      {
        sending: function () {
          setStatus($("sync-status"), T.reporter_sending_photos);
        },
        expired: loginEnded,
        failed: function () {
          setStatus($("sync-status"), T.reporter_send_failed, "error");
        },
        refused: T.reporter_photo_refused,
      }
    );
  }

  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return refresh()
      .then(function (waiting) {
        var unsent = waiting.filter(function (item) {
          return !item.synced;
        });
        return sendReports(unsent).then(function (next) {
          if (next === "stop") return null;
          return sendPhotos().then(function () {
            return next === "more";
          });
        });
      })
      .catch(function () {
        setStatus($("sync-status"), navigator.onLine ? T.reporter_send_failed : T.reporter_offline, "error");
        return null;
      })
      .then(function (more) {
        syncing = false;
        return refresh().then(function () {
          loadMine();
          if (more) return sync();
          return null;
        });
      });
  }

  /* The reporter's own latest reports and where each stands (online only). */
  function loadMine() {
    if (!navigator.onLine) return;
    app.api("GET", "/api/v1/est-reports?limit=20", undefined, {}, COOKIE).then(
      function (result) {
        if (!result.ok || !result.data) return;
        var list = $("my-reports");
        list.textContent = "";
        result.data.items.forEach(function (item) {
          var li = document.createElement("li");
          var status = T["reporter_status_" + item.status] || item.status;
          li.textContent =
            item.reference + " · " + (DATA.categories[item.category] || item.category) + " · " + status;
          list.appendChild(li);
        });
        if (!result.data.items.length) {
          var empty = document.createElement("li");
          empty.className = "empty";
          empty.textContent = T.reporter_none;
          list.appendChild(empty);
        }
      },
      function () {
        /* offline: the list waits for the next try */
      }
    );
  }

  /* The time the reporter typed (local), else now; always with the phone's offset. */
  function seenAt() {
    var typed = $("report-seen").value;
    var moment = typed ? new Date(typed) : new Date();
    return isNaN(moment.getTime()) ? new Date().toISOString() : moment.toISOString();
  }

  function initForm() {
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
    var photos = app.photoPicker({
      texts: T,
      input: $("report-photo"),
      error: $("report-photo-error"),
      preview: $("report-photo-preview"),
      image: $("report-photo-image"),
      remove: $("report-remove-photo"),
      onChange: function (prepared) {
        photo = prepared;
      },
    });

    $("report-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var category = $("report-category");
      var text = $("report-text");
      var missingCategory = !category.value;
      var missingText = text.value.trim().length < 3;
      show($("category-error"), missingCategory);
      show($("text-error"), missingText);
      category.setAttribute("aria-invalid", missingCategory ? "true" : "false");
      text.setAttribute("aria-invalid", missingText ? "true" : "false");
      if (missingCategory || missingText) {
        (missingCategory ? category : text).focus();
        return;
      }
      var report = {
        client_uuid: app.newUuid(),
        area: $("report-area").value,
        category: category.value,
        text: text.value.trim(),
        seen_at: seenAt(),
        language: app.LANG,
      };
      var place = $("report-place").value.trim();
      if (place) report.place = place;
      if (spot) report.location = spot;
      var ratings = {};
      var rated = false;
      Array.prototype.forEach.call(form.querySelectorAll("#ratings input:checked"), function (input) {
        if (input.value !== "") {
          ratings[input.dataset.point] = parseInt(input.value, 10);
          rated = true;
        }
      });
      if (rated) report.ratings = ratings;
      var item = {
        client_uuid: report.client_uuid,
        reporter: ME,
        saved: new Date().toISOString(),
        report: report,
        // The photo waits as a Blob under a UUID fixed now, so retries never duplicate it.
        photo: photo ? { uuid: app.newUuid(), blob: photo.blob } : null,
        synced: false,
        errors: null,
      };
      outbox
        .transact("readwrite", function (store) {
          store.add(item);
        })
        .then(
          function () {
            category.value = "";
            text.value = "";
            $("report-place").value = "";
            $("report-seen").value = "";
            Array.prototype.forEach.call(form.querySelectorAll('#ratings input[value=""]'), function (input) {
              input.checked = true;
            });
            position.clear();
            photos.clear();
            setStatus($("save-status"), T.reporter_saved, "ok");
            window.scrollTo(0, 0);
            $("sync-box").focus({ preventScroll: true });
            return refresh().then(sync);
          },
          function () {
            setStatus($("save-status"), T.reporter_save_failed, "error");
          }
        );
    });

    $("send-now").addEventListener("click", function () {
      sync();
    });
    window.addEventListener("online", function () {
      sync();
    });
    window.addEventListener("offline", function () {
      refresh();
    });
    window.setInterval(function () {
      if (navigator.onLine) sync();
    }, RETRY_MS);
  }

  app.onReady(function () {
    initForm();
    refresh().then(sync);
    loadMine();
  });
})();
