// The class report's script. The page is complete without it; it adds
// sorting the grid by a column, filtering the students by name, opening
// every detail before printing, and reads ?sort=KEY&dir=asc|desc&filter=TEXT
// so that a view can be bookmarked. It fetches nothing.
(function () {
  "use strict";
  var doc = document;
  var table = doc.getElementById("grid-table");
  var controls = doc.getElementById("controls");
  if (!table || !controls) {
    return;
  }
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var lang = doc.documentElement.lang || "en";
  var statusRank = { "pass": 5, "partial": 4, "timeout": 3, "error": 2, "compile-error": 1, "not-graded": 0 };

  function rows() {
    return Array.prototype.slice.call(tbody.rows);
  }

  // The value a row is sorted by in column col.
  function keyOf(row, col, key) {
    if (key === "name") {
      return row.getAttribute("data-name") || "";
    }
    var cell = row.cells[col];
    var points = Number(cell.getAttribute("data-points")) || 0;
    var max = Number(cell.getAttribute("data-max")) || 0;
    var share = max > 0 ? points / max : 0;
    var rank = statusRank[cell.getAttribute("data-status")];
    return [share, rank === undefined ? 5 : rank, points];
  }

  function compare(a, b) {
    if (typeof a === "string") {
      return a.localeCompare(b, lang);
    }
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        return a[i] < b[i] ? -1 : 1;
      }
    }
    return 0;
  }

  function sortBy(key, dir) {
    var col = -1;
    heads.forEach(function (th, i) {
      if (th.getAttribute("data-key") === key) {
        col = i;
      }
    });
    if (col < 0) {
      return false;
    }
    var sign = dir === "desc" ? -1 : 1;
    var decorated = rows().map(function (row, i) {
      return { row: row, key: keyOf(row, col, key), i: i };
    });
    decorated.sort(function (a, b) {
      return sign * compare(a.key, b.key) || a.i - b.i;
    });
    decorated.forEach(function (d) {
      tbody.appendChild(d.row);
    });
    heads.forEach(function (th, i) {
      if (i === col) {
        th.setAttribute("aria-sort", dir === "desc" ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    return true;
  }

  // Sort buttons in the column headings.
  heads.forEach(function (th) {
    var key = th.getAttribute("data-key");
    if (!key) {
      return;
    }
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    button.addEventListener("click", function () {
      // Names sort A to Z first; points sort the lowest first, who needs help.
      var dir = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
      sortBy(key, dir);
    });
  });

  // The filter by name.
  var label = doc.createElement("label");
  label.textContent = controls.getAttribute("data-filter-label") + " ";
  var input = doc.createElement("input");
  input.type = "search";
  input.id = "filter";
  label.appendChild(input);
  var count = doc.createElement("span");
  count.id = "shown";
  count.setAttribute("aria-live", "polite");
  var hint = doc.createElement("span");
  hint.className = "note";
  hint.textContent = controls.getAttribute("data-sort-hint");
  var toggle = doc.createElement("button");
  toggle.type = "button";
  toggle.id = "toggle-details";
  toggle.textContent = controls.getAttribute("data-open-all");
  controls.appendChild(label);
  controls.appendChild(count);
  controls.appendChild(hint);
  controls.appendChild(toggle);
  controls.hidden = false;

  function filter(text) {
    var needle = text.trim().toLocaleLowerCase(lang);
    var shown = 0;
    var all = rows();
    all.forEach(function (row) {
      var name = (row.getAttribute("data-name") || "").toLocaleLowerCase(lang);
      var show = needle === "" || name.indexOf(needle) >= 0;
      row.hidden = !show;
      var article = doc.getElementById(row.id.replace(/^row-/, ""));
      if (article) {
        article.hidden = !show;
      }
      if (show) {
        shown++;
      }
    });
    count.textContent = controls.getAttribute("data-shown").replace("%s", shown + "/" + all.length);
  }
  input.addEventListener("input", function () {
    filter(input.value);
  });

  // Every <details> open or closed at once; opened for printing, then put
  // back as they were.
  function details() {
    return Array.prototype.slice.call(doc.querySelectorAll("details"));
  }
  var allOpen = false;
  toggle.addEventListener("click", function () {
    allOpen = !allOpen;
    details().forEach(function (d) {
      d.open = allOpen;
    });
    toggle.textContent = controls.getAttribute(allOpen ? "data-close-all" : "data-open-all");
  });
  var before = null;
  window.addEventListener("beforeprint", function () {
    before = details().map(function (d) {
      return d.open;
    });
    details().forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    if (before) {
      details().forEach(function (d, i) {
        d.open = before[i];
      });
      before = null;
    }
  });

  // A bookmarked view.
  var params = new URLSearchParams(window.location.search);
  if (params.get("sort")) {
    sortBy(params.get("sort"), params.get("dir") === "desc" ? "desc" : "asc");
  }
  input.value = params.get("filter") || "";
  filter(input.value);
  doc.documentElement.setAttribute("data-script", "ready");
})();
