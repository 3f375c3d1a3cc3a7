/* The staff console: the queue (/staff) and the next report (/staff/report).
 *
 * Plain script, no build step. It talks to our own JSON API with the session cookie
 * (credentials: "same-origin") and sends the page's CSRF token on every write.
 */
(function () {
  "use strict";

  var page = document.body.getAttribute("data-page");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var textsElement = document.getElementById("console-texts");
  var T = textsElement ? JSON.parse(textsElement.textContent) : {};

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(message, kind) {
    var node = $(page === "report" ? "report-status" : "queue-status");
    if (!node) return;
    node.textContent = message || "";
    node.classList.toggle("is-error", kind === "error");
  }

  /* fetch with our conventions; resolves to {ok, status, data, etag}. */
  function api(method, url, body) {
    var headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = CSRF;
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
    return error ? error.message : "The request failed (" + result.status + ").";
  }

  // --- the queue -----------------------------------------------------------------------------

  function initQueue() {
    var list = $("queue-list");
    var categories = T.categories || [];
    var labels = {};
    categories.forEach(function (category) {
      labels[category.code] = category.label;
    });
    var items = [];
    var selected = 0;
    var categoryDigits = null; // digits typed after "c", or null outside category mode
    var categoryTimer = null;
    var busy = false;

    function categoryLabel(code) {
      return labels[code] || code || "—";
    }

    function renderItem(item, index) {
      var row = el("li", "queue-item");
      row.id = "item-" + item.reference;
      row.setAttribute("role", "option");
      row.setAttribute("data-reference", item.reference);
      row.setAttribute("aria-selected", index === selected ? "true" : "false");
      var head = el("p", "item-head");
      if (item.urgent) head.appendChild(el("strong", "badge badge-urgent", "URGENT"));
      head.appendChild(el("span", "item-reference", item.reference));
      head.appendChild(el("span", "badge item-status", item.status));
      row.appendChild(head);
      var category = el("p", "item-category");
      category.appendChild(el("span", "item-category-label", categoryLabel(item.effective_category)));
      var suggestion = item.suggestion || {};
      if (!item.category && suggestion.category) {
        var words = (suggestion.words || []).join(", ");
        category.appendChild(
          el(
            "span",
            "suggestion",
            " (suggested: " + categoryLabel(suggestion.category) + (words ? "; words: " + words : "") + ")"
          )
        );
      }
      row.appendChild(category);
      if (item.urgent && item.urgency_words && item.urgency_words.length) {
        row.appendChild(el("p", "urgency-words", "Urgency words: " + item.urgency_words.join(", ")));
      }
      row.appendChild(el("p", "item-excerpt", item.excerpt));
      row.addEventListener("click", function () {
        select(index);
      });
      return row;
    }

    function render() {
      list.textContent = "";
      items.forEach(function (item, index) {
        list.appendChild(renderItem(item, index));
      });
      if (!items.length) list.appendChild(el("li", "empty", "The queue is empty."));
      if (items.length) list.setAttribute("aria-activedescendant", "item-" + items[selected].reference);
    }

    function select(index) {
      if (!items.length) return;
      selected = Math.max(0, Math.min(items.length - 1, index));
      render();
      var row = $("item-" + items[selected].reference);
      if (row) row.scrollIntoView({ block: "nearest" });
    }

    function current() {
      return items[selected];
    }

    function replace(updated) {
      items = items.map(function (item) {
        return item.reference === updated.reference ? updated : item;
      });
      render();
    }

    function act(method, path, body, done) {
      var item = current();
      if (!item || busy) return;
      busy = true;
      setStatus("Saving " + item.reference + "…");
      api(method, "/api/v1/queue/" + encodeURIComponent(item.reference) + path, body)
        .then(function (result) {
          if (!result.ok) {
            setStatus(item.reference + ": " + errorText(result), "error");
            return;
          }
          replace(result.data);
          setStatus(done(result.data));
        })
        .catch(function () {
          setStatus("The server could not be reached.", "error");
        })
        .then(function () {
          busy = false;
        });
    }

    function setCategory(number) {
      var category = categories[number - 1];
      if (!category) {
        setStatus("No category has the number " + number + ".", "error");
        return;
      }
      act("PATCH", "", { category: category.code }, function (item) {
        return item.reference + ": category " + category.label + ".";
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
        $("category-mode").textContent = "Category: " + categoryDigits + "…";
        window.clearTimeout(categoryTimer);
        categoryTimer = window.setTimeout(function () {
          endCategoryMode(true);
        }, 1000);
      }
    }

    function openItem() {
      var item = current();
      if (!item) return;
      api("GET", "/api/v1/queue/" + encodeURIComponent(item.reference)).then(function (result) {
        if (!result.ok) {
          setStatus(errorText(result), "error");
          return;
        }
        var detail = result.data;
        $("detail").hidden = false;
        $("detail-heading").textContent = detail.reference;
        $("detail-meta").textContent =
          categoryLabel(detail.effective_category) + " · " + detail.status + (detail.place ? " · " + detail.place : "");
        $("detail-text").textContent = detail.text;
        $("detail-heading").focus();
      });
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
      if (key === "j") select(selected + 1);
      else if (key === "k") select(selected - 1);
      else if (key === "c" && items.length) {
        categoryDigits = "";
        $("category-mode").textContent = "Category: type a number…";
        $("category-mode").hidden = false;
      } else if (key === "q") {
        act("POST", "/queue", {}, function (item) {
          return item.reference + " is queued for the next report.";
        });
      } else if (key === "r") {
        var item = current();
        if (!item) return;
        var reason = window.prompt("Why reject " + item.reference + "?");
        if (!reason || !reason.trim()) return;
        act("POST", "/reject", { reason: reason.trim() }, function (done) {
          return done.reference + " is rejected.";
        });
      } else if (key === "Enter") openItem();
      else return;
      event.preventDefault();
    });

    setStatus("Loading…");
    api("GET", "/api/v1/queue?status=new,triaged,queued&limit=100").then(function (result) {
      if (!result.ok) {
        setStatus(errorText(result), "error");
        return;
      }
      items = result.data.items;
      render();
      setStatus(items.length + " items.");
      list.focus();
    });
  }

  // --- the next report -----------------------------------------------------------------------

  function initReport() {
    var areas = T.areas || [];
    var report = null;
    if (!areas.length) {
      setStatus("Your organisation has no areas.", "error");
      return;
    }

    function show(content) {
      report = content.report;
      $("report").hidden = false;
      $("report-heading").textContent = "Report " + report.number;
      $("report-meta").textContent =
        report.period.start + " – " + report.period.last_day + " · meeting " + report.meeting_on + " · " + report.status;
      $("report-link").href = "/reports/" + encodeURIComponent(report.id) + ".html?lang=en";
      var numbers = $("report-numbers");
      numbers.textContent = "";
      content.focus_areas.forEach(function (group) {
        var row = el("tr");
        row.appendChild(el("th", null, group.label_en || group.label_sv)).setAttribute("scope", "row");
        row.appendChild(el("td", null, group.count));
        numbers.appendChild(row);
      });
      var list = $("report-items");
      list.textContent = "";
      content.items.forEach(function (item) {
        list.appendChild(el("li", null, item.reference + " · " + item.category + (item.place ? " · " + item.place : "")));
      });
      if (!content.items.length) list.appendChild(el("li", "empty", "No items are queued."));
      setStatus(content.items.length + " items in the draft.");
    }

    $("publish").addEventListener("click", function () {
      if (!report) return;
      if (!window.confirm("Publish report " + report.number + "? It cannot be changed afterwards.")) return;
      $("publish").disabled = true;
      api("POST", "/api/v1/reports/" + encodeURIComponent(report.id) + "/publish", {}).then(function (result) {
        if (!result.ok) {
          $("publish").disabled = false;
          setStatus(errorText(result), "error");
          return;
        }
        $("report-meta").textContent = "Published " + result.data.published_at;
        setStatus("Report " + result.data.number + " is published.");
      });
    });

    api("GET", "/api/v1/reports/next?area=" + encodeURIComponent(areas.join(","))).then(function (result) {
      if (!result.ok) {
        setStatus(errorText(result), "error");
        return;
      }
      show(result.data);
    });
  }

  if (page === "queue") initQueue();
  else if (page === "report") initReport();
})();
