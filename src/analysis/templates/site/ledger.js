// The ledger explorer: search, filter and sort the claims, stations and events of window.LEDGER
// (ledger-data.js, written by `make site`). Plain script, no library, nothing loaded from elsewhere.
(function () {
  "use strict";
  var D = window.LEDGER;
  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function get(table, name, i) {
    var c = table.columns[name];
    return c.raw ? c.raw[i] : c.values[c.codes[i]];
  }
  function page(sourceId, where) {
    var p = D.pages[sourceId];
    if (!p) { return esc(sourceId); }
    var n = D.cited[sourceId];
    return (n ? '<a href="evidence.html#source-' + n + '">[' + n + "]</a> " : "") +
      '<a href="' + esc(p[3]) + '" lang="' + esc(p[4]) + '">' + esc(p[0]) + "</a> <small>" + esc(p[1]) +
      (p[2] ? ", " + esc(p[2]) : "") + (where ? "; " + esc(where) : "") + "</small>";
  }
  function figures(list) {
    if (!list || !list.length) { return ""; }
    return "<ul class=\"feeds\">" + list.map(function (f) {
      return '<li><a href="evidence.html#' + esc(f[0]) + '">' + esc(f[1]) + "</a> <small>" + esc(f[2]) + "</small></li>";
    }).join("") + "</ul>";
  }
  function shownDate(day, by) { return day ? esc(day) : (by ? "by " + esc(by) : "undated"); }

  var KINDS = {
    claims: {
      search: ["claim_id", "source_id", "claimant", "report_id", "scope", "value_text", "class", "reason", "locator", "country"],
      date: "dated_by",
      columns: [
        { key: "claim_id", label: "Claim", head: true },
        { key: "value_text", label: "As written", cell: function (t, i) {
          return '<span lang="' + esc(get(t, "language", i) || "en") + '">' + esc(get(t, "value_text", i)) + "</span>"; } },
        { key: "claimant", label: "Who" },
        { key: "report_id", label: "Report" },
        { key: "scope", label: "Scope", cell: function (t, i) { return esc(get(t, "scope_type", i)) + ": " + esc(get(t, "scope", i)); } },
        { key: "dated_by", label: "Date" },
        { key: "class", label: "Class and reason", cell: function (t, i) {
          var r = get(t, "reason", i); return esc(get(t, "class", i)) + (r ? "<br><small>" + esc(r) + "</small>" : ""); } },
        { key: "source_id", label: "Page (where on it)", cell: function (t, i) { return page(get(t, "source_id", i), get(t, "locator", i)); } },
        { key: "", label: "Figures it feeds", cell: function (t, i) { return figures(D.claimFigures[get(t, "claim_id", i)]); } }
      ]
    },
    stations: {
      search: ["station_id", "country", "city", "bureau", "first_report", "status_now", "status_now_by", "pages"],
      columns: [
        { key: "station_id", label: "Station", head: true },
        { key: "country", label: "Country" },
        { key: "city", label: "City" },
        { key: "location_precision", label: "Located to" },
        { key: "bureau", label: "Bureau" },
        { key: "first_report", label: "First report" },
        { key: "status_now", label: "Latest step", cell: function (t, i) {
          var by = get(t, "status_now_by", i), day = get(t, "status_now_date", i);
          return esc(get(t, "status_now", i)) + (day ? " <small>" + esc(day) + "</small>" : "") + (by ? "<br><small>" + esc(by) + "</small>" : ""); } },
        { key: "", label: "Pages (where on them)", cell: function (t, i) {
          var list = get(t, "pages", i); if (!list) { return ""; }
          return "<ul>" + list.split(";").map(function (s) { var p = s.split("|"); return "<li>" + page(p[0], p[1]) + "</li>"; }).join("") + "</ul>"; } },
        { key: "", label: "Figures it feeds", cell: function () { return figures(D.stationFigures); } }
      ]
    },
    events: {
      search: ["event_id", "country", "action", "actor", "stations_or_city", "source_ids"],
      date: "dated_by",
      columns: [
        { key: "event_id", label: "Event", head: true },
        { key: "country", label: "Country" },
        { key: "action", label: "Action" },
        { key: "dated_by", label: "Date", cell: function (t, i) { return shownDate(get(t, "event_date", i), get(t, "dated_by", i)); } },
        { key: "actor", label: "Who acted" },
        { key: "stations_or_city", label: "Stations or city" },
        { key: "", label: "Pages", cell: function (t, i) {
          return "<ul>" + get(t, "source_ids", i).split(";").filter(Boolean).map(function (s) { return "<li>" + page(s, "") + "</li>"; }).join("") + "</ul>"; } },
        { key: "", label: "Figures it feeds", cell: function (t, i) { return figures(D.eventFigures[get(t, "action", i)]); } }
      ]
    }
  };

  // Lower-case text of a column, per distinct value (coded columns) or per row (the others), built once.
  function haystack(table, name) {
    var c = table.columns[name];
    if (!c.lower) {
      var text = function (v) { var p = name === "source_id" && D.pages[v]; return (v + (p ? " " + p[0] + " " + p[1] : "")).toLowerCase(); };
      c.lower = (c.raw || c.values).map(text);
    }
    return c.lower;
  }

  function Explorer(kind) {
    var spec = KINDS[kind], table = D[kind], form = document.querySelector('form[data-explorer="' + kind + '"]');
    var status = document.getElementById(kind + "-status"), more = document.getElementById(kind + "-more");
    var thead = document.querySelector("#" + kind + "-table thead"), tbody = document.querySelector("#" + kind + "-table tbody");
    var query = document.getElementById(kind + "-q"), from = document.getElementById(kind + "-from"), to = document.getElementById(kind + "-to");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var sortKey = "", sortUp = true, shown = D.pageSize, matches = [];

    selects.forEach(function (select) {
      var c = table.columns[select.dataset.column];
      var values = (c.raw ? Array.from(new Set(c.raw)) : c.values.slice()).filter(Boolean).sort(collator.compare);
      select.insertAdjacentHTML("beforeend", values.map(function (v) { return '<option value="' + esc(v) + '">' + esc(v) + "</option>"; }).join(""));
    });
    thead.innerHTML = "<tr>" + spec.columns.map(function (col) {
      return '<th scope="col"' + (col.key ? ' data-key="' + col.key + '"' : "") + ">" +
        (col.key ? '<button type="button">' + esc(col.label) + "</button>" : esc(col.label)) + "</th>";
    }).join("") + "</tr>";
    thead.addEventListener("click", function (event) {
      var th = event.target.closest("th[data-key]");
      if (!th) { return; }
      sortUp = sortKey === th.dataset.key ? !sortUp : true;
      sortKey = th.dataset.key;
      Array.prototype.forEach.call(thead.querySelectorAll("th[data-key]"), function (h) {
        if (h === th) { h.setAttribute("aria-sort", sortUp ? "ascending" : "descending"); } else { h.removeAttribute("aria-sort"); }
      });
      sort();
      render();
    });

    function filter() {
      var n = table.length, keep = new Uint8Array(n).fill(1), q = query.value.trim().toLowerCase();
      selects.forEach(function (select) {
        if (!select.value) { return; }
        var c = table.columns[select.dataset.column], i;
        if (c.raw) { for (i = 0; i < n; i++) { if (c.raw[i] !== select.value) { keep[i] = 0; } } }
        else { var code = c.values.indexOf(select.value); for (i = 0; i < n; i++) { if (c.codes[i] !== code) { keep[i] = 0; } } }
      });
      if (spec.date && ((from && from.value) || (to && to.value))) {
        for (var d = 0; d < n; d++) {
          if (!keep[d]) { continue; }
          var day = get(table, spec.date, d);
          if (!day || (from.value && day < from.value.slice(0, day.length)) || (to.value && day > to.value.slice(0, day.length))) { keep[d] = 0; }
        }
      }
      if (q) {
        var words = q.split(/\s+/);
        words.forEach(function (word) {
          var hit = new Uint8Array(n);
          spec.search.forEach(function (name) {
            var c = table.columns[name], text = haystack(table, name), i;
            if (c.raw) { for (i = 0; i < n; i++) { if (keep[i] && !hit[i] && text[i].indexOf(word) !== -1) { hit[i] = 1; } } }
            else {
              var good = text.map(function (t) { return t.indexOf(word) !== -1; });
              for (i = 0; i < n; i++) { if (keep[i] && !hit[i] && good[c.codes[i]]) { hit[i] = 1; } }
            }
          });
          for (var i = 0; i < n; i++) { keep[i] = keep[i] && hit[i]; }
        });
      }
      matches = [];
      for (var r = 0; r < n; r++) { if (keep[r]) { matches.push(r); } }
      sort();
      shown = D.pageSize;
      render();
    }
    function sort() {
      if (!sortKey) { return; }
      var c = table.columns[sortKey], sign = sortUp ? 1 : -1;
      if (c.raw) { matches.sort(function (a, b) { return sign * collator.compare(c.raw[a], c.raw[b]) || a - b; }); }
      else {
        var rank = c.values.map(function (v, i) { return i; }).sort(function (a, b) { return collator.compare(c.values[a], c.values[b]); });
        var position = new Int32Array(rank.length); rank.forEach(function (code, p) { position[code] = p; });
        matches.sort(function (a, b) { return sign * (position[c.codes[a]] - position[c.codes[b]]) || a - b; });
      }
    }
    function render() {
      var rows = matches.slice(0, shown).map(function (i) {
        return "<tr>" + spec.columns.map(function (col) {
          var content = col.cell ? col.cell(table, i) : esc(get(table, col.key, i));
          return col.head ? '<th scope="row">' + content + "</th>" : "<td>" + content + "</td>";
        }).join("") + "</tr>";
      });
      tbody.innerHTML = rows.join("");
      status.textContent = matches.length + " of " + table.length + " " + kind + " match" +
        (matches.length > shown ? "; showing the first " + shown : "") + ".";
      more.hidden = matches.length <= shown;
    }
    more.addEventListener("click", function () { shown += D.pageSize; render(); });
    form.addEventListener("input", filter);
    form.addEventListener("change", filter);
    form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
    form.addEventListener("reset", function () { setTimeout(filter, 0); });
    return { filter: filter, query: query };
  }

  var explorers = {};
  Object.keys(KINDS).forEach(function (kind) { if (document.querySelector('form[data-explorer="' + kind + '"]')) { explorers[kind] = Explorer(kind); } });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked && explorers.claims) { explorers.claims.query.value = asked; }
  Object.keys(explorers).forEach(function (kind) { explorers[kind].filter(); });
  document.body.setAttribute("data-ready", "true");
})();
