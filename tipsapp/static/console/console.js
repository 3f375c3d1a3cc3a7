/* The staff console: the queue, one item, the next report, walks and actions.
 *
 * Plain script, no build step. It talks to our own JSON API with the session cookie
 * (credentials: "same-origin"), sends the page's CSRF token on every write and each item's
 * ETag as If-Match, so two analysts never overwrite each other silently. Every text comes
 * from the page's JSON block (Swedish or English); nothing from the API is put in as HTML.
 */
(function () {
  "use strict";

  var page = document.body.getAttribute("data-page");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var dataElement = document.getElementById("console-data");
  var DATA = dataElement ? JSON.parse(dataElement.textContent) : {};
  var T = DATA.t || {};
  var L = DATA.labels || {};
  // Areas by name ("Gislaveds kommun"), from the reference data the page was given.
  if (DATA.area_names) L.area = DATA.area_names;
  var LANG = DATA.lang || "sv";
  var LOCALE = LANG === "en" ? "en-GB" : "sv-SE";
  var ANALYST = DATA.role === "admin" || DATA.role === "analyst";

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* Text a resident or walker wrote: its own direction, so Arabic reads right in a Swedish page. */
  function freeText(tag, className, text) {
    var node = el(tag, className, text);
    node.dir = "auto";
    return node;
  }

  /* The one row a table shows when it has none: the text across all its columns. */
  function emptyRow(body, text, columns) {
    var row = el("tr");
    var cell = el("td", "empty", text);
    cell.colSpan = columns;
    row.appendChild(cell);
    body.appendChild(row);
  }

  /* A text with its {placeholders} filled in (as text: the result goes to textContent). */
  function fmt(key, params) {
    var text = T[key] || key;
    Object.keys(params || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(params[name]));
    });
    return text;
  }

  function label(table, code) {
    var found = (L[table] || {})[code];
    return found || code || "–";
  }

  function when(iso) {
    if (!iso) return "–";
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleString(LOCALE, {
      timeZone: "Europe/Stockholm",
      dateStyle: "short",
      timeStyle: "short",
    });
  }

  function setStatus(message, kind) {
    var node = $("status");
    if (!node) return;
    node.textContent = message || "";
    node.classList.toggle("is-error", kind === "error");
  }

  function itemUrl(reference) {
    return "/staff/items/" + encodeURIComponent(reference);
  }

  /* fetch with our conventions; resolves to {ok, status, data, etag}. */
  function api(method, url, body, ifMatch) {
    var headers = { Accept: "application/json", "Accept-Language": LANG };
    if (method !== "GET") headers["X-CSRF-Token"] = CSRF;
    if (ifMatch) headers["If-Match"] = ifMatch;
    var init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      if (response.status === 401) {
        window.location.assign("/staff/login");
      }
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (data) {
          return {
            ok: response.ok,
            status: response.status,
            data: data,
            etag: response.headers.get("ETag"),
          };
        });
    });
  }

  /* The console's own words for an API error, chosen by its code (and else its status): the
     API's English message never reaches the page. ``item`` names the status a refused step
     started from. */
  var ERROR_TEXTS = {
    invalid_transition: "error_invalid_transition",
    precondition_failed: "error_changed",
    rate_limited: "error_rate_limited",
    service_unavailable: "error_busy",
    validation_failed: "error_validation",
    not_found: "error_not_found",
    forbidden: "error_forbidden",
    unauthorized: "error_session",
    conflict: "error_conflict",
    content_erased: "error_content_erased",
    recipient_not_responsible: "error_recipient_not_responsible",
    already_handed_over: "error_already_handed_over",
    mail_not_configured: "error_mail_not_configured",
    recipient_not_supported: "error_recipient_not_supported",
    payload_too_large: "error_too_large",
    internal_error: "error_server",
  };
  var ERROR_STATUSES = {
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    502: "service_unavailable",
    503: "service_unavailable",
    504: "service_unavailable",
  };

  function errorText(result, item) {
    var error = result.data && result.data.error;
    var code = error && ERROR_TEXTS[error.code] ? error.code : ERROR_STATUSES[result.status];
    if (code === "invalid_transition" && !(item && item.status)) return T.error_not_allowed;
    if (code === "invalid_transition") return fmt("error_invalid_transition", { status: label("status", item.status) });
    if (code) return T[ERROR_TEXTS[code]];
    return fmt("request_failed", { status: result.status });
  }

  function unreachable() {
    setStatus(T.unreachable, "error");
  }

  /* A create form's POST: the error in the status line, or the new record handed to
     ``created``, the form cleared and "<createdText> <title>" said. */
  function createFrom(form, url, data, createdText, created) {
    setStatus(T.saving);
    api("POST", url, data)
      .then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return;
        }
        created(result.data);
        form.reset();
        setStatus(createdText + " " + result.data.title);
      })
      .catch(unreachable);
  }

  function appendFact(list, term, value) {
    list.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = value === null || value === undefined || value === "" ? "–" : String(value);
    list.appendChild(dd);
  }

  function markInvalid(field, invalid) {
    if (invalid) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }

  function link(href, text, className) {
    var a = el("a", className, text);
    a.href = href;
    return a;
  }

  function allowed(action, status) {
    return ((DATA.sources || {})[action] || []).indexOf(status) !== -1;
  }

  // --- the queue: the workbench ----------------------------------------------------------------

  /* The statuses a queue filter shows: the open ones unless the address names others. */
  function filterStatuses(filters) {
    if (!filters.status) return ["new", "triaged", "queued"];
    if (filters.status === "all") return null;
    return filters.status.split(",");
  }

  /* The API's query for the filters in the page's address (a reload keeps them). */
  function queueQuery(filters) {
    var params = new URLSearchParams();
    var statuses = filterStatuses(filters);
    if (statuses) params.set("status", statuses.join(","));
    ["category", "focus_area", "area", "urgent", "language", "needs_translation", "q", "sort"].forEach(function (name) {
      if (filters[name]) params.set(name, filters[name]);
    });
    // Dates are whole days in the analyst's (Swedish) time: from the first day's midnight
    // up to the midnight after the last day.
    var since = dayStart(filters.since, 0);
    var until = dayStart(filters.until, 1);
    if (since) params.set("since", since);
    if (until) params.set("until", until);
    params.set("limit", "100");
    return params;
  }

  function dayStart(value, plusDays) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!match) return null;
    var date = new Date(+match[1], +match[2] - 1, +match[3] + plusDays);
    return date.toISOString();
  }

  /* How long ago: "12 min", "5 h", "3 d" (the full time is the cell's title). */
  function age(iso) {
    var minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
    if (isNaN(minutes)) return "–";
    if (minutes < 60) return fmt("age_minutes", { count: minutes });
    if (minutes < 48 * 60) return fmt("age_hours", { count: Math.round(minutes / 60) });
    return fmt("age_days", { count: Math.round(minutes / 1440) });
  }

  /* Keys are for the list: never while someone types in a field. */
  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    if (target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
    return target.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(target.type);
  }

  function initQueue() {
    var list = $("queue-list");
    var categories = DATA.categories || [];
    var filters = DATA.filters || {};
    var shownStatuses = filterStatuses(filters);
    var shownCategories = filters.category ? filters.category.split(",") : null;
    var items = [];
    var selected = 0;
    var marked = {}; // reference -> true, for bulk actions
    var next = null;
    var categoryDigits = null; // digits typed after "c", or null outside category mode
    var categoryTimer = null;
    var busy = false;
    var query = queueQuery(filters);
    var lastAction = null; // what u undoes: {kind, reference, category, index, item}
    var rejectForm = $("row-reject");
    // Kept as nodes: while the form is closed it is out of the document.
    var rejectReason = $("row-reject-reason");
    var rejectLabel = $("row-reject-label");
    var rejecting = null; // the reference the inline reason form is open for
    var pane = $("pane");
    var paneTimer = null;
    var view = itemView($("item"), {
      // A change made in the pane (its buttons and forms) updates the row, counts and list.
      changed: function (item, etag) {
        applyChange(item, etag, false);
      },
    });

    function indexOf(reference) {
      for (var index = 0; index < items.length; index += 1) {
        if (items[index].reference === reference) return index;
      }
      return -1;
    }

    function current() {
      return items[selected];
    }

    /* Whether an item still belongs in the list under the active status and category filters. */
    function matches(item) {
      if (shownStatuses && shownStatuses.indexOf(item.status) === -1) return false;
      if (shownCategories && shownCategories.indexOf(item.effective_category) === -1) return false;
      return true;
    }

    function markedItems() {
      return items.filter(function (item) {
        return marked[item.reference];
      });
    }

    function renderBulk() {
      var count = markedItems().length;
      $("bulk").hidden = count === 0;
      $("bulk-count").textContent = fmt("bulk_selected", { count: count });
      var all = $("select-all");
      all.checked = items.length > 0 && count === items.length;
      all.indeterminate = count > 0 && count < items.length;
    }

    function cell(row, className, content) {
      var td = el("td", className);
      if (content instanceof Node) td.appendChild(content);
      else if (content !== undefined && content !== null) td.textContent = String(content);
      row.appendChild(td);
      return td;
    }

    function flag(className, short, full) {
      var badge = el("span", "badge " + className);
      badge.title = full;
      var seen = el("span", null, short);
      seen.setAttribute("aria-hidden", "true");
      badge.appendChild(seen);
      badge.appendChild(el("span", "visually-hidden", full));
      return badge;
    }

    function renderRow(item, index) {
      var row = el("tr", "queue-item");
      row.id = "row-" + item.reference;
      row.setAttribute("data-reference", item.reference);
      if (index === selected) {
        row.setAttribute("aria-current", "true");
        row.classList.add("is-current");
      }
      if (marked[item.reference]) row.classList.add("is-marked");
      var box = el("input", "item-select");
      box.type = "checkbox";
      box.id = "select-" + item.reference;
      box.checked = !!marked[item.reference];
      box.setAttribute("aria-label", fmt("select_item", { reference: item.reference }));
      box.addEventListener("change", function () {
        marked[item.reference] = box.checked;
        row.classList.toggle("is-marked", box.checked);
        renderBulk();
      });
      cell(row, "col-select", box);
      var head = el("th", "item-ref");
      head.setAttribute("scope", "row");
      var anchor = link(itemUrl(item.reference), item.reference, "item-link item-reference");
      anchor.addEventListener("click", function (event) {
        // A plain click opens the item beside the list; a new tab still gets its own page.
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        select(index, false);
        openPane(true);
      });
      head.appendChild(anchor);
      row.appendChild(head);
      var flags = el("span", "flags");
      if (item.urgent) flags.appendChild(flag("badge-urgent", "!", T.urgent));
      if (item.attention) flags.appendChild(flag("badge-attention", "✉", T.attention));
      if (item.needs_translation) flags.appendChild(flag("badge-translate", "⇄", T.needs_translation));
      cell(row, "item-flags", flags);
      var status = el("span", "badge item-status", label("status", item.status));
      status.setAttribute("data-status", item.status);
      cell(row, null, status);
      cell(row, "item-area", label("area", item.area)).title = label("area", item.area);
      var category = el("span", "item-category-label");
      var suggestion = item.suggestion || {};
      if (item.category) {
        category.textContent = label("category", item.category);
      } else if (suggestion.category) {
        // The machine's suggestion (a accepts it): marked, not spelled out, to keep the row short.
        var mark = el("span", null, "≈ ");
        mark.setAttribute("aria-hidden", "true");
        category.appendChild(mark);
        category.appendChild(el("span", "visually-hidden", T.suggested + ": "));
        category.appendChild(document.createTextNode(label("category", suggestion.category)));
        category.classList.add("suggestion");
      } else {
        category.textContent = label("category", item.effective_category);
      }
      var categoryCell = cell(row, "item-category", category);
      categoryCell.title = item.category || !suggestion.category
        ? category.textContent
        : T.suggested + ": " + label("category", suggestion.category);
      cell(row, "num item-priority", item.priority);
      var language = cell(row, "item-language", item.text_language || "–");
      if (item.text_language) language.title = label("language", item.text_language);
      var received = cell(row, "num item-received", age(item.received_at));
      received.title = when(item.received_at);
      var excerpt = cell(row, "item-excerpt", item.excerpt);
      excerpt.dir = "auto";
      row.addEventListener("click", function (event) {
        if (/^(INPUT|A|BUTTON|LABEL)$/.test(event.target.tagName)) return;
        select(index, false);
        openPane(false);
      });
      return row;
    }

    function render() {
      // The reason form moves with its row; typing in it must survive a redraw.
      var typingIn = rejectForm.contains(document.activeElement) ? document.activeElement : null;
      list.textContent = "";
      if (rejecting && indexOf(rejecting) === -1) closeReject(false);
      items.forEach(function (item, index) {
        list.appendChild(renderRow(item, index));
        if (rejecting === item.reference) {
          var formRow = el("tr", "reject-row");
          var formCell = el("td");
          formCell.colSpan = 10;
          formCell.appendChild(rejectForm);
          formRow.appendChild(formCell);
          list.appendChild(formRow);
        }
      });
      if (!items.length) {
        var empty = el("tr");
        var text = el("td", "empty", T.queue_empty);
        text.colSpan = 10;
        empty.appendChild(text);
        list.appendChild(empty);
      }
      renderBulk();
      if (typingIn && rejecting) typingIn.focus();
    }

    function focusRow() {
      var item = current();
      var row = item && $("row-" + item.reference);
      if (row) row.querySelector(".item-link").focus();
    }

    function select(index, focus) {
      if (!items.length) return;
      var before = current();
      selected = Math.max(0, Math.min(items.length - 1, index));
      render();
      var row = $("row-" + items[selected].reference);
      if (row) row.scrollIntoView({ block: "nearest" });
      if (focus !== false) focusRow();
      if (!pane.hidden && before !== current()) followPane();
    }

    // --- the pane: the opened item beside the list (each read is audited) ------------------

    function showPane() {
      pane.hidden = false;
      $("workbench").classList.add("has-pane");
    }

    function loadPane(reference) {
      $("pane-heading").textContent = fmt("item_title", { reference: reference });
      $("pane-page").href = itemUrl(reference);
      return view.open(reference);
    }

    function openPane(focus) {
      var item = current();
      if (!item) return;
      showPane();
      window.clearTimeout(paneTimer);
      var loading = view.reference() === item.reference ? Promise.resolve(true) : loadPane(item.reference);
      if (focus) $("pane-heading").focus();
      return loading;
    }

    /* j and k move the pane along; held keys wait for the last row before reading it. */
    function followPane() {
      window.clearTimeout(paneTimer);
      paneTimer = window.setTimeout(function () {
        var item = current();
        if (item && !pane.hidden && view.reference() !== item.reference) loadPane(item.reference);
      }, 150);
    }

    function closePane() {
      window.clearTimeout(paneTimer);
      pane.hidden = true;
      $("workbench").classList.remove("has-pane");
      focusRow();
    }

    $("pane-close").addEventListener("click", closePane);

    // --- after every action: the row, the counts and the list at once -----------------------

    function refreshCounts() {
      var params = new URLSearchParams(query.toString());
      params.delete("cursor");
      params.set("limit", "1");
      return api("GET", "/api/v1/queue?" + params.toString())
        .then(function (result) {
          if (result.ok) showCounts(result.data.counts);
        })
        .catch(function () {
          return null;
        });
    }

    /* Puts an item's new state in its row, or takes the row out when the filter no longer
       holds it (the next row becomes the current one). */
    function applyChange(updated, etag, fromList) {
      if (etag) updated.etag = etag;
      var index = indexOf(updated.reference);
      if (lastAction && lastAction.reference === updated.reference) lastAction.item = updated;
      if (index !== -1) {
        var inPane = pane.contains(document.activeElement);
        if (matches(updated)) {
          items[index] = updated;
          render();
        } else {
          items.splice(index, 1);
          delete marked[updated.reference];
          if (selected > index || selected >= items.length) selected = Math.max(0, selected - 1);
          render();
          if (!pane.hidden) {
            if (items.length) loadPane(current().reference);
            else closePane();
          }
          if (inPane && !pane.hidden) $("pane-heading").focus();
          else if (fromList) focusRow();
        }
      }
      if (view.reference() === updated.reference && fromList) view.show(updated, updated.etag);
      refreshCounts();
    }

    /* The freshest copy of an item the page holds: its row, else the one the undo kept. */
    function known(reference) {
      var index = indexOf(reference);
      if (index !== -1) return items[index];
      return lastAction && lastAction.reference === reference ? lastAction.item : null;
    }

    /* Reads an item again after a 412, so its row and its ETag are today's. */
    function reload(reference) {
      return api("GET", "/api/v1/queue/" + encodeURIComponent(reference)).then(function (result) {
        if (!result.ok) return;
        if (view.reference() === reference) view.show(result.data, result.etag);
        applyChange(result.data, result.etag, false);
      });
    }

    /* One action on one item with its ETag; resolves to the new item, or null. */
    function act(item, method, path, body, done) {
      if (!item || busy) return Promise.resolve(null);
      busy = true;
      setStatus(T.saving);
      var url = "/api/v1/queue/" + encodeURIComponent(item.reference) + path;
      return api(method, url, body, item.etag)
        .then(function (result) {
          if (result.status === 412) {
            return reload(item.reference).then(function () {
              setStatus(fmt("changed_meanwhile", { reference: item.reference }), "error");
              return null;
            });
          }
          if (!result.ok) {
            setStatus(item.reference + ": " + errorText(result, item), "error");
            return null;
          }
          if (rejecting === item.reference) closeReject(false);
          applyChange(result.data, result.etag, true);
          setStatus(done(result.data));
          return result.data;
        })
        .catch(function () {
          unreachable();
          return null;
        })
        .then(function (answer) {
          busy = false;
          return answer;
        });
    }

    /* An action u can undo: remembers the item's category and place before it. */
    function undoable(kind, method, path, body, done) {
      var item = current();
      if (!item) return;
      var before = { kind: kind, reference: item.reference, category: item.category, index: selected };
      act(item, method, path, body, done).then(function (answer) {
        if (!answer) return;
        before.item = answer;
        lastAction = before;
      });
    }

    function setCategory(category) {
      undoable("category", "PATCH", "", { category: category.code }, function (item) {
        return fmt("done_category", { reference: item.reference, label: category.label });
      });
    }

    function acceptSuggestion() {
      var item = current();
      if (!item) return;
      var code = (item.suggestion || {}).category;
      if (!code) {
        setStatus(fmt("no_suggestion", { reference: item.reference }), "error");
        return;
      }
      setCategory({ code: code, label: label("category", code) });
    }

    function queueCurrent() {
      undoable("queue", "POST", "/queue", {}, function (item) {
        return fmt("done_queue", { reference: item.reference });
      });
    }

    /* u: queue -> unqueue, reject -> reopen, category -> the one before (a new item's first
       category cannot go back to "new"). The item comes back into the list if it matches. */
    function undo() {
      var last = lastAction;
      if (!last) {
        setStatus(T.nothing_to_undo, "error");
        return;
      }
      var item = known(last.reference);
      if (!item) {
        setStatus(T.nothing_to_undo, "error");
        return;
      }
      var method = "POST";
      var path;
      var body = {};
      if (last.kind === "queue") path = "/unqueue";
      else if (last.kind === "reject") path = "/reopen";
      else if (last.category) {
        method = "PATCH";
        path = "";
        body = { category: last.category };
      } else {
        setStatus(fmt("undo_first_category", { reference: last.reference }), "error");
        return;
      }
      var missing = indexOf(last.reference) === -1;
      act(item, method, path, body, function (data) {
        return fmt("undone", { reference: data.reference, status: label("status", data.status) });
      }).then(function (answer) {
        if (!answer) return;
        lastAction = null;
        if (missing && matches(answer) && indexOf(answer.reference) === -1) {
          selected = Math.min(last.index, items.length);
          items.splice(selected, 0, answer);
          render();
          focusRow();
          if (!pane.hidden) loadPane(answer.reference);
        }
      });
    }

    // --- r: the reason for rejecting, asked in a form under the row (no window.prompt) ------

    function openReject() {
      var item = current();
      if (!item) return;
      rejecting = item.reference;
      rejectReason.value = "";
      markInvalid(rejectReason, false);
      rejectLabel.textContent = fmt("reject_prompt", { reference: item.reference });
      rejectForm.hidden = false;
      render();
      rejectReason.focus();
    }

    /* Closes the reason form; with refocus, the keyboard goes back to the row it came from. */
    function closeReject(refocus) {
      var reference = rejecting;
      rejecting = null;
      rejectForm.hidden = true;
      var formRow = rejectForm.parentNode && rejectForm.parentNode.parentNode;
      if (rejectForm.parentNode) rejectForm.parentNode.removeChild(rejectForm);
      if (formRow && formRow.parentNode) formRow.parentNode.removeChild(formRow);
      var row = reference && $("row-" + reference);
      if (refocus && row) row.querySelector(".item-link").focus();
    }

    rejectForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = rejectReason.value.trim();
      var index = indexOf(rejecting);
      if (index === -1) return;
      if (!reason) {
        markInvalid(rejectReason, true);
        setStatus(T.bulk_need_reason, "error");
        rejectReason.focus();
        return;
      }
      selected = index;
      undoable("reject", "POST", "/reject", { reason: reason }, function (done) {
        return fmt("done_reject", { reference: done.reference });
      });
    });
    rejectForm.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      closeReject(true);
      setStatus(T.reject_cancelled);
    });
    $("row-reject-cancel").addEventListener("click", function () {
      closeReject(true);
      setStatus(T.reject_cancelled);
    });

    // --- c + number --------------------------------------------------------------------------

    function setCategoryNumber(number) {
      var category = categories[number - 1];
      if (!category) {
        setStatus(fmt("no_such_number", { number: number }), "error");
        return;
      }
      setCategory(category);
    }

    function endCategoryMode(commit) {
      var digits = categoryDigits;
      categoryDigits = null;
      window.clearTimeout(categoryTimer);
      $("category-mode").hidden = true;
      if (commit && digits) setCategoryNumber(parseInt(digits, 10));
    }

    function typeCategoryDigit(digit) {
      // 0 alone is the tenth category (the key after 9).
      if (categoryDigits === "" && digit === "0") {
        categoryDigits = "10";
        endCategoryMode(true);
        return;
      }
      categoryDigits += digit;
      var number = parseInt(categoryDigits, 10);
      // Wait for a second digit only while a longer number could still follow (1 -> 11, 12).
      if (number * 10 > categories.length || categoryDigits.length >= 2) {
        endCategoryMode(true);
      } else {
        $("category-mode").textContent = fmt("category_typed", { digits: categoryDigits });
        window.clearTimeout(categoryTimer);
        categoryTimer = window.setTimeout(function () {
          endCategoryMode(true);
        }, 1000);
      }
    }

    function toggleMark() {
      var item = current();
      if (!item) return;
      marked[item.reference] = !marked[item.reference];
      select(selected);
    }

    // --- ?: the keys, in a dialog --------------------------------------------------------------

    var dialog = $("keys-dialog");
    var dialogOpener = null;

    function openKeys() {
      dialogOpener = document.activeElement;
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      $("keys-close").focus();
    }

    $("keys-open").addEventListener("click", openKeys);
    dialog.addEventListener("close", function () {
      if (dialogOpener && dialogOpener.focus) dialogOpener.focus();
    });

    $("filters-toggle").addEventListener("click", function () {
      var more = $("filter-more");
      more.hidden = !more.hidden;
      $("filters-toggle").setAttribute("aria-expanded", more.hidden ? "false" : "true");
      if (!more.hidden) $("filter-status").focus();
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (dialog.open) return; // the dialog closes itself with Escape
      var target = event.target;
      if (typing(target)) return;
      var key = event.key;
      if (categoryDigits !== null) {
        event.preventDefault();
        if (/^[0-9]$/.test(key)) typeCategoryDigit(key);
        else if (key === "Enter") endCategoryMode(true);
        else endCategoryMode(false);
        return;
      }
      var onControl = target && /^(BUTTON|A|INPUT|SUMMARY)$/.test(target.tagName) && !list.contains(target);
      if (key === "j") select(selected + 1);
      else if (key === "k") select(selected - 1);
      else if (key === "x") toggleMark();
      else if (key === "a") acceptSuggestion();
      else if (key === "c" && items.length) {
        categoryDigits = "";
        $("category-mode").textContent = T.category_mode;
        $("category-mode").hidden = false;
      } else if (key === "q") queueCurrent();
      else if (key === "r") openReject();
      else if (key === "u") undo();
      else if (key === "/") $("filter-q").focus();
      else if (key === "?") openKeys();
      else if (key === "Escape" && !pane.hidden) closePane();
      else if (key === "Enter" && current() && !onControl) openPane(true);
      else return;
      event.preventDefault();
    });

    // --- bulk: one call for the marked rows, each with its ETag -------------------------------

    function bulk(action, extra) {
      var chosen = markedItems();
      if (!chosen.length) {
        setStatus(T.bulk_none, "error");
        return;
      }
      if (busy) return;
      busy = true;
      setStatus(fmt("bulk_running", { done: 0, count: chosen.length }));
      var body = {
        action: action,
        items: chosen.map(function (item) {
          return { reference: item.reference, etag: item.etag };
        }),
      };
      Object.keys(extra || {}).forEach(function (name) {
        body[name] = extra[name];
      });
      api("POST", "/api/v1/queue:bulk", body)
        .then(function (result) {
          if (!result.ok) {
            setStatus(errorText(result), "error");
            return;
          }
          var refused = [];
          var stale = false;
          result.data.results.forEach(function (outcome) {
            var index = indexOf(outcome.reference);
            if (index === -1) return;
            var item = items[index];
            if (outcome.outcome === "done") {
              delete marked[item.reference];
              item.etag = outcome.etag || item.etag;
              item.status = outcome.status || item.status;
              if (action === "categorise") {
                item.category = extra.category;
                item.effective_category = extra.category;
              }
            } else if (outcome.outcome === "not_allowed") {
              refused.push(item.reference);
            } else if (outcome.outcome === "changed") {
              stale = true;
            }
            if (outcome.outcome === "not_found" || (outcome.outcome === "done" && !matches(item))) {
              delete marked[item.reference];
              items.splice(index, 1);
            }
          });
          selected = Math.min(selected, Math.max(0, items.length - 1));
          lastAction = null;
          render();
          var summary = result.data.summary || {};
          var count = chosen.length;
          var parts = [fmt("bulk_result", { ok: summary.done || 0, count: count })];
          if (summary.changed) parts.push(fmt("bulk_changed", { count: summary.changed }));
          if (summary.not_allowed) parts.push(fmt("bulk_not_allowed", { references: refused.join(", ") }));
          if (summary.not_found) parts.push(fmt("bulk_not_found", { count: summary.not_found }));
          setStatus(parts.join(" "), summary.done === count ? null : "error");
          if (stale) load(true);
          else refreshCounts();
          if (!pane.hidden && current() && view.reference() !== current().reference) loadPane(current().reference);
        })
        .catch(unreachable)
        .then(function () {
          busy = false;
        });
    }

    $("select-all").addEventListener("change", function (event) {
      var on = event.target.checked;
      items.forEach(function (item) {
        marked[item.reference] = on;
      });
      render();
    });
    $("bulk-clear").addEventListener("click", function () {
      marked = {};
      render();
      focusRow();
    });
    $("bulk-apply-category").addEventListener("click", function () {
      var code = $("bulk-category").value;
      if (!code) {
        setStatus(T.choose, "error");
        $("bulk-category").focus();
        return;
      }
      bulk("categorise", { category: code });
    });
    ["queue", "unqueue", "archive"].forEach(function (action) {
      $("bulk-" + action).addEventListener("click", function () {
        bulk(action, {});
      });
    });
    $("bulk-reject").addEventListener("click", function () {
      var reason = $("bulk-reason").value.trim();
      if (!reason) {
        setStatus(T.bulk_need_reason, "error");
        $("bulk-reason").focus();
        return;
      }
      bulk("reject", { reason: reason });
    });

    function showCounts(counts) {
      if (!counts) return;
      var parts = Object.keys(counts)
        .filter(function (code) {
          return counts[code];
        })
        .map(function (code) {
          return label("status", code) + " " + counts[code];
        });
      $("queue-counts").textContent = fmt("queue_counts", { counts: parts.join(" · ") || "0" });
    }

    function load(quiet) {
      if (!quiet) setStatus(T.loading);
      query.delete("cursor");
      return api("GET", "/api/v1/queue?" + query.toString())
        .then(function (result) {
          if (!result.ok) {
            setStatus(errorText(result), "error");
            return;
          }
          items = result.data.items;
          next = result.data.next;
          selected = Math.min(selected, Math.max(0, items.length - 1));
          render();
          showCounts(result.data.counts);
          $("load-more").hidden = !next;
          if (!quiet) setStatus(fmt("queue_count", { count: items.length }));
        })
        .catch(unreachable);
    }

    $("load-more").addEventListener("click", function () {
      if (!next) return;
      query.set("cursor", next);
      api("GET", "/api/v1/queue?" + query.toString())
        .then(function (result) {
          if (!result.ok) {
            setStatus(errorText(result), "error");
            return;
          }
          items = items.concat(result.data.items);
          next = result.data.next;
          render();
          $("load-more").hidden = !next;
          setStatus(fmt("queue_count", { count: items.length }));
        })
        .catch(unreachable);
    });

    load();
  }

  // --- one item: the stand-alone page and the queue's pane ----------------------------------

  /* Renders one item into ``root`` (the markup of console/_item_body.html) and wires its
     forms once; ``open(reference)`` reads an item (the read is audited), ``show`` puts one
     the page already holds, and ``options.changed(item, etag)`` hears of every change made
     here, so the queue can update its row. */
  function itemView(root, options) {
    options = options || {};
    var reference = null;
    var base = null;
    var item = null;
    var etag = null;
    var busy = false;
    var opening = 0; // only the latest open() may fill the view
    var similar = [];
    var recipients = null; // GET /api/v1/recipients, read once when a handover is first begun

    function find(id) {
      return root.querySelector("#" + id);
    }

    function changed() {
      if (options.changed && item) options.changed(item, etag);
    }

    function renderFacts() {
      var facts = find("item-facts");
      facts.textContent = "";
      appendFact(facts, T.fact_status, label("status", item.status));
      appendFact(facts, T.fact_kind, T["kind_" + item.kind] || item.kind);
      if (item.reporter) {
        appendFact(facts, T.fact_reporter, item.reporter.name + " (" + item.reporter.organisation + ")");
      }
      appendFact(facts, T.fact_area, label("area", item.area));
      appendFact(facts, T.fact_received, when(item.received_at));
      appendFact(facts, T.fact_occurred, when(item.occurred_at));
      appendFact(facts, T.fact_place, item.place);
      appendFact(
        facts,
        T.fact_language,
        item.text_language ? label("language", item.text_language) + " (" + item.text_language + ")" : null
      );
      if (item.location) {
        appendFact(
          facts,
          T.fact_location,
          item.location.lat.toFixed(5) + ", " + item.location.lon.toFixed(5) +
            (item.location.accuracy_m ? " (±" + Math.round(item.location.accuracy_m) + " m)" : "")
        );
      }
      appendFact(facts, T.fact_priority, item.priority);
      appendFact(facts, T.fact_support, item.supporting_count);
      appendFact(facts, T.fact_shared, item.shared_with_partners ? T.yes : T.no);
      if (item.partner_summary) appendFact(facts, T.fact_partner_summary, item.partner_summary);
      if (item.erased_at) appendFact(facts, T.fact_erased, when(item.erased_at));
      if (item.duplicate_of) appendFact(facts, T.fact_duplicate_of, link(itemUrl(item.duplicate_of), item.duplicate_of));
      if (item.rejection_reason) appendFact(facts, T.fact_rejection, item.rejection_reason);
      var handovers = item.handovers || [];
      if (handovers.length) {
        var latest = handovers[handovers.length - 1];
        appendFact(facts, T.fact_handed_over, fmt("handover_to", { recipient: latest.recipient }) + " · " + handoverState(latest.state));
      }
      var badges = find("item-badges");
      badges.textContent = "";
      if (item.urgent) badges.appendChild(el("strong", "badge badge-urgent", T.urgent));
      var status = el("span", "badge item-status", label("status", item.status));
      status.setAttribute("data-status", item.status);
      badges.appendChild(status);
      if (item.attention) badges.appendChild(el("span", "badge badge-attention", T.attention));
    }

    function renderCategory() {
      find("resident-category").textContent = item.resident_category ? label("category", item.resident_category) : "–";
      var suggestion = item.suggestion || {};
      find("machine-category").textContent = suggestion.category
        ? label("category", suggestion.category) +
          (suggestion.confidence !== null && suggestion.confidence !== undefined
            ? " (" + fmt("confidence", { percent: Math.round(suggestion.confidence * 100) }) + ")"
            : "")
        : "–";
      find("machine-words").textContent = (suggestion.words || []).join(", ") || "–";
      var urgent = item.urgency_words && item.urgency_words.length;
      find("urgency-words-label").hidden = !urgent;
      find("urgency-words").hidden = !urgent;
      find("urgency-words").textContent = urgent ? item.urgency_words.join(", ") : "";
      find("category-select").value = item.category || "";
      find("priority-input").value = item.priority === null || item.priority === undefined ? "" : item.priority;
    }

    function renderEntries(listId, entries, emptyText, who) {
      var list = find(listId);
      list.textContent = "";
      entries.forEach(function (entry) {
        var row = el("li", "entry");
        row.appendChild(el("p", "entry-meta", who(entry) + " · " + when(entry.created_at || entry.sent_at)));
        row.appendChild(freeText("p", "entry-body", entry.body));
        list.appendChild(row);
      });
      if (!entries.length) list.appendChild(el("li", "empty", emptyText));
    }

    function handoverState(state) {
      return T["handover_state_" + state] || state;
    }

    /* Who it was handed over to, when, and how the delivery goes, oldest first. */
    function renderHandovers() {
      var list = find("handovers");
      list.textContent = "";
      (item.handovers || []).forEach(function (handover) {
        var row = el("li", "entry handover");
        var meta = el("p", "entry-meta");
        meta.appendChild(
          document.createTextNode(
            fmt("handover_to", { recipient: handover.recipient }) + " · " + when(handover.at) +
              (handover.include_photos ? " · " + T.handover_with_photos : "") + " · "
          )
        );
        var state = el("span", "handover-state", handoverState(handover.state));
        state.setAttribute("data-state", handover.state);
        meta.appendChild(state);
        row.appendChild(meta);
        row.appendChild(freeText("p", "entry-body", handover.note));
        list.appendChild(row);
      });
      if (!(item.handovers || []).length) list.appendChild(el("li", "empty", T.no_handovers));
      // Nothing is left to hand over once the content is erased.
      find("act-handover").hidden = !!item.erased_at;
      if (item.erased_at) find("handover-form").hidden = true;
      find("act-handover").setAttribute("aria-expanded", find("handover-form").hidden ? "false" : "true");
      if (recipients) fillRecipients();
    }

    /* The recipients responsible for this item: its area, and its category or every one. */
    function fillRecipients() {
      var select = find("handover-recipient");
      var chosen = select.value;
      var responsible = recipients.filter(function (recipient) {
        return recipient.area === item.area && (!recipient.category || recipient.category === item.effective_category);
      });
      while (select.options.length > 1) select.remove(1);
      responsible.forEach(function (recipient) {
        var option = el("option", null, recipient.name);
        option.value = recipient.id;
        select.appendChild(option);
      });
      select.value = chosen;
      if (select.value !== chosen) select.value = "";
      find("handover-no-recipients").hidden = responsible.length > 0;
    }

    function loadRecipients() {
      if (recipients) return Promise.resolve(true);
      return api("GET", "/api/v1/recipients").then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return false;
        }
        recipients = result.data.items;
        if (item) fillRecipients();
        return true;
      });
    }

    function renderActions() {
      ["queue", "unqueue", "reopen", "archive"].forEach(function (action) {
        find("act-" + action).hidden = !allowed(action, item.status);
      });
      find("reject-form").hidden = !allowed("reject", item.status);
      // An erased item has no text left to redact.
      find("redact-form").hidden = !!item.erased_at;
      find("act-share").textContent = item.shared_with_partners ? T.act_unshare : T.act_share;
      find("act-share").setAttribute("aria-pressed", item.shared_with_partners ? "true" : "false");
      find("act-share").setAttribute("aria-expanded", find("share-form").hidden ? "false" : "true");
      if (item.shared_with_partners) find("share-form").hidden = true;
      find("new-action").href = "/staff/actions?item=" + encodeURIComponent(reference);
      find("notable-toggle").checked = !!item.notable;
    }

    function render() {
      root.hidden = false;
      renderFacts();
      find("item-text").textContent = item.text;
      find("item-text").hidden = !!item.erased_at && !item.text;
      find("item-translate").hidden = !item.needs_translation;
      find("item-erased").hidden = !item.erased_at;
      find("item-erased").textContent = item.erased_at ? fmt("erased_note", { when: when(item.erased_at) }) : "";
      find("item-redacted").hidden = !item.redacted;
      find("item-original").hidden = !item.original_text;
      find("item-original-text").textContent = item.original_text || "";
      if (!find("redact-text").value) find("redact-text").value = item.text || "";
      renderCategory();
      renderEntries("notes", item.notes || [], T.no_notes, function (note) {
        return note.author;
      });
      var isTip = item.kind === "tip";
      find("message-form").hidden = !isTip;
      find("messages-only-tips").hidden = isTip;
      // Answer in the tipster's language: say which one they wrote in, when it is not Swedish.
      var written = item.text_language;
      find("message-language").hidden = !isTip || !written || written === "sv" || written === "und";
      find("message-language").textContent = fmt("message_language_hint", { language: label("language", written) });
      renderEntries("messages", item.messages || [], T.no_messages, function (message) {
        return message.sender === "resident" ? T.sender_resident : T.sender_staff;
      });
      renderActions();
      renderHandovers();
      renderSimilarButtons();
    }

    /* Another item: nothing typed for the last one may be sent for this one. */
    function clearForms() {
      ["note-body", "message-body", "reject-reason", "redact-text", "redact-reason", "share-summary", "erase-reason", "handover-note", "handover-recipient"].forEach(
        function (id) {
          find(id).value = "";
          markInvalid(find(id), false);
        }
      );
      find("erase-confirm").checked = false;
      find("share-form").hidden = true;
      find("handover-photos").checked = false;
      find("handover-form").hidden = true;
    }

    function load() {
      var mine = opening;
      return api("GET", base)
        .then(function (result) {
          if (mine !== opening) return false;
          if (!result.ok) {
            setStatus(errorText(result), "error");
            return false;
          }
          item = result.data;
          etag = result.etag;
          item.etag = etag;
          find("redact-text").value = "";
          render();
          return true;
        })
        .catch(function () {
          unreachable();
          return false;
        });
    }

    /* A write with the item's ETag: a 412 reloads the item and says so. */
    function write(method, path, body, done) {
      if (busy || !item) return Promise.resolve(false);
      busy = true;
      setStatus(T.saving);
      return api(method, base + path, body, etag)
        .then(function (result) {
          if (result.status === 412) {
            return load().then(function () {
              changed();
              setStatus(fmt("changed_meanwhile", { reference: reference }), "error");
              return false;
            });
          }
          if (!result.ok) {
            setStatus(errorText(result, item), "error");
            return false;
          }
          if (result.etag) etag = result.etag;
          var message = done(result.data);
          if (item) item.etag = etag;
          setStatus(message);
          changed();
          return result.data;
        })
        .catch(function () {
          unreachable();
          return false;
        })
        .then(function (answer) {
          busy = false;
          return answer;
        });
    }

    function update(done) {
      return function (data) {
        item = data;
        render();
        return done;
      };
    }

    find("category-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var code = find("category-select").value;
      if (!code) return;
      write("PATCH", "", { category: code }, update(T.saved));
    });
    find("priority-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var raw = find("priority-input").value.trim();
      write("PATCH", "", { priority: raw === "" ? null : parseInt(raw, 10) }, update(T.saved));
    });
    ["queue", "unqueue", "reopen", "archive"].forEach(function (action) {
      find("act-" + action).addEventListener("click", function () {
        write("POST", "/" + action, {}, function (data) {
          item = data;
          render();
          return fmt("done_action", { reference: reference, action: label("status", data.status) });
        });
      });
    });
    /* Sharing asks for the summary partners will read, in a form under the buttons (no
       window.prompt); stopping needs none and clears it. */
    function closeShare(message) {
      find("share-form").hidden = true;
      find("act-share").setAttribute("aria-expanded", "false");
      if (message) setStatus(message);
      find("act-share").focus();
    }
    find("act-share").addEventListener("click", function () {
      if (!item) return;
      if (item.shared_with_partners) {
        write("POST", "/share", { shared: false }, function (data) {
          item = data;
          render();
          return fmt("done_unshare", { reference: reference });
        });
        return;
      }
      if (!find("share-form").hidden) {
        closeShare(T.share_cancelled);
        return;
      }
      find("share-form").hidden = false;
      find("act-share").setAttribute("aria-expanded", "true");
      markInvalid(find("share-summary"), false);
      find("share-summary").focus();
    });
    find("share-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var summary = find("share-summary").value.trim();
      if (!summary) {
        markInvalid(find("share-summary"), true);
        setStatus(T.share_need_summary, "error");
        find("share-summary").focus();
        return;
      }
      write("POST", "/share", { shared: true, partner_summary: summary }, function (data) {
        item = data;
        find("share-summary").value = "";
        find("share-form").hidden = true;
        render();
        return fmt("done_share", { reference: reference });
      });
    });
    find("share-cancel").addEventListener("click", function () {
      closeShare(T.share_cancelled);
    });
    find("share-form").addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      closeShare(T.share_cancelled);
    });
    find("notable-toggle").addEventListener("change", function () {
      var notable = find("notable-toggle").checked;
      write("PATCH", "", { notable: notable }, function (data) {
        item = data;
        render();
        return fmt(notable ? "done_notable" : "done_not_notable", { reference: reference });
      }).then(function (answer) {
        // Refused or unreachable: the box shows what is stored, not what was clicked.
        if (!answer && item) find("notable-toggle").checked = !!item.notable;
      });
    });
    /* Handing over asks for a recipient responsible for the item and a note, in a form under
       the button; the answer is the handover, so the item is read again for its history. */
    function closeHandover(message) {
      find("handover-form").hidden = true;
      find("act-handover").setAttribute("aria-expanded", "false");
      if (message) setStatus(message);
      find("act-handover").focus();
    }
    find("act-handover").addEventListener("click", function () {
      if (!item) return;
      if (!find("handover-form").hidden) {
        closeHandover(T.handover_cancelled);
        return;
      }
      find("handover-form").hidden = false;
      find("act-handover").setAttribute("aria-expanded", "true");
      markInvalid(find("handover-recipient"), false);
      markInvalid(find("handover-note"), false);
      loadRecipients()
        .then(function () {
          find("handover-recipient").focus();
        })
        .catch(unreachable);
    });
    find("handover-cancel").addEventListener("click", function () {
      closeHandover(T.handover_cancelled);
    });
    find("handover-form").addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      closeHandover(T.handover_cancelled);
    });
    find("handover-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var select = find("handover-recipient");
      var note = find("handover-note");
      markInvalid(select, !select.value);
      markInvalid(note, !!select.value && !note.value.trim());
      if (!select.value) {
        setStatus(T.handover_need_recipient, "error");
        select.focus();
        return;
      }
      if (!note.value.trim()) {
        setStatus(T.handover_need_note, "error");
        note.focus();
        return;
      }
      var body = { recipient: select.value, note: note.value.trim(), include_photos: find("handover-photos").checked };
      var message = null;
      write("POST", "/handover", body, function (handover) {
        message = fmt("done_handover", { reference: reference, recipient: handover.recipient });
        return message;
      })
        .then(function (answer) {
          if (!answer) return;
          find("handover-note").value = "";
          find("handover-photos").checked = false;
          select.value = "";
          find("handover-form").hidden = true;
          return load().then(function () {
            changed();
            setStatus(message);
            find("act-handover").focus();
          });
        })
        .catch(unreachable);
    });
    find("reject-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = find("reject-reason").value.trim();
      if (!reason) {
        setStatus(T.empty_field, "error");
        return;
      }
      write("POST", "/reject", { reason: reason }, function (data) {
        item = data;
        find("reject-reason").value = "";
        render();
        return fmt("done_reject", { reference: reference });
      });
    });
    /* Erasing asks for a reason and a ticked "cannot be undone", then shows the item as it
       is left: the answer holds only counts, so the item is read again. */
    find("erase-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var reasonField = find("erase-reason");
      var confirmBox = find("erase-confirm");
      var reason = reasonField.value.trim();
      markInvalid(reasonField, !reason);
      markInvalid(confirmBox, !!reason && !confirmBox.checked);
      if (!reason) {
        setStatus(T.erase_need_reason, "error");
        reasonField.focus();
        return;
      }
      if (!confirmBox.checked) {
        setStatus(T.erase_need_confirm, "error");
        confirmBox.focus();
        return;
      }
      write("POST", "/erase", { reason: reason }, function () {
        return T.loading;
      })
        .then(function (answer) {
          if (!answer) return;
          find("erase-form").reset();
          return Promise.all([load(), loadPhotos()]).then(function () {
            changed();
            setStatus(fmt("done_erase", { reference: reference }));
            find("text-heading").scrollIntoView({ block: "start" });
          });
        })
        .catch(unreachable);
    });
    find("redact-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var text = find("redact-text").value.trim();
      var reason = find("redact-reason").value.trim();
      if (!text || !reason) {
        setStatus(T.empty_field, "error");
        return;
      }
      write("POST", "/redact", { text: text, reason: reason }, function (data) {
        item = data;
        find("redact-reason").value = "";
        render();
        return T.saved;
      });
    });

    /* Notes and messages answer with the item's new ETag (they change its version). */
    function addEntry(formId, fieldId, path, listKey, done) {
      find(formId).addEventListener("submit", function (event) {
        event.preventDefault();
        var body = find(fieldId).value.trim();
        if (!body) {
          setStatus(T.empty_field, "error");
          find(fieldId).focus();
          return;
        }
        write("POST", path, { body: body }, function (entry) {
          item[listKey] = (item[listKey] || []).concat([entry]);
          find(fieldId).value = "";
          render();
          return done;
        });
      });
    }
    addEntry("note-form", "note-body", "/notes", "notes", T.done_note);
    addEntry("message-form", "message-body", "/messages", "messages", T.done_message);

    function renderSimilarButtons() {
      var may = allowed("duplicate", item.status);
      Array.prototype.forEach.call(root.querySelectorAll(".merge-button"), function (button) {
        button.hidden = !may;
      });
    }

    function renderSimilar() {
      var list = find("similar");
      list.textContent = "";
      similar.forEach(function (other) {
        var row = el("li", "entry similar-item");
        row.setAttribute("data-reference", other.reference);
        var head = el("p", "entry-meta");
        head.appendChild(link(itemUrl(other.reference), other.reference));
        head.appendChild(
          document.createTextNode(
            " · " + label("status", other.status) + " · " + fmt("similar_score", { score: other.score.toFixed(2) }) +
              (other.reasons && other.reasons.length ? " · " + other.reasons.join(", ") : "") +
              (other.distance_m !== null && other.distance_m !== undefined ? " · " + other.distance_m + " m" : "")
          )
        );
        row.appendChild(head);
        row.appendChild(freeText("p", "entry-body", other.excerpt));
        var merge = el("button", "merge-button", fmt("merge_into", { reference: other.reference }));
        merge.type = "button";
        merge.addEventListener("click", function () {
          if (!window.confirm(fmt("merge_confirm", { reference: reference, target: other.reference }))) return;
          write("POST", "/duplicate", { of: other.reference }, function (data) {
            item = data;
            render();
            return fmt("done_merge", { reference: reference, target: other.reference });
          });
        });
        row.appendChild(merge);
        list.appendChild(row);
      });
      if (!similar.length) list.appendChild(el("li", "empty", T.no_similar));
      renderSimilarButtons();
    }

    function loadPhotos() {
      var mine = opening;
      return api("GET", base + "/photos").then(function (result) {
        if (mine !== opening) return;
        var list = find("photos");
        list.textContent = "";
        var photos = result.ok ? result.data.photos : [];
        photos.forEach(function (photo, index) {
          var row = el("li", "photo");
          var anchor = link(photo.url, "", "photo-link");
          anchor.target = "_blank";
          anchor.rel = "noopener";
          anchor.title = T.photo_open;
          var image = el("img");
          image.src = photo.thumbnail_url;
          image.alt = fmt("photo_alt", { number: index + 1, reference: reference }) + " – " + T.photo_open;
          anchor.appendChild(image);
          row.appendChild(anchor);
          list.appendChild(row);
        });
        if (!photos.length) list.appendChild(el("li", "empty", T.no_photos));
      });
    }

    function loadSimilar() {
      var mine = opening;
      return api("GET", base + "/similar").then(function (result) {
        if (mine !== opening) return;
        similar = result.ok ? result.data.items : [];
        renderSimilar();
      });
    }

    function open(wanted) {
      opening += 1;
      if (wanted !== reference) clearForms();
      reference = wanted;
      base = "/api/v1/queue/" + encodeURIComponent(reference);
      item = null;
      etag = null;
      find("photos").textContent = "";
      find("similar").textContent = "";
      return load().then(function (found) {
        if (!found) return false;
        Promise.all([loadPhotos(), loadSimilar()]).catch(unreachable);
        return true;
      });
    }

    return {
      open: open,
      reference: function () {
        return reference;
      },
      /* An item the page already holds (the answer of an action taken from the list). */
      show: function (data, newEtag) {
        if (!data || data.reference !== reference || data.text === undefined) return;
        item = data;
        etag = newEtag || data.etag || etag;
        render();
      },
    };
  }

  function initItem() {
    setStatus(T.loading);
    itemView($("item")).open(DATA.reference).then(function (found) {
      if (found) setStatus("");
    });
  }

  // --- the next report -----------------------------------------------------------------------

  function initReport() {
    var areas = DATA.areas || [];
    var report = null;
    if (!areas.length) {
      setStatus(T.report_no_areas, "error");
      return;
    }

    function show(content) {
      report = content.report;
      $("report").hidden = false;
      $("report-heading").textContent = fmt("report_heading", { number: report.number });
      $("report-meta").textContent = fmt("report_meta", {
        start: report.period.start,
        last: report.period.last_day,
        meeting: report.meeting_on,
        status: label("report_status", report.status),
      });
      $("report-link").href = "/reports/" + encodeURIComponent(report.id) + ".html?lang=" + LANG;
      // Two sets, each said for what it is: received in the period (per focus area, with their
      // total) and queued for the report (the list, whenever received).
      $("numbers-note").textContent = fmt("report_numbers_note", {
        start: report.period.start,
        last: report.period.last_day,
      });
      var numbers = $("report-numbers");
      numbers.textContent = "";
      var received = 0;
      content.focus_areas.forEach(function (group) {
        var row = el("tr");
        var head = el("th", null, LANG === "en" ? group.label_en || group.label_sv : group.label_sv);
        head.setAttribute("scope", "row");
        row.appendChild(head);
        row.appendChild(el("td", null, group.count));
        numbers.appendChild(row);
        received += group.count;
      });
      $("report-received").textContent = received;
      // The same period's items by where they came from, and which organisations' EST
      // reporters reported (the three sources add up to the total above).
      var sources = content.sources || {};
      ["tip", "observation", "report"].forEach(function (kind) {
        $("source-" + kind).textContent = sources[kind] === undefined ? "" : sources[kind];
      });
      var reporters = $("report-reporters");
      reporters.textContent = "";
      (content.reporting_organisations || []).forEach(function (row) {
        reporters.appendChild(el("li", null, row.organisation + ": " + row.reports));
      });
      if (!reporters.childNodes.length) reporters.appendChild(el("li", "empty", T.report_reporters_none));
      // Is it fixed? Done actions, how many were asked, and the answers given in the period.
      var fixed = content.fixed || {};
      ["done", "asked", "yes", "partly", "no"].forEach(function (key) {
        $("fixed-" + key).textContent = fixed[key] === undefined ? "" : fixed[key];
      });
      var names = DATA.area_names || {};
      var notable = {};
      content.notable.forEach(function (item) {
        notable[item.reference] = true;
      });
      $("items-note").textContent = fmt("report_items_note", {
        count: content.items.length,
        notable: content.notable.length,
      });
      var list = $("report-items");
      list.textContent = "";
      content.items.forEach(function (item) {
        var row = el("li");
        row.appendChild(link(itemUrl(item.reference), item.reference));
        var facts = [label("category", item.category)];
        if (areas.length > 1) facts.push(names[item.area] || item.area);
        if (item.place) facts.push(item.place);
        row.appendChild(document.createTextNode(" · " + facts.join(" · ")));
        if (notable[item.reference]) {
          row.appendChild(document.createTextNode(" · "));
          row.appendChild(el("strong", "notable", T.report_notable));
        }
        list.appendChild(row);
      });
      if (!content.items.length) list.appendChild(el("li", "empty", T.report_no_items));
      setStatus(fmt("report_in_draft", { count: content.items.length }));
    }

    $("publish").addEventListener("click", function () {
      if (!report) return;
      if (!window.confirm(fmt("publish_confirm", { number: report.number }))) return;
      $("publish").disabled = true;
      api("POST", "/api/v1/reports/" + encodeURIComponent(report.id) + "/publish", {})
        .then(function (result) {
          if (!result.ok) {
            $("publish").disabled = false;
            setStatus(errorText(result), "error");
            return;
          }
          $("report-meta").textContent = fmt("published_at", { when: when(result.data.published_at) });
          setStatus(fmt("published", { number: result.data.number }));
        })
        .catch(unreachable);
    });

    setStatus(T.loading);
    api("GET", "/api/v1/reports/next?area=" + encodeURIComponent(areas.join(",")))
      .then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return;
        }
        show(result.data);
      })
      .catch(unreachable);
  }

  // --- walks ---------------------------------------------------------------------------------

  function walkUrl(id) {
    return "/staff/walks/" + encodeURIComponent(id);
  }

  function initWalks() {
    var body = $("walks");
    var walks = [];

    function render() {
      body.textContent = "";
      walks.forEach(function (walk) {
        var row = el("tr");
        row.setAttribute("data-walk", walk.id);
        var title = el("th");
        title.setAttribute("scope", "row");
        title.appendChild(link(walkUrl(walk.id), walk.title));
        row.appendChild(title);
        row.appendChild(el("td", null, when(walk.starts_at)));
        row.appendChild(el("td", null, label("area", walk.area)));
        row.appendChild(el("td", "walk-status", label("walk_status", walk.status)));
        row.appendChild(el("td", "join-code", walk.join_code));
        body.appendChild(row);
      });
      if (!walks.length) emptyRow(body, T.walks_empty, 5);
    }

    var form = $("walk-form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = {
          title: $("walk-title").value.trim(),
          area: $("walk-area").value,
          starts_at: $("walk-start").value,
          meeting_point: $("walk-meeting").value.trim(),
        };
        createFrom(form, "/api/v1/walks", data, T.walk_created, function (record) {
          walks.unshift(record);
          render();
        });
      });
    }

    setStatus(T.loading);
    api("GET", "/api/v1/walks")
      .then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return;
        }
        walks = result.data.items;
        render();
        setStatus(fmt("walks_count", { count: walks.length }));
      })
      .catch(unreachable);
  }

  function initWalk() {
    var id = DATA.walk;
    var base = "/api/v1/walks/" + encodeURIComponent(id);
    var transitions = DATA.transitions || {};

    function renderWalk(walk) {
      $("walk").hidden = false;
      $("walk-heading").textContent = walk.title;
      var facts = $("walk-facts");
      facts.textContent = "";
      appendFact(facts, T.walk_status_col, label("walk_status", walk.status));
      appendFact(facts, T.walk_area_col, label("area", walk.area) + " · " + walk.organisation);
      appendFact(facts, T.walk_start_col, when(walk.starts_at));
      appendFact(facts, T.walk_meeting, walk.meeting_point);
      appendFact(facts, T.walk_join_code, walk.join_code);
      appendFact(facts, T.walk_join_window, when(walk.join_valid_from) + " – " + when(walk.join_valid_until));
      var moves = $("walk-moves");
      if (!moves) return;
      moves.textContent = "";
      (transitions[walk.status] || []).forEach(function (status) {
        var button = el("button", null, fmt("walk_move", { status: label("walk_status", status) }));
        button.type = "button";
        button.addEventListener("click", function () {
          api("PATCH", base, { status: status })
            .then(function (result) {
              if (!result.ok) {
                setStatus(errorText(result), "error");
                return;
              }
              renderWalk(result.data);
              setStatus(fmt("walk_moved", { status: label("walk_status", result.data.status) }));
              $("walk-heading").focus();
            })
            .catch(unreachable);
        });
        moves.appendChild(button);
      });
    }

    function countRows(bodyId, counts, table) {
      var body = $(bodyId);
      body.textContent = "";
      Object.keys(counts || {}).forEach(function (code) {
        var row = el("tr");
        var head = el("th", null, label(table, code));
        head.setAttribute("scope", "row");
        row.appendChild(head);
        row.appendChild(el("td", null, counts[code]));
        body.appendChild(row);
      });
    }

    function renderSummary(summary) {
      $("summary").hidden = false;
      $("summary-count").textContent = fmt("walk_observations", { count: summary.observations });
      countRows("summary-issues", summary.by_issue, "issue");
      countRows("summary-categories", summary.by_category, "category");
      var places = $("summary-places");
      places.textContent = "";
      summary.places.forEach(function (place) {
        var row = el("li", "entry");
        row.appendChild(el("p", "entry-meta", (place.name || T.walk_place_unnamed) + " · " + place.issues.map(function (code) {
          return label("issue", code);
        }).join(", ")));
        var ratings = Object.keys(place.ratings || {}).map(function (code) {
          var stat = place.ratings[code];
          return label("checklist", code) + " " + stat.mean.toFixed(1) + " (n=" + stat.n + ")";
        });
        if (ratings.length) row.appendChild(el("p", "entry-body", T.walk_ratings + ": " + ratings.join(", ")));
        places.appendChild(row);
      });
      if (!summary.places.length) places.appendChild(el("li", "empty", T.walk_no_observations));
      var items = $("summary-items");
      items.textContent = "";
      summary.items.forEach(function (item) {
        var row = el("li", "entry");
        var head = el("p", "entry-meta");
        if (item.number) head.appendChild(document.createTextNode(item.number + ". "));
        if (ANALYST) head.appendChild(link(itemUrl(item.reference), item.reference));
        else head.appendChild(document.createTextNode(item.reference));
        head.appendChild(
          document.createTextNode(
            " · " + label("issue", item.issue) + " · " + label("category", item.category) +
              (item.status ? " · " + label("status", item.status) : "") + " · " + when(item.seen_at)
          )
        );
        row.appendChild(head);
        // Partners get no excerpt: the analyst's summary of a shared observation instead.
        var body = item.excerpt || item.partner_summary;
        if (body) row.appendChild(freeText("p", "entry-body", body));
        if (ANALYST) {
          row.appendChild(link("/staff/actions?item=" + encodeURIComponent(item.reference), T.walk_create_action));
        }
        items.appendChild(row);
      });
      if (!summary.items.length) items.appendChild(el("li", "empty", T.walk_no_observations));
    }

    setStatus(T.loading);
    api("GET", base)
      .then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return;
        }
        renderWalk(result.data);
        setStatus("");
        return api("GET", base + "/summary").then(function (summary) {
          if (summary.ok) renderSummary(summary.data);
          else setStatus(errorText(summary), "error");
        });
      })
      .catch(unreachable);
  }

  // --- actions (insatser) --------------------------------------------------------------------

  function initActions() {
    var body = $("actions");
    var actions = [];
    var transitions = DATA.transitions || {};
    var prefill = DATA.prefill || {};

    function mayMove(action) {
      return ANALYST || (DATA.role === "partner" && action.owner && action.owner.id === DATA.organisation);
    }

    function moveForm(action) {
      var form = el("form", "move-form");
      var selectId = "move-" + action.id;
      var reasonId = "reason-" + action.id;
      var selectLabel = el("label", "visually-hidden", fmt("action_new_status", { title: action.title }));
      selectLabel.htmlFor = selectId;
      var select = el("select");
      select.id = selectId;
      (transitions[action.status] || []).forEach(function (status) {
        var option = el("option", null, label("action_status", status));
        option.value = status;
        select.appendChild(option);
      });
      var reasonLabel = el("label", "visually-hidden", T.action_reason);
      reasonLabel.htmlFor = reasonId;
      var reason = el("input");
      reason.id = reasonId;
      reason.type = "text";
      reason.maxLength = 2000;
      reason.placeholder = T.action_reason;
      var button = el("button", null, T.action_save_status);
      button.type = "submit";
      [selectLabel, select, reasonLabel, reason, button].forEach(function (node) {
        form.appendChild(node);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = { status: select.value };
        if (reason.value.trim()) data.reason = reason.value.trim();
        api("POST", "/api/v1/actions/" + encodeURIComponent(action.id) + "/status", data)
          .then(function (result) {
            if (!result.ok) {
              setStatus(errorText(result), "error");
              return;
            }
            actions = actions.map(function (other) {
              return other.id === action.id ? result.data : other;
            });
            render();
            setStatus(fmt("action_moved", { title: result.data.title, status: label("action_status", result.data.status) }));
            var again = $("move-" + action.id);
            if (again) again.focus();
          })
          .catch(unreachable);
      });
      return form;
    }

    function render() {
      body.textContent = "";
      actions.forEach(function (action) {
        var row = el("tr");
        row.setAttribute("data-action", action.id);
        var title = el("th");
        title.setAttribute("scope", "row");
        title.appendChild(el("span", "action-title", action.title));
        if (action.description) title.appendChild(el("span", "action-description", action.description));
        row.appendChild(title);
        row.appendChild(el("td", null, action.owner ? action.owner.name : "–"));
        row.appendChild(el("td", null, action.due_date || "–"));
        var status = el("td", "action-status", label("action_status", action.status));
        if (action.status_reason) status.appendChild(el("span", "action-reason", action.status_reason));
        row.appendChild(status);
        var source = el("td");
        if (action.item && ANALYST) source.appendChild(link(itemUrl(action.item), action.item));
        else if (action.item) source.appendChild(document.createTextNode(action.item));
        if (action.walk) {
          if (action.item) source.appendChild(document.createTextNode(" · "));
          source.appendChild(link(walkUrl(action.walk), T.walk_heading));
        }
        if (!action.item && !action.walk) source.textContent = label("area", action.area);
        row.appendChild(source);
        var move = el("td");
        if (mayMove(action) && (transitions[action.status] || []).length) move.appendChild(moveForm(action));
        row.appendChild(move);
        body.appendChild(row);
      });
      if (!actions.length) emptyRow(body, T.actions_empty, 6);
    }

    var form = $("action-form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = { title: $("action-title").value.trim(), owner: $("action-owner").value };
        var description = $("action-description").value.trim();
        var due = $("action-due").value;
        var itemRef = $("action-item").value.trim();
        if (description) data.description = description;
        if (due) data.due_date = due;
        if (itemRef) data.item = itemRef;
        else if (prefill.walk) data.walk = prefill.walk;
        else data.area = $("action-area").value;
        createFrom(form, "/api/v1/actions", data, T.action_created, function (record) {
          actions.push(record);
          render();
        });
      });
    }

    var params = new URLSearchParams();
    if (prefill.status) params.set("status", prefill.status);
    if (prefill.walk) params.set("walk", prefill.walk);
    setStatus(T.loading);
    api("GET", "/api/v1/actions?" + params.toString())
      .then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return;
        }
        actions = result.data.items;
        render();
        setStatus(fmt("actions_count", { count: actions.length }));
      })
      .catch(unreachable);
  }

  /* Settings: the e-mail notices per area and kind, and quiet hours, saved as one PUT. */
  function initSettings() {
    var form = $("settings-form");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var subscriptions = [];
      form.querySelectorAll('input[name="notice"]:checked').forEach(function (box) {
        var parts = box.value.split(":");
        subscriptions.push({ area: parts[0], kind: parts[1] });
      });
      var data = {
        subscriptions: subscriptions,
        quiet_from: $("quiet-from").value || null,
        quiet_until: $("quiet-until").value || null,
      };
      setStatus(T.saving);
      api("PUT", "/api/v1/staff/me/notifications", data)
        .then(function (result) {
          setStatus(result.ok ? T.settings_saved : errorText(result), result.ok ? "" : "error");
        })
        .catch(unreachable);
    });
  }

  var pages = {
    settings: initSettings,
    queue: initQueue,
    item: initItem,
    report: initReport,
    walks: initWalks,
    walk: initWalk,
    actions: initActions,
  };
  if (pages[page]) pages[page]();
})();
