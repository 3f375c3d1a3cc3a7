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

  function errorText(result) {
    var error = result.data && result.data.error;
    if (!error) return fmt("request_failed", { status: result.status });
    var fields = error.fields || {};
    var details = Object.keys(fields).map(function (name) {
      return name + ": " + [].concat(fields[name]).join(" ");
    });
    return error.message + (details.length ? " (" + details.join("; ") + ")" : "");
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

  // --- the queue -----------------------------------------------------------------------------

  /* The API's query for the filters in the page's address (a reload keeps them). */
  function queueQuery(filters) {
    var params = new URLSearchParams();
    if (!filters.status) params.set("status", "new,triaged,queued");
    else if (filters.status !== "all") params.set("status", filters.status);
    ["category", "focus_area", "area", "urgent", "language", "needs_translation", "q", "sort"].forEach(function (name) {
      if (filters[name]) params.set(name, filters[name]);
    });
    // Dates are whole days in the analyst's (Swedish) time: from the first day's midnight
    // up to the midnight after the last day.
    var since = dayStart(filters.since, 0);
    var until = dayStart(filters.until, 1);
    if (since) params.set("since", since);
    if (until) params.set("until", until);
    params.set("limit", "50");
    return params;
  }

  function dayStart(value, plusDays) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!match) return null;
    var date = new Date(+match[1], +match[2] - 1, +match[3] + plusDays);
    return date.toISOString();
  }

  function initQueue() {
    var list = $("queue-list");
    var categories = DATA.categories || [];
    var items = [];
    var selected = 0;
    var marked = {}; // reference -> true, for bulk actions
    var next = null;
    var categoryDigits = null; // digits typed after "c", or null outside category mode
    var categoryTimer = null;
    var busy = false;
    var query = queueQuery(DATA.filters || {});
    var rejectForm = $("row-reject");
    // Kept as nodes: while the form is closed it is out of the document.
    var rejectReason = $("row-reject-reason");
    var rejectLabel = $("row-reject-label");
    var rejecting = null; // the reference the inline reason form is open for

    function markedReferences() {
      return items
        .filter(function (item) {
          return marked[item.reference];
        })
        .map(function (item) {
          return item.reference;
        });
    }

    function renderBulkCount() {
      var count = markedReferences().length;
      $("bulk-count").textContent = fmt("bulk_selected", { count: count });
      var all = $("select-all");
      all.checked = items.length > 0 && count === items.length;
      all.indeterminate = count > 0 && count < items.length;
    }

    function renderItem(item, index) {
      var row = el("li", "queue-item");
      row.id = "item-" + item.reference;
      row.setAttribute("data-reference", item.reference);
      if (index === selected) {
        row.setAttribute("aria-current", "true");
        row.classList.add("is-current");
      }
      var head = el("p", "item-head");
      var box = el("input", "item-select");
      box.type = "checkbox";
      box.id = "select-" + item.reference;
      box.checked = !!marked[item.reference];
      box.setAttribute("aria-label", fmt("select_item", { reference: item.reference }));
      box.addEventListener("change", function () {
        marked[item.reference] = box.checked;
        selected = index;
        renderBulkCount();
      });
      head.appendChild(box);
      head.appendChild(link(itemUrl(item.reference), item.reference, "item-link item-reference"));
      if (item.urgent) head.appendChild(el("strong", "badge badge-urgent", T.urgent));
      var status = el("span", "badge item-status", label("status", item.status));
      status.setAttribute("data-status", item.status);
      head.appendChild(status);
      if (item.attention) head.appendChild(el("span", "badge badge-attention", T.attention));
      if (item.needs_translation) head.appendChild(el("span", "badge badge-translate", T.needs_translation));
      if (item.text_language && item.text_language !== "sv") {
        var code = el("span", "badge item-language", item.text_language);
        code.title = fmt("language_code", { language: label("language", item.text_language) });
        head.appendChild(code);
      }
      head.appendChild(el("span", "item-area", item.area));
      head.appendChild(el("span", "item-received", when(item.received_at)));
      row.appendChild(head);
      var category = el("p", "item-category");
      category.appendChild(el("span", "item-category-label", label("category", item.effective_category)));
      var suggestion = item.suggestion || {};
      if (!item.category && suggestion.category) {
        var words = (suggestion.words || []).join(", ");
        category.appendChild(
          el(
            "span",
            "suggestion",
            " (" + T.suggested + ": " + label("category", suggestion.category) + (words ? "; " + T.words + ": " + words : "") + ")"
          )
        );
      }
      row.appendChild(category);
      if (item.urgent && item.urgency_words && item.urgency_words.length) {
        row.appendChild(el("p", "urgency-words", T.urgency_words + ": " + item.urgency_words.join(", ")));
      }
      row.appendChild(freeText("p", "item-excerpt", item.excerpt));
      if (rejecting === item.reference) row.appendChild(rejectForm);
      row.addEventListener("click", function (event) {
        if (/^(INPUT|A|BUTTON|LABEL)$/.test(event.target.tagName)) return;
        select(index, false);
      });
      return row;
    }

    function render() {
      // The reason form moves with its row; typing in it must survive a redraw.
      var typing = rejectForm.contains(document.activeElement) ? document.activeElement : null;
      list.textContent = "";
      if (rejecting && !items.some(function (item) {
        return item.reference === rejecting;
      })) {
        closeReject(false);
      }
      items.forEach(function (item, index) {
        list.appendChild(renderItem(item, index));
      });
      if (!items.length) list.appendChild(el("li", "empty", T.queue_empty));
      renderBulkCount();
      if (typing && rejecting) typing.focus();
    }

    function select(index, focus) {
      if (!items.length) return;
      selected = Math.max(0, Math.min(items.length - 1, index));
      render();
      var row = $("item-" + items[selected].reference);
      if (!row) return;
      row.scrollIntoView({ block: "nearest" });
      if (focus !== false) row.querySelector(".item-link").focus();
    }

    function current() {
      return items[selected];
    }

    function replace(updated, etag) {
      if (etag) updated.etag = etag;
      items = items.map(function (item) {
        return item.reference === updated.reference ? updated : item;
      });
      render();
    }

    /* One write on one item with its ETag; resolves to the API's result. */
    function send(item, method, path, body) {
      return api(method, "/api/v1/queue/" + encodeURIComponent(item.reference) + path, body, item.etag).then(
        function (result) {
          if (result.ok) replace(result.data, result.etag);
          return result;
        }
      );
    }

    /* One action on the current item (or the given one); resolves to true when it was done. */
    function act(method, path, body, done, target) {
      var item = target || current();
      if (!item || busy) return Promise.resolve(false);
      busy = true;
      setStatus(T.saving);
      return send(item, method, path, body)
        .then(function (result) {
          if (result.status === 412) {
            setStatus(fmt("changed_meanwhile", { reference: item.reference }), "error");
            load();
          } else if (!result.ok) {
            setStatus(item.reference + ": " + errorText(result), "error");
          } else {
            if (rejecting === item.reference) closeReject(false);
            setStatus(done(result.data));
            var row = $("item-" + item.reference);
            if (row) row.querySelector(".item-link").focus();
            return true;
          }
          return false;
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

    // --- r: the reason for rejecting, asked in a form inside the row (no window.prompt) -----

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
      if (rejectForm.parentNode) rejectForm.parentNode.removeChild(rejectForm);
      var row = reference && $("item-" + reference);
      if (refocus && row) row.querySelector(".item-link").focus();
    }

    rejectForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = rejectReason.value.trim();
      var item = items.filter(function (candidate) {
        return candidate.reference === rejecting;
      })[0];
      if (!item) return;
      if (!reason) {
        markInvalid(rejectReason, true);
        setStatus(T.bulk_need_reason, "error");
        rejectReason.focus();
        return;
      }
      act("POST", "/reject", { reason: reason }, function (done) {
        return fmt("done_reject", { reference: done.reference });
      }, item);
    });
    rejectForm.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.preventDefault();
      closeReject(true);
      setStatus(T.reject_cancelled);
    });
    rejectForm.querySelector("#row-reject-cancel").addEventListener("click", function () {
      closeReject(true);
      setStatus(T.reject_cancelled);
    });

    function setCategory(number) {
      var category = categories[number - 1];
      if (!category) {
        setStatus(fmt("no_such_number", { number: number }), "error");
        return;
      }
      act("PATCH", "", { category: category.code }, function (item) {
        return fmt("done_category", { reference: item.reference, label: category.label });
      });
    }

    function endCategoryMode(commit) {
      var digits = categoryDigits;
      categoryDigits = null;
      window.clearTimeout(categoryTimer);
      $("category-mode").hidden = true;
      if (commit && digits) setCategory(parseInt(digits, 10));
    }

    function typeCategoryDigit(digit) {
      categoryDigits += digit;
      var number = parseInt(categoryDigits, 10);
      // Wait for a second digit only while a longer number could still follow (1 -> 10, 11...).
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

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) return;
      var key = event.key;
      if (categoryDigits !== null) {
        event.preventDefault();
        if (/^[0-9]$/.test(key)) typeCategoryDigit(key);
        else if (key === "Enter") endCategoryMode(true);
        else endCategoryMode(false);
        return;
      }
      // Outside the list, only Enter on a link keeps its own meaning.
      if (key === "j") select(selected + 1);
      else if (key === "k") select(selected - 1);
      else if (key === "x") toggleMark();
      else if (key === "c" && items.length) {
        categoryDigits = "";
        $("category-mode").textContent = T.category_mode;
        $("category-mode").hidden = false;
      } else if (key === "q") {
        act("POST", "/queue", {}, function (item) {
          return fmt("done_queue", { reference: item.reference });
        });
      } else if (key === "r") {
        openReject();
      } else if (key === "Enter" && current() && (!target || target.tagName !== "A" || list.contains(target))) {
        window.location.assign(itemUrl(current().reference));
      } else return;
      event.preventDefault();
    });

    // --- bulk: the per-item API calls, one after another, each with its item's ETag --------

    function bulk(method, path, body, check) {
      var references = markedReferences();
      if (!references.length) {
        setStatus(T.bulk_none, "error");
        return;
      }
      if (check && !check()) return;
      if (busy) return;
      busy = true;
      var failures = [];
      var ok = 0;
      var stale = false;
      var done = 0;
      var chain = Promise.resolve();
      references.forEach(function (reference) {
        chain = chain.then(function () {
          var item = items.filter(function (candidate) {
            return candidate.reference === reference;
          })[0];
          setStatus(fmt("bulk_running", { done: done, count: references.length }));
          return send(item, method, path, body).then(function (result) {
            done += 1;
            if (result.ok) {
              ok += 1;
              marked[reference] = false;
            } else if (result.status === 412) {
              stale = true;
              failures.push(fmt("bulk_failed_one", { reference: reference, message: T.bulk_stale }));
            } else {
              failures.push(fmt("bulk_failed_one", { reference: reference, message: errorText(result) }));
            }
          });
        });
      });
      chain
        .then(function () {
          var message = fmt("bulk_result", { ok: ok, count: references.length });
          setStatus(failures.length ? message + " " + failures.join(" · ") : message, failures.length ? "error" : null);
          render();
          if (stale) load(true);
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
    $("bulk-apply-category").addEventListener("click", function () {
      var code = $("bulk-category").value;
      bulk("PATCH", "", { category: code }, function () {
        if (code) return true;
        setStatus(T.choose, "error");
        $("bulk-category").focus();
        return false;
      });
    });
    $("bulk-queue").addEventListener("click", function () {
      bulk("POST", "/queue", {});
    });
    $("bulk-archive").addEventListener("click", function () {
      bulk("POST", "/archive", {});
    });
    $("bulk-reject").addEventListener("click", function () {
      var reason = $("bulk-reason").value.trim();
      bulk("POST", "/reject", { reason: reason }, function () {
        if (reason) return true;
        setStatus(T.bulk_need_reason, "error");
        $("bulk-reason").focus();
        return false;
      });
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
      $("queue-counts").textContent = fmt("queue_counts", { counts: parts.join(", ") || "0" });
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

  // --- one item ------------------------------------------------------------------------------

  function initItem() {
    var reference = DATA.reference;
    var base = "/api/v1/queue/" + encodeURIComponent(reference);
    var item = null;
    var etag = null;
    var busy = false;

    function renderFacts() {
      var facts = $("item-facts");
      facts.textContent = "";
      appendFact(facts, T.fact_status, label("status", item.status));
      appendFact(facts, T.fact_kind, item.kind === "tip" ? T.kind_tip : T.kind_observation);
      appendFact(facts, T.fact_area, item.area);
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
      var badges = $("item-badges");
      badges.textContent = "";
      if (item.urgent) badges.appendChild(el("strong", "badge badge-urgent", T.urgent));
      var status = el("span", "badge item-status", label("status", item.status));
      status.setAttribute("data-status", item.status);
      badges.appendChild(status);
      if (item.attention) badges.appendChild(el("span", "badge badge-attention", T.attention));
    }

    function renderCategory() {
      $("resident-category").textContent = item.resident_category ? label("category", item.resident_category) : "–";
      var suggestion = item.suggestion || {};
      $("machine-category").textContent = suggestion.category
        ? label("category", suggestion.category) +
          (suggestion.confidence !== null && suggestion.confidence !== undefined
            ? " (" + fmt("confidence", { percent: Math.round(suggestion.confidence * 100) }) + ")"
            : "")
        : "–";
      $("machine-words").textContent = (suggestion.words || []).join(", ") || "–";
      var urgent = item.urgency_words && item.urgency_words.length;
      $("urgency-words-label").hidden = !urgent;
      $("urgency-words").hidden = !urgent;
      $("urgency-words").textContent = urgent ? item.urgency_words.join(", ") : "";
      $("category-select").value = item.category || "";
      $("priority-input").value = item.priority === null || item.priority === undefined ? "" : item.priority;
    }

    function renderEntries(listId, entries, emptyText, who) {
      var list = $(listId);
      list.textContent = "";
      entries.forEach(function (entry) {
        var row = el("li", "entry");
        row.appendChild(el("p", "entry-meta", who(entry) + " · " + when(entry.created_at || entry.sent_at)));
        row.appendChild(freeText("p", "entry-body", entry.body));
        list.appendChild(row);
      });
      if (!entries.length) list.appendChild(el("li", "empty", emptyText));
    }

    function renderActions() {
      ["queue", "unqueue", "reopen", "archive"].forEach(function (action) {
        $("act-" + action).hidden = !allowed(action, item.status);
      });
      $("reject-form").hidden = !allowed("reject", item.status);
      // An erased item has no text left to redact.
      $("redact-form").hidden = !!item.erased_at;
      $("act-share").textContent = item.shared_with_partners ? T.act_unshare : T.act_share;
      $("act-share").setAttribute("aria-pressed", item.shared_with_partners ? "true" : "false");
      $("act-share").setAttribute("aria-expanded", $("share-form").hidden ? "false" : "true");
      if (item.shared_with_partners) $("share-form").hidden = true;
    }

    function render() {
      $("item").hidden = false;
      renderFacts();
      $("item-text").textContent = item.text;
      $("item-text").hidden = !!item.erased_at && !item.text;
      $("item-translate").hidden = !item.needs_translation;
      $("item-erased").hidden = !item.erased_at;
      $("item-erased").textContent = item.erased_at ? fmt("erased_note", { when: when(item.erased_at) }) : "";
      $("item-redacted").hidden = !item.redacted;
      $("item-original").hidden = !item.original_text;
      $("item-original-text").textContent = item.original_text || "";
      if (!$("redact-text").value) $("redact-text").value = item.text;
      renderCategory();
      renderEntries("notes", item.notes || [], T.no_notes, function (note) {
        return note.author;
      });
      var isTip = item.kind === "tip";
      $("message-form").hidden = !isTip;
      $("messages-only-tips").hidden = isTip;
      // Answer in the tipster's language: say which one they wrote in, when it is not Swedish.
      var written = item.text_language;
      $("message-language").hidden = !isTip || !written || written === "sv" || written === "und";
      $("message-language").textContent = fmt("message_language_hint", { language: label("language", written) });
      renderEntries("messages", item.messages || [], T.no_messages, function (message) {
        return message.sender === "resident" ? T.sender_resident : T.sender_staff;
      });
      renderActions();
      renderSimilarButtons();
    }

    function load() {
      return api("GET", base)
        .then(function (result) {
          if (!result.ok) {
            setStatus(errorText(result), "error");
            return false;
          }
          item = result.data;
          etag = result.etag;
          $("redact-text").value = "";
          render();
          return true;
        })
        .catch(unreachable);
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
              setStatus(fmt("changed_meanwhile", { reference: reference }), "error");
              return false;
            });
          }
          if (!result.ok) {
            setStatus(errorText(result), "error");
            return false;
          }
          if (result.etag) etag = result.etag;
          setStatus(done(result.data));
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

    $("category-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var code = $("category-select").value;
      if (!code) return;
      write("PATCH", "", { category: code }, update(T.saved));
    });
    $("priority-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var raw = $("priority-input").value.trim();
      write("PATCH", "", { priority: raw === "" ? null : parseInt(raw, 10) }, update(T.saved));
    });
    ["queue", "unqueue", "reopen", "archive"].forEach(function (action) {
      var button = $("act-" + action);
      button.addEventListener("click", function () {
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
      $("share-form").hidden = true;
      $("act-share").setAttribute("aria-expanded", "false");
      if (message) setStatus(message);
      $("act-share").focus();
    }
    $("act-share").addEventListener("click", function () {
      if (!item) return;
      if (item.shared_with_partners) {
        write("POST", "/share", { shared: false }, function (data) {
          item = data;
          render();
          return fmt("done_unshare", { reference: reference });
        });
        return;
      }
      if (!$("share-form").hidden) {
        closeShare(T.share_cancelled);
        return;
      }
      $("share-form").hidden = false;
      $("act-share").setAttribute("aria-expanded", "true");
      markInvalid($("share-summary"), false);
      $("share-summary").focus();
    });
    $("share-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var summary = $("share-summary").value.trim();
      if (!summary) {
        markInvalid($("share-summary"), true);
        setStatus(T.share_need_summary, "error");
        $("share-summary").focus();
        return;
      }
      write("POST", "/share", { shared: true, partner_summary: summary }, function (data) {
        item = data;
        $("share-summary").value = "";
        $("share-form").hidden = true;
        render();
        return fmt("done_share", { reference: reference });
      });
    });
    $("share-cancel").addEventListener("click", function () {
      closeShare(T.share_cancelled);
    });
    $("share-form").addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.preventDefault();
      closeShare(T.share_cancelled);
    });
    $("reject-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = $("reject-reason").value.trim();
      if (!reason) {
        setStatus(T.empty_field, "error");
        return;
      }
      write("POST", "/reject", { reason: reason }, function (data) {
        item = data;
        $("reject-reason").value = "";
        render();
        return fmt("done_reject", { reference: reference });
      });
    });
    /* Erasing asks for a reason and a ticked "cannot be undone", then shows the item as it
       is left: the answer holds only counts, so the item is read again. */
    $("erase-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var reasonField = $("erase-reason");
      var confirmBox = $("erase-confirm");
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
      }).then(function (answer) {
        if (!answer) return;
        $("erase-form").reset();
        return Promise.all([load(), loadPhotos()]).then(function () {
          setStatus(fmt("done_erase", { reference: reference }));
          $("text-heading").scrollIntoView({ block: "start" });
        });
      }).catch(unreachable);
    });
    $("redact-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var text = $("redact-text").value.trim();
      var reason = $("redact-reason").value.trim();
      if (!text || !reason) {
        setStatus(T.empty_field, "error");
        return;
      }
      write("POST", "/redact", { text: text, reason: reason }, function (data) {
        item = data;
        $("redact-reason").value = "";
        render();
        return T.saved;
      });
    });

    /* Notes and messages answer with the item's new ETag (they change its version). */
    function addEntry(formId, fieldId, path, listKey, done) {
      $(formId).addEventListener("submit", function (event) {
        event.preventDefault();
        var body = $(fieldId).value.trim();
        if (!body) {
          setStatus(T.empty_field, "error");
          $(fieldId).focus();
          return;
        }
        write("POST", path, { body: body }, function (entry) {
          item[listKey] = (item[listKey] || []).concat([entry]);
          $(fieldId).value = "";
          render();
          return done;
        });
      });
    }
    addEntry("note-form", "note-body", "/notes", "notes", T.done_note);
    addEntry("message-form", "message-body", "/messages", "messages", T.done_message);

    var similar = [];

    function renderSimilarButtons() {
      var may = allowed("duplicate", item.status);
      Array.prototype.forEach.call(document.querySelectorAll(".merge-button"), function (button) {
        button.hidden = !may;
      });
    }

    function renderSimilar() {
      var list = $("similar");
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
      return api("GET", base + "/photos").then(function (result) {
        var list = $("photos");
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

    setStatus(T.loading);
    load().then(function (found) {
      if (!found) return;
      setStatus("");
      Promise.all([
        loadPhotos(),
        api("GET", base + "/similar").then(function (result) {
          similar = result.ok ? result.data.items : [];
          renderSimilar();
        }),
      ]).catch(unreachable);
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
        status: report.status,
      });
      $("report-link").href = "/reports/" + encodeURIComponent(report.id) + ".html?lang=" + LANG;
      var numbers = $("report-numbers");
      numbers.textContent = "";
      content.focus_areas.forEach(function (group) {
        var row = el("tr");
        var head = el("th", null, LANG === "en" ? group.label_en || group.label_sv : group.label_sv);
        head.setAttribute("scope", "row");
        row.appendChild(head);
        row.appendChild(el("td", null, group.count));
        numbers.appendChild(row);
      });
      var list = $("report-items");
      list.textContent = "";
      content.items.forEach(function (item) {
        var row = el("li");
        row.appendChild(link(itemUrl(item.reference), item.reference));
        row.appendChild(
          document.createTextNode(" · " + label("category", item.category) + (item.place ? " · " + item.place : ""))
        );
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
        row.appendChild(el("td", null, walk.area));
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
      appendFact(facts, T.walk_area_col, walk.area + " · " + walk.organisation);
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
        if (!action.item && !action.walk) source.textContent = action.area;
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

  var pages = {
    queue: initQueue,
    item: initItem,
    report: initReport,
    walks: initWalks,
    walk: initWalk,
    actions: initActions,
  };
  if (pages[page]) pages[page]();
})();
