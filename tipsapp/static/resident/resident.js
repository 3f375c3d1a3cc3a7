/* The resident's pages: send a tip (/) and follow it up (/uppfoljning).
 *
 * Plain script, no build step; it needs common.js (window.TipsApp) loaded before it and talks
 * only to our own API. Nothing is kept about the visitor: the only thing in sessionStorage is
 * the draft's Idempotency-Key (and a hash of the draft, to tell a retry from an edited draft),
 * removed once the tip is stored.
 * The reference and receipt live in this page's memory only and travel in request bodies;
 * history.state holds only which view an entry shows ("receipt"), never the receipt itself.
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
  // The counter under the text shows from this many characters left (the limit is the API's).
  var NEAR_LIMIT = 500;

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
  function showErrors(message, fields, ownWords) {
    var summary = $("form-errors");
    var messageLine = $("form-error-message");
    messageLine.textContent = message || "";
    show(messageLine, !!message);
    var list = $("form-error-list");
    list.textContent = "";
    Object.keys(fields || {}).forEach(function (field) {
      var text = (ownWords && ownWords[field]) || fieldMessage(field, fields[field]);
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

  /* How long a limit lasts, from Retry-After (seconds or an HTTP date), in words; "" when the
   * server did not say. Seconds below two minutes, minutes above, as the error page does. */
  function waitMessage(result) {
    var value = String(result.retryAfter || "").trim();
    if (!value) return "";
    var seconds = /^\d+$/.test(value) ? parseInt(value, 10) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
    if (isNaN(seconds)) return "";
    seconds = Math.max(1, seconds);
    if (seconds < 120) return app.format(T.rate_limited_seconds, { seconds: seconds });
    return app.format(T.rate_limited_minutes, { minutes: Math.ceil(seconds / 60) });
  }

  function messageFor(result, notFound) {
    if (result.status === 404 && notFound) return notFound;
    if (result.status === 429) return waitMessage(result) || errorOf(result).message || T.rate_limited;
    return errorOf(result).message || T.unknown_error;
  }

  /* Characters as the API counts them (code points, not UTF-16 halves). */
  function countChars(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code < 0xd800 || code > 0xdbff) n++;
    }
    return n;
  }

  // --- urgency: the server's own rules (tipsapp/triage/urgency.py), given to the page -------
  // as JSON in #urgency-rules, so the live 112 alert and the server's flag cannot drift.

  function urgencyTest(rules) {
    var never = function () {
      return false;
    };
    if (!rules) return never;
    var now, hazard, past;
    try {
      now = new RegExp(rules.now, rules.flags);
      hazard = new RegExp(rules.hazard, rules.flags);
      past = new RegExp(rules.past, rules.flags);
    } catch (e) {
      return never; // a browser without lookbehind: the server still flags the tip
    }
    var fold = rules.fold;
    var strip = rules.strip;

    function normalise(text) {
      var out = "";
      Array.from(text.toLowerCase()).forEach(function (ch) {
        if (strip.indexOf(ch) >= 0) return;
        out += Object.prototype.hasOwnProperty.call(fold, ch) ? fold[ch] : ch;
      });
      return out.replace(/\s+/g, " ");
    }

    return function (text) {
      var flat = normalise(text);
      if (now.test(flat)) return true;
      return hazard.test(flat) && !past.test(flat);
    };
  }

  function readUrgencyRules() {
    var element = $("urgency-rules");
    try {
      return element ? JSON.parse(element.textContent) : null;
    } catch (e) {
      return null;
    }
  }

  var soundsUrgent = urgencyTest(readUrgencyRules());

  // --- the tip form ------------------------------------------------------------------------

  function initTipForm() {
    var form = $("tip-form");
    var submit = $("submit");
    var textArea = $("text");
    var urgentAlert = $("urgent-alert");
    var spot = null; // the position, only when the resident asks for it
    var photo = null; // {blob, uuid}
    var upload = null; // {photo, reference, receipt}: the sent tip's photo, until it is uploaded
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

    // The text's length, counted as the API does (trimmed): never cut short (a paste keeps
    // every character), counted down near the limit and named as the field's error above it.
    var textMax = parseInt(textArea.getAttribute("data-max"), 10) || 5000;
    var counter = $("text-count");
    var textError = $("text-error");
    var sayingTooLong = false;
    function textOver() {
      return countChars(textArea.value.trim()) - textMax;
    }
    function tooLongMessage(over) {
      return app.format(T.text_too_long, { over: over, max: textMax });
    }
    function updateCount() {
      var over = textOver();
      if (over > 0) {
        textError.textContent = tooLongMessage(over);
        show(textError, true);
        textArea.setAttribute("aria-invalid", "true");
        counter.textContent = "";
        sayingTooLong = true;
        return;
      }
      if (sayingTooLong) {
        textError.textContent = "";
        show(textError, false);
        textArea.removeAttribute("aria-invalid");
        sayingTooLong = false;
      }
      counter.textContent = -over <= NEAR_LIMIT ? app.format(T.characters_left, { n: -over }) : "";
    }
    textArea.addEventListener("input", updateCount);

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
    var position = app.positionPicker({
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
      var current = upload;
      if (!current) return;
      show(retry, false);
      setStatus(status, T.photo_uploading);
      var url =
        "/api/v1/tips/" + encodeURIComponent(current.reference) + "/photos/" + encodeURIComponent(current.photo.uuid);
      var headers = { "Content-Type": "image/jpeg", "X-Tip-Receipt": current.receipt };
      api("PUT", url, current.photo.blob, headers).then(
        function (result) {
          if (result.ok) {
            setStatus(status, T.photo_uploaded, "ok");
            if (upload === current) upload = null;
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
      $("receipt-status-help").textContent = T["status_help_" + data.status] || "";
      if (data.urgent) {
        $("receipt-urgent-note").textContent = data.emergency_note;
        $("receipt-emergency-note").textContent = T.emergency_note;
      } else {
        $("receipt-emergency-note").textContent = data.emergency_note;
      }
      show($("receipt-urgent"), !!data.urgent);
      showReceiptQr(sent);
      showView("receipt", true);
    }

    // --- back and forward: a sent tip is never sent again by accident ---------------------
    // Once the receipt shows, the form is emptied and the receipt gets its own history entry
    // on the same address (pushState): back shows the empty form, forward the receipt again,
    // from this page's memory. history.state holds only the view's name, as the browser may
    // keep it on disk. A page opened anew (the receipt is gone with the old one) shows the
    // empty form; a new tip takes "Send a new tip" or writing one into the empty form.

    function showView(which, moveFocus) {
      var receipt = which === "receipt";
      show($("form-view"), !receipt);
      show($("receipt-view"), receipt);
      document.title = (receipt ? T.receipt_title : T.form_title) + " – " + T.site_name;
      if (!moveFocus) return;
      window.scrollTo(0, 0);
      (receipt ? $("receipt-title") : $("form-title")).focus();
    }

    function clearForm() {
      form.reset(); // the browser then has nothing to fill back in on a later visit
      clearErrors(form);
      sayingTooLong = false;
      photos.clear();
      position.clear();
      show(urgentAlert, false);
      when.max = localNow();
      updateCount();
    }

    function historyView() {
      var state = window.history.state;
      return state && typeof state === "object" ? state.tipsappView : null;
    }

    function enterView(which) {
      try {
        window.history.pushState({ tipsappView: which }, "", window.location.href);
      } catch (e) {
        /* no history API: back then leaves the page, which is safe too */
      }
    }

    function followHistory(moveFocus) {
      var wanted = historyView() === "receipt" && sent ? "receipt" : "form";
      var current = $("receipt-view").hidden ? "form" : "receipt";
      if (wanted !== current) showView(wanted, moveFocus);
    }

    window.addEventListener("popstate", function () {
      followHistory(true);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) followHistory(false); // back from the bfcache, memory and all
    });
    if (historyView() === "receipt") {
      // A new page on the receipt's entry: the receipt is gone; whatever the browser filled
      // back in was a sent tip.
      clearForm();
      forgetDraftKey();
      try {
        window.history.replaceState(null, "", window.location.href);
      } catch (e) {
        /* nothing to forget */
      }
    }

    $("send-another").addEventListener("click", function () {
      clearForm();
      forgetDraftKey();
      enterView("form");
      showView("form", true);
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;
      clearErrors(form);
      checkUrgency();
      var over = textOver();
      if (over > 0) {
        showErrors("", { text: [] }, { text: tooLongMessage(over) });
        sayingTooLong = true;
        return;
      }
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
              upload = photo ? { photo: photo, reference: result.data.reference, receipt: result.data.receipt } : null;
              clearForm();
              enterView("receipt");
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
    // Easy-to-read Swedish is Swedish to the calendar; every other code is a locale of its own.
    var timeFormat = new Intl.DateTimeFormat(LANG === "sv-x-ll" ? "sv-SE" : LANG === "en" ? "en-GB" : LANG, {
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
      body.dir = "auto"; // a reply in Arabic reads right-to-left inside a Swedish page
      body.textContent = message.body;
      item.appendChild(meta);
      item.appendChild(body);
      $("messages").appendChild(item);
      show($("no-messages"), false);
    }

    /* Is it fixed? One small form per done action on the tip: yes, no or partly. Answering
     * again changes the answer; only the date is kept on the server. */
    var dayFormat = new Intl.DateTimeFormat(LANG === "sv-x-ll" ? "sv-SE" : LANG === "en" ? "en-GB" : LANG, {
      dateStyle: "long",
      timeZone: "Europe/Stockholm",
    });

    function fixedForm(question, index) {
      var form = document.createElement("form");
      form.className = "fixed-form";
      form.noValidate = true;
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = T.fixed_question;
      fieldset.appendChild(legend);
      var done = question.done_on ? new Date(question.done_on + "T12:00:00Z") : null;
      if (done && !isNaN(done.getTime())) {
        var when = document.createElement("p");
        when.className = "hint";
        when.textContent = T.fixed_done_on.replace("{date}", dayFormat.format(done));
        fieldset.appendChild(when);
      }
      ["yes", "no", "partly"].forEach(function (answer) {
        var id = "fixed-" + index + "-" + answer;
        var wrap = document.createElement("div");
        wrap.className = "choice";
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "fixed-" + index;
        input.id = id;
        input.value = answer;
        input.checked = question.answer === answer;
        var labelElement = document.createElement("label");
        labelElement.htmlFor = id;
        labelElement.textContent = T["fixed_" + answer];
        wrap.appendChild(input);
        wrap.appendChild(labelElement);
        fieldset.appendChild(wrap);
      });
      form.appendChild(fieldset);
      var button = document.createElement("button");
      button.type = "submit";
      button.className = "button button-secondary";
      button.textContent = T.fixed_send;
      form.appendChild(button);
      var status = document.createElement("p");
      status.className = "status";
      status.setAttribute("role", "status");
      form.appendChild(status);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!credentials) return;
        var picked = form.querySelector("input:checked");
        if (!picked) {
          setStatus(status, T.fixed_choose, "error");
          return;
        }
        button.disabled = true;
        api("POST", "/api/v1/tips/fixed", {
          reference: credentials.reference,
          receipt: credentials.receipt,
          action: question.action,
          answer: picked.value,
        })
          .then(
            function (result) {
              setStatus(status, result.ok ? T.fixed_saved : messageFor(result, T.not_found), result.ok ? "ok" : "error");
            },
            function () {
              setStatus(status, T.network_error, "error");
            }
          )
          .then(function () {
            button.disabled = false;
          });
      });
      return form;
    }

    function renderFixed(questions) {
      var box = $("fixed-questions");
      box.textContent = "";
      questions.forEach(function (question, index) {
        box.appendChild(fixedForm(question, index));
      });
      show($("fixed-view"), questions.length > 0);
    }

    function showStatus(data) {
      $("status-reference").textContent = data.reference;
      $("status-label").textContent = data.status_label;
      var help = T["status_help_" + data.status] || "";
      $("status-help").textContent = help;
      show($("status-help"), !!help);
      // Handed over to the body responsible: said in plain words, never to whom.
      $("status-handed-over").textContent = data.handed_over ? T.status_handed_over : "";
      show($("status-handed-over"), !!data.handed_over);
      renderFixed(data.fixed || []);
      $("messages").textContent = "";
      show($("no-messages"), true);
      var messages = data.messages || [];
      messages.forEach(renderMessage);
      // An answer box only once a case officer has asked something; until then, say when.
      var staffWrote = messages.some(function (message) {
        return message.sender !== "resident";
      });
      show(replyForm, staffWrote);
      show($("reply-later"), !staffWrote);
      show($("lookup-view"), false);
      show($("status-view"), true);
      window.scrollTo(0, 0);
      $("status-title").focus();
    }

    function lookUp() {
      clearErrors(lookupForm);
      var reference = $("reference").value.trim();
      var receipt = $("receipt").value.trim();
      var missing = {};
      if (!reference) missing.reference = [T.field_reference];
      if (!receipt) missing.receipt = [T.field_receipt];
      if (Object.keys(missing).length) {
        showErrors("", missing);
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
    }

    lookupForm.addEventListener("submit", function (event) {
      event.preventDefault();
      lookUp();
    });

    /* The receipt's QR code opens this page as /uppfoljning#ref=...&receipt=...: a fragment
     * never reaches a server (no request, no log, no Referer). It is read once, wiped from the
     * address bar and from this history entry (replaceState), and looked up as if typed. */
    function takeFragment() {
      var hash = window.location.hash.replace(/^#/, "");
      if (!hash) return;
      var values = {};
      hash.split("&").forEach(function (pair) {
        var at = pair.indexOf("=");
        if (at < 1) return;
        try {
          values[decodeURIComponent(pair.slice(0, at))] = decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
        } catch (e) {
          /* a broken escape: that pair is ignored */
        }
      });
      if (!values.ref && !values.receipt) return;
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
      } catch (e) {
        window.location.hash = ""; // at least out of the address bar
      }
      $("reference").value = values.ref || "";
      $("receipt").value = values.receipt || "";
      lookUp();
    }
    window.addEventListener("hashchange", takeFragment);
    takeFragment();

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
      var payload = {
        reference: credentials.reference,
        receipt: credentials.receipt,
        body: text,
        language: LANG,
      };
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
