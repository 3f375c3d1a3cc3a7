/* What the resident's page scripts share: DOM helpers, the page's texts, the API wrapper,
 * new UUIDs, the position button and the photo resize. Loaded before resident.js or walk.js
 * (both `defer`, so in order); it defines window.TipsApp and touches nothing on the page.
 *
 * Plain script, no build step, no dependencies; it talks only to our own API.
 */
(function () {
  "use strict";

  var LANG = document.documentElement.lang || "sv";
  // Photos leave the phone at most this large on their longer side, always as a fresh JPEG.
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

  /* The page's words, rendered by the server into a JSON block (no inline script). */
  function texts() {
    var element = $("resident-texts");
    return element ? JSON.parse(element.textContent) : null;
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

  // --- talking to the API ------------------------------------------------------------------

  function NetworkError() {
    this.name = "NetworkError";
  }

  /* fetch by our rules: a Blob body is sent as it is, anything else as JSON. No cookie, no
   * referrer, no HTTP cache: nothing of the visitor travels along. Only the EST reporter's
   * page (a logged-in staff member, not a resident) passes credentials "same-origin" for its
   * session cookie. Resolves to the Response; rejects with NetworkError when the server could
   * not be reached. */
  function send(method, url, body, headers, credentials) {
    var init = {
      method: method,
      headers: Object.assign({ Accept: "application/json", "Accept-Language": LANG }, headers),
      credentials: credentials || "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    };
    if (body instanceof Blob) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).catch(function () {
      throw new NetworkError();
    });
  }

  /* send() for our JSON API: resolves to {ok, status, data, retryAfter} (data null if not
   * JSON; retryAfter the Retry-After header or null, so a limit can say how long it lasts). */
  function api(method, url, body, headers, credentials) {
    return send(method, url, body, headers, credentials).then(function (response) {
      var retryAfter = response.headers.get("Retry-After");
      return response.json().then(
        function (data) {
          return { ok: response.ok, status: response.status, data: data, retryAfter: retryAfter };
        },
        function () {
          return { ok: response.ok, status: response.status, data: null, retryAfter: retryAfter };
        }
      );
    });
  }

  function errorOf(result) {
    return (result && result.data && result.data.error) || {};
  }

  /* Every message in a field's errors (lists and nested objects), with the nested names. */
  function flatMessages(messages, withNames) {
    var parts = [];
    (function collect(prefix, value) {
      if (Array.isArray(value)) {
        value.forEach(function (v) {
          collect(prefix, v);
        });
      } else if (value && typeof value === "object") {
        Object.keys(value).forEach(function (key) {
          collect(prefix ? prefix + "." + key : key, value[key]);
        });
      } else if (value) {
        parts.push((withNames && prefix ? prefix + ": " : "") + String(value));
      }
    })("", messages);
    return parts;
  }

  // --- the phone's position, only when asked for ---------------------------------------------

  /* Wire a "use my position" button and its "remove" partner. onChange gets {lat, lon,
   * accuracy_m} or null; `decimals` rounds the coordinates (5 is about a metre). */
  function positionPicker(options) {
    var T = options.texts;
    var button = options.button;
    var remove = options.remove;
    var status = options.status;
    var factor = Math.pow(10, options.decimals || 6);

    function clear() {
      show(remove, false);
      show(button, true);
      setStatus(status, "");
      options.onChange(null);
    }

    button.addEventListener("click", function () {
      if (!navigator.geolocation) {
        setStatus(status, T.position_unsupported, "error");
        return;
      }
      setStatus(status, T.position_asking);
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var c = position.coords;
          var spot = {
            lat: Math.round(c.latitude * factor) / factor,
            lon: Math.round(c.longitude * factor) / factor,
            accuracy_m: Math.round(Math.min(c.accuracy || 0, 50000)),
          };
          button.disabled = false;
          show(button, false);
          show(remove, true);
          setStatus(status, format(T.position_added, { m: spot.accuracy_m }), "ok");
          options.onChange(spot);
          remove.focus(); // the pressed button is gone: keep the focus nearby
        },
        function (error) {
          button.disabled = false;
          var denied = error && error.code === 1;
          setStatus(status, denied ? T.position_denied : T.position_failed, "error");
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: options.maximumAge || 60000 }
      );
    });
    remove.addEventListener("click", function () {
      clear();
      button.focus();
    });
    return { clear: clear };
  }

  // --- photo: resized and re-encoded in the browser ----------------------------------------

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

  function decodeImage(file) {
    if (window.createImageBitmap) {
      return window.createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return decodeWithImage(file);
      });
    }
    return decodeWithImage(file);
  }

  /* At most MAX_PHOTO_SIDE pixels on the longer side, as a fresh JPEG: drawing on a canvas
   * keeps only the pixels, so EXIF (position, camera, time) never leaves the phone.
   * Resolves to {blob, width, height}; rejects when the file is no image we can read. */
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

  /* A file input with a preview and a remove button: the photo is prepared as soon as it is
   * chosen. onChange gets the prepared {blob, width, height} or null. */
  function photoPicker(options) {
    var T = options.texts;
    var input = options.input;
    var error = options.error;
    var preview = options.preview;
    var image = options.image;
    var url = null;

    function drop() {
      if (url) URL.revokeObjectURL(url);
      url = null;
      show(preview, false);
      image.removeAttribute("src");
      options.onChange(null);
    }

    function clear() {
      drop();
      input.value = "";
    }

    input.addEventListener("change", function () {
      drop();
      show(error, false);
      input.removeAttribute("aria-invalid");
      var file = input.files && input.files[0];
      if (!file) return;
      preparePhoto(file).then(
        function (prepared) {
          url = URL.createObjectURL(prepared.blob);
          image.src = url;
          show(preview, true);
          options.onChange(prepared);
        },
        function () {
          input.value = "";
          error.textContent = T.photo_unreadable;
          show(error, true);
          input.setAttribute("aria-invalid", "true");
        }
      );
    });
    options.remove.addEventListener("click", function () {
      clear();
      input.focus();
    });
    return { clear: clear };
  }

  function onReady(start) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  window.TipsApp = Object.freeze({
    LANG: LANG,
    MAX_PHOTO_SIDE: MAX_PHOTO_SIDE,
    $: $,
    show: show,
    setStatus: setStatus,
    format: format,
    texts: texts,
    newUuid: newUuid,
    NetworkError: NetworkError,
    send: send,
    api: api,
    errorOf: errorOf,
    flatMessages: flatMessages,
    positionPicker: positionPicker,
    preparePhoto: preparePhoto,
    photoPicker: photoPicker,
    onReady: onReady,
  });
})();
