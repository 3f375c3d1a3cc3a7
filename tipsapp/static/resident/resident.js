/* The resident's pages: send a tip (/) and follow it up (/uppfoljning).
 *
 * Plain script, no build step; it needs common.js (window.TipsApp) loaded before it and talks
 * only to our own API. Nothing is kept about the visitor: the only thing in sessionStorage is
 * the draft's Idempotency-Key (and a hash of the draft, to tell a retry from an edited draft),
 * removed once the tip is stored.
 * The reference and receipt live in this page's memory only and travel in request bodies.
 */
(function () {
  "use strict";

  var app = window.TipsApp;
  var T = app && app.texts();
  if (!T) return;
  var $ = app.$;
  var show = app.show;
  var setStatus = app.setStatus;
  var api = app.api;
  var errorOf = app.errorOf;
  var newUuid = app.newUuid;
  var LANG = app.LANG;
  var DRAFT_STORAGE_KEY = "tipsapp.tip-draft";

  /* Our own words per field say what to do; otherwise the API's (in the page's language). */
  function fieldMessage(field, messages) {
    return T["field_" + field] || app.flatMessages(messages, false).join(" ") || T.unknown_error;
  }

  /* A short non-secret fingerprint of the draft (cyrb53), so the text itself is never stored. */
  function fingerprint(text) {
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }

  /* The same draft sent again (after a network error) keeps its key: the server then answers
   * with the first tip instead of storing a second one. An edited draft is a new tip. */
  function idempotencyKeyFor(bodyJson) {
    var print = fingerprint(bodyJson);
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(DRAFT_STORAGE_KEY) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && saved.draft === print && saved.key) return saved.key;
    var key = newUuid();
    try {
      window.sessionStorage.setItem(DRAFT_STORAGE_KEY, JSON.stringify({ key: key, draft: print }));
    } catch (e) {
      /* private mode without storage: the key still lives for this page */
    }
    return key;
  }

  function forgetDraftKey() {
    try {
      window.sessionStorage.removeItem(DRAFT_STORAGE_KEY);
    } catch (e) {
      /* nothing stored */
    }
  }

  // --- error display -----------------------------------------------------------------------

  function clearErrors(form) {
    show($("form-errors"), false);
    $("form-error-list").textContent = "";
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".field-error").forEach(function (el) {
      el.textContent = "";
      el.hidden = true;
    });
  }

  function focusTarget(field) {
    var input = $(field);
    if (input) return input;
    var group = document.querySelector('input[name="' + field + '"]');
    if (group) return group;
    return field === "location" ? $("use-position") : null;
  }

  /* The envelope's message on top, each field's own message beside it and in the list. */
  function showErrors(message, fields) {
    var summary = $("form-errors");
    $("form-error-message").textContent = message;
    var list = $("form-error-list");
    list.textContent = "";
    Object.keys(fields || {}).forEach(function (field) {
      var text = fieldMessage(field, fields[field]);
      var inline = $(field + "-error");
      if (inline) {
        inline.textContent = text;
        inline.hidden = false;
      }
      var target = focusTarget(field);
      if (target && target.id) target.setAttribute("aria-invalid", "true");
      var item = document.createElement("li");
      if (target && target.id) {
        var link = document.createElement("a");
        link.href = "#" + target.id;
        link.textContent = text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          target.focus();
        });
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    });
    show(summary, true);
    summary.focus();
  }

  function messageFor(result, notFound) {
    if (result.status === 404 && notFound) return notFound;
    if (result.status === 429) return errorOf(result).message || T.rate_limited;
    return errorOf(result).message || T.unknown_error;
  }

  // --- urgency: a small mirror of the server's detect_urgency ------------------------------

  var B = "(?<![\\p{L}\\p{N}])";
  var E = "(?![\\p{L}\\p{N}])";
  var NOW = new RegExp(
    B + "(?:just nu|pågår|pågående|händer nu|precis nu|i detta nu|i denna stund|nu direkt|" +
      "brinner|står i brand|skjuter|skriker på hjälp|ropar på hjälp|happening now|right now|" +
      "is happening|on fire|burning|screaming for help)" + E + "|hjälp ?!|help ?!",
    "iu"
  );
  var HAZARD = new RegExp(
    B + "(?:kniv(?:en|ar|arna)?|pistol(?:en|er)?|vapnet|vapnen|vapen|skjutvapen|skott(?:en|et)?|" +
      "skottlossning|machete|yxa|brand(?:en)?|eld(?:en)?|eldsvåda|rök(?:en)?|rökutveckling|" +
      "knife|knives|gun|guns|weapon|shots?|fire|smoke)" + E,
    "iu"
  );
  var PAST = new RegExp(
    B + "(?:igår|i går|förra (?:veckan|månaden|året|helgen)|i förrgår|för \\S+ " +
      "(?:dagar|veckor|månader|år) sedan|i somras|i vintras|i våras|i höstas|tidigare i år|brann|" +
      "last (?:week|month|year|night)|yesterday|days ago|weeks ago|months ago)" + E,
    "iu"
  );

  function soundsUrgent(text) {
    var flat = text.replace(/\s+/g, " ");
    if (NOW.test(flat)) return true;
    return HAZARD.test(flat) && !PAST.test(flat);
  }

  // --- the tip form ------------------------------------------------------------------------

  function initTipForm() {
    var form = $("tip-form");
    var submit = $("submit");
    var textArea = $("text");
    var urgentAlert = $("urgent-alert");
    var spot = null; // the position, only when the resident asks for it
    var photo = null; // {blob, uuid}
    var sent = null; // {reference, receipt}
    var sending = false;

    function checkUrgency() {
      show(urgentAlert, soundsUrgent(textArea.value));
    }
    var urgencyTimer = null;
    textArea.addEventListener("input", function () {
      window.clearTimeout(urgencyTimer);
      urgencyTimer = window.setTimeout(checkUrgency, 250);
    });
    textArea.addEventListener("blur", checkUrgency);

    // When: never in the future.
    var when = $("occurred_at");
    function localNow() {
      var now = new Date();
      now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
      return now.toISOString().slice(0, 16);
    }
    when.max = localNow();
    when.addEventListener("focus", function () {
      when.max = localNow();
    });

    // Where: the phone's position, only when asked for.
    app.positionPicker({
      texts: T,
      button: $("use-position"),
      remove: $("remove-position"),
      status: $("position-status"),
      decimals: 6,
      onChange: function (value) {
        spot = value;
      },
    });

    // Photo: prepared as soon as it is chosen, sent after the tip is stored.
    var photos = app.photoPicker({
      texts: T,
      input: $("photo"),
      error: $("photo-error"),
      preview: $("photo-preview"),
      image: $("photo-image"),
      remove: $("remove-photo"),
      onChange: function (prepared) {
        photo = prepared ? { blob: prepared.blob, uuid: newUuid() } : null;
      },
    });

    function draft() {
      var body = { area: $("area").value, text: textArea.value, language: LANG };
      var category = form.querySelector('input[name="category"]:checked');
      if (category) body.category = category.value;
      if (when.value) body.occurred_at = when.value; // no offset: Swedish time, as the API says
      var place = $("place").value.trim();
      if (place) body.place = place;
      if (spot) body.location = spot;
      return body;
    }

    function uploadPhoto() {
      var status = $("photo-status");
      var retry = $("retry-photo");
      if (!photo || !sent) return;
      show(retry, false);
      setStatus(status, T.photo_uploading);
      var url =
        "/api/v1/tips/" + encodeURIComponent(sent.reference) + "/photos/" + encodeURIComponent(photo.uuid);
      api("PUT", url, photo.blob, { "Content-Type": "image/jpeg", "X-Tip-Receipt": sent.receipt }).then(
        function (result) {
          if (result.ok) {
            setStatus(status, T.photo_uploaded, "ok");
            photos.clear();
          } else {
            setStatus(status, T.photo_failed + " " + messageFor(result), "error");
            show(retry, result.status !== 413 && result.status !== 415 && result.status !== 422);
          }
        },
        function () {
          setStatus(status, T.photo_failed + " " + T.network_error, "error");
          show(retry, true);
        }
      );
    }
    $("retry-photo").addEventListener("click", uploadPhoto);

    /* The reference and receipt as a QR code, drawn by our server from the POST body (it
     * keeps nothing). A bonus to the text: if it cannot be drawn, the box stays hidden. */
    function showReceiptQr(credentials) {
      var url = "/kvitto/qr.svg?lang=" + LANG;
      app
        .send("POST", url, credentials, { Accept: "image/svg+xml" })
        .then(function (response) {
          if (!response.ok) throw new Error("no qr");
          return response.blob();
        })
        .then(function (blob) {
          var image = $("receipt-qr");
          image.src = URL.createObjectURL(blob);
          show($("receipt-qr-box"), true);
        })
        .catch(function () {
          show($("receipt-qr-box"), false);
        });
    }

    function showReceipt(data) {
      sent = { reference: data.reference, receipt: data.receipt };
      $("receipt-reference").textContent = data.reference;
      $("receipt-secret").textContent = data.receipt;
      $("receipt-status").textContent = data.status_label;
      if (data.urgent) {
        $("receipt-urgent-note").textContent = data.emergency_note;
        $("receipt-emergency-note").textContent = T.emergency_note;
      } else {
        $("receipt-emergency-note").textContent = data.emergency_note;
      }
      show($("receipt-urgent"), !!data.urgent);
      showReceiptQr(sent);
      show($("form-view"), false);
      show($("receipt-view"), true);
      window.scrollTo(0, 0);
      $("receipt-title").focus();
      document.title = T.receipt_title + " – " + T.site_name;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;
      clearErrors(form);
      checkUrgency();
      var body = draft();
      var bodyJson = JSON.stringify(body);
      var key = idempotencyKeyFor(bodyJson);
      sending = true;
      submit.disabled = true;
      submit.textContent = T.sending;
      setStatus($("submit-status"), T.sending);
      api("POST", "/api/v1/tips", body, { "Idempotency-Key": key })
        .then(
          function (result) {
            if (result.ok && result.data && result.data.reference) {
              forgetDraftKey();
              setStatus($("submit-status"), "");
              showReceipt(result.data);
              uploadPhoto();
              return;
            }
            setStatus($("submit-status"), "");
            var error = errorOf(result);
            showErrors(messageFor(result), error.fields);
          },
          function () {
            setStatus($("submit-status"), "");
            showErrors(T.network_error, null);
          }
        )
        .then(function () {
          sending = false;
          submit.disabled = false;
          submit.textContent = T.submit;
        });
    });

    $("copy-receipt").addEventListener("click", function () {
      if (!sent) return;
      var text = T.reference_label + ": " + sent.reference + "\n" + T.receipt_label + ": " + sent.receipt;
      var status = $("copy-status");
      function selectInstead() {
        var range = document.createRange();
        range.selectNodeContents($("receipt-box"));
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        setStatus(status, T.copy_selected);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          setStatus(status, T.copied, "ok");
        }, selectInstead);
      } else {
        selectInstead();
      }
    });
  }

  // --- the follow-up -----------------------------------------------------------------------

  function initFollowup() {
    var lookupForm = $("lookup-form");
    var replyForm = $("reply-form");
    var credentials = null; // kept in this page's memory only
    var timeFormat = new Intl.DateTimeFormat(LANG === "en" ? "en-GB" : "sv-SE", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Stockholm",
    });

    function renderMessage(message) {
      var item = document.createElement("li");
      item.className = message.sender === "resident" ? "from-resident" : "from-staff";
      var meta = document.createElement("p");
      meta.className = "message-meta";
      var when = message.sent_at ? new Date(message.sent_at) : null;
      meta.textContent =
        (message.sender === "resident" ? T.from_you : T.from_staff) +
        (when && !isNaN(when.getTime()) ? ", " + timeFormat.format(when) : "");
      var body = document.createElement("p");
      body.className = "message-body";
      body.textContent = message.body;
      item.appendChild(meta);
      item.appendChild(body);
      $("messages").appendChild(item);
      show($("no-messages"), false);
    }

    function showStatus(data) {
      $("status-reference").textContent = data.reference;
      $("status-label").textContent = data.status_label;
      $("messages").textContent = "";
      show($("no-messages"), true);
      (data.messages || []).forEach(renderMessage);
      show($("lookup-view"), false);
      show($("status-view"), true);
      window.scrollTo(0, 0);
      $("status-title").focus();
    }

    lookupForm.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(lookupForm);
      var reference = $("reference").value.trim();
      var receipt = $("receipt").value.trim();
      var missing = {};
      if (!reference) missing.reference = [T.field_reference];
      if (!receipt) missing.receipt = [T.field_receipt];
      if (Object.keys(missing).length) {
        showErrors(T.error_heading, missing);
        return;
      }
      var button = $("lookup-submit");
      button.disabled = true;
      api("POST", "/api/v1/tips/status", { reference: reference, receipt: receipt })
        .then(
          function (result) {
            if (result.ok && result.data) {
              credentials = { reference: reference, receipt: receipt };
              lookupForm.reset();
              showStatus(result.data);
              return;
            }
            var error = errorOf(result);
            showErrors(messageFor(result, T.not_found), result.status === 404 ? null : error.fields);
          },
          function () {
            showErrors(T.network_error, null);
          }
        )
        .then(function () {
          button.disabled = false;
        });
    });

    replyForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!credentials) return;
      var bodyInput = $("body");
      var errors = $("reply-errors");
      show(errors, false);
      bodyInput.removeAttribute("aria-invalid");
      setStatus($("reply-status"), "");
      function fail(message) {
        $("reply-error-message").textContent = message;
        show(errors, true);
        errors.focus();
      }
      var text = bodyInput.value.trim();
      if (!text) {
        bodyInput.setAttribute("aria-invalid", "true");
        fail(T.field_body);
        return;
      }
      var button = $("reply-submit");
      button.disabled = true;
      var payload = { reference: credentials.reference, receipt: credentials.receipt, body: text };
      api("POST", "/api/v1/tips/messages", payload)
        .then(
          function (result) {
            if (result.ok && result.data) {
              renderMessage(result.data);
              bodyInput.value = "";
              setStatus($("reply-status"), T.reply_sent, "ok");
              return;
            }
            var fields = errorOf(result).fields || {};
            if (fields.body) bodyInput.setAttribute("aria-invalid", "true");
            fail(fields.body ? T.field_body : messageFor(result, T.not_found));
          },
          function () {
            fail(T.network_error);
          }
        )
        .then(function () {
          button.disabled = false;
        });
    });
  }

  app.onReady(function () {
    if ($("tip-form")) initTipForm();
    if ($("lookup-form")) initFollowup();
  });
})();
