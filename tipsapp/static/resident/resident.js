/* The resident's pages: send a tip (/) and follow it up (/uppfoljning).
 *
 * Plain script, no build step, no dependencies; it talks only to our own API. Nothing is kept
 * about the visitor: the only thing in sessionStorage is the draft's Idempotency-Key (and a
 * hash of the draft, to tell a retry from an edited draft), removed once the tip is stored.
 * The reference and receipt live in this page's memory only and travel in request bodies.
 */
(function () {
  "use strict";

  var textsElement = document.getElementById("resident-texts");
  if (!textsElement) return;
  var T = JSON.parse(textsElement.textContent);
  var LANG = document.documentElement.lang === "en" ? "en" : "sv";
  var DRAFT_STORAGE_KEY = "tipsapp.tip-draft";
  var MAX_PHOTO_SIDE = 1600;
  var JPEG_QUALITY = 0.85;

  function $(id) {
    return document.getElementById(id);
  }

  function show(element, visible) {
    if (element) element.hidden = !visible;
  }

  function setStatus(element, message, kind) {
    if (!element) return;
    element.textContent = message || "";
    element.classList.toggle("is-error", kind === "error");
    element.classList.toggle("is-ok", kind === "ok");
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return name in values ? String(values[name]) : "";
    });
  }

  // --- talking to the API ------------------------------------------------------------------

  function NetworkError() {
    this.name = "NetworkError";
  }

  /* fetch with our JSON conventions; resolves to {ok, status, data}, rejects with
   * NetworkError when the server could not be reached (or the answer was cut off). */
  function api(method, url, body, headers) {
    var init = {
      method: method,
      headers: Object.assign({ Accept: "application/json", "Accept-Language": LANG }, headers),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    };
    if (body instanceof Blob) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(
      function (response) {
        return response.json().then(
          function (data) {
            return { ok: response.ok, status: response.status, data: data };
          },
          function () {
            return { ok: response.ok, status: response.status, data: null };
          }
        );
      },
      function () {
        throw new NetworkError();
      }
    );
  }

  function errorOf(result) {
    return (result && result.data && result.data.error) || {};
  }

  /* Our own words per field (the API's field texts are English only); the API's otherwise. */
  function fieldMessage(field, messages) {
    var own = T["field_" + field];
    if (own) return own;
    var flat = [];
    (function collect(value) {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === "object") Object.keys(value).forEach(function (k) { collect(value[k]); });
      else if (value) flat.push(String(value));
    })(messages);
    return flat.join(" ") || T.unknown_error;
  }

  function newUuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
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

  // --- photo: resized and re-encoded in the browser ----------------------------------------

  function decodeImage(file) {
    if (window.createImageBitmap) {
      return window.createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return decodeWithImage(file);
      });
    }
    return decodeWithImage(file);
  }

  function decodeWithImage(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        URL.revokeObjectURL(url);
        resolve(image);
      };
      image.onerror = function () {
        URL.revokeObjectURL(url);
        reject(new Error("unreadable"));
      };
      image.src = url;
    });
  }

  /* At most MAX_PHOTO_SIDE pixels on the longer side, as a fresh JPEG: drawing on a canvas
   * keeps only the pixels, so EXIF (position, camera, time) never leaves the phone. */
  function preparePhoto(file) {
    return decodeImage(file).then(function (source) {
      var width = source.width || source.naturalWidth;
      var height = source.height || source.naturalHeight;
      if (!width || !height) throw new Error("unreadable");
      var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(width, height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // transparent PNG areas become white, not black
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      if (source.close) source.close();
      return new Promise(function (resolve, reject) {
        canvas.toBlob(
          function (blob) {
            if (blob) resolve({ blob: blob, width: canvas.width, height: canvas.height });
            else reject(new Error("unreadable"));
          },
          "image/jpeg",
          JPEG_QUALITY
        );
      });
    });
  }

  // --- the tip form ------------------------------------------------------------------------

  function initTipForm() {
    var form = $("tip-form");
    var submit = $("submit");
    var textArea = $("text");
    var urgentAlert = $("urgent-alert");
    var spot = null; // the position, only when the resident asks for it
    var photo = null; // {blob, uuid, url}
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
    var positionButton = $("use-position");
    var removePosition = $("remove-position");
    var positionStatus = $("position-status");
    positionButton.addEventListener("click", function () {
      if (!navigator.geolocation) {
        setStatus(positionStatus, T.position_unsupported, "error");
        return;
      }
      setStatus(positionStatus, T.position_asking);
      positionButton.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var c = position.coords;
          spot = {
            lat: Math.round(c.latitude * 1e6) / 1e6,
            lon: Math.round(c.longitude * 1e6) / 1e6,
            accuracy_m: Math.round(Math.min(c.accuracy || 0, 50000)),
          };
          positionButton.disabled = false;
          show(positionButton, false);
          show(removePosition, true);
          setStatus(positionStatus, format(T.position_added, { m: spot.accuracy_m }), "ok");
          removePosition.focus();
        },
        function (error) {
          positionButton.disabled = false;
          var denied = error && error.code === 1;
          setStatus(positionStatus, denied ? T.position_denied : T.position_failed, "error");
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
    removePosition.addEventListener("click", function () {
      spot = null;
      show(removePosition, false);
      show(positionButton, true);
      setStatus(positionStatus, "");
      positionButton.focus();
    });

    // Photo: prepared as soon as it is chosen, sent after the tip is stored.
    var photoInput = $("photo");
    var photoError = $("photo-error");
    function dropPhoto() {
      if (photo && photo.url) URL.revokeObjectURL(photo.url);
      photo = null;
      show($("photo-preview"), false);
      $("photo-image").removeAttribute("src");
    }
    photoInput.addEventListener("change", function () {
      dropPhoto();
      photoError.hidden = true;
      photoInput.removeAttribute("aria-invalid");
      var file = photoInput.files && photoInput.files[0];
      if (!file) return;
      preparePhoto(file).then(
        function (prepared) {
          var url = URL.createObjectURL(prepared.blob);
          photo = { blob: prepared.blob, uuid: newUuid(), url: url };
          $("photo-image").src = url;
          show($("photo-preview"), true);
        },
        function () {
          photoInput.value = "";
          photoError.textContent = T.photo_unreadable;
          photoError.hidden = false;
          photoInput.setAttribute("aria-invalid", "true");
        }
      );
    });
    $("remove-photo").addEventListener("click", function () {
      dropPhoto();
      photoInput.value = "";
      photoInput.focus();
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
            dropPhoto();
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

  function start() {
    if ($("tip-form")) initTipForm();
    if ($("lookup-form")) initFollowup();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
