/* Pappus dataset browser: the records table (filters, sorting, pages) over the columnar
   index data/index.js, and proof pages that load the one data file their record is in,
   as a <script> (file:// allows scripts where it blocks fetch). */
(function () {
  "use strict";
  var PAGE = 50;

  function $(id) { return document.getElementById(id); }
  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  function chunkFile(k) { return "data/records/c" + ("0000" + k).slice(-5) + ".js"; }

  /* ------------------------------------------------------------ the table */

  function table() {
    var ix = window.PAPPUS_INDEX, cols = ix.columns, n = ix.n, codes = ix.codes;
    var aux = cols.n_aux_points || cols.n_aux;
    var goalCodes = codes.goal_predicate || [], splitCodes = codes.split || [];
    var hasSplit = !!cols.split && splitCodes.length > 0;
    var state = {goal: "", aux: "", min: "", max: "", split: "", q: "", sort: "i", asc: 1,
                 page: 0};
    location.hash.slice(1).split("&").forEach(function (kv) {
      var p = kv.split("=");
      if (p[0] in state && p.length === 2) {
        state[p[0]] = typeof state[p[0]] === "number" ? +p[1] : decodeURIComponent(p[1]);
      }
    });

    function counts(values, m) {
      var c = new Array(m).fill(0);
      for (var i = 0; i < n; i++) if (values[i] >= 0) c[values[i]]++;
      return c;
    }
    var goalCounts = counts(cols.goal_predicate, goalCodes.length);
    goalCodes.forEach(function (g, i) { option($("f-goal"), g, g + " (" + goalCounts[i] + ")"); });
    var auxCounts = {};
    for (var i = 0; i < n; i++) auxCounts[aux[i]] = (auxCounts[aux[i]] || 0) + 1;
    Object.keys(auxCounts).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (v) { option($("f-aux"), String(v), v + " (" + auxCounts[v] + ")"); });
    if (hasSplit) {
      var splitCounts = counts(cols.split, splitCodes.length);
      splitCodes.forEach(function (s, i) {
        option($("f-split"), s, s + " (" + splitCounts[i] + ")");
      });
      $("split-box").hidden = false;
      document.querySelector("th.split-col").hidden = false;
    }
    var inputs = {goal: "f-goal", aux: "f-aux", min: "f-min", max: "f-max", split: "f-split",
                  q: "f-text"};
    Object.keys(inputs).forEach(function (k) {
      $(inputs[k]).value = state[k];
      $(inputs[k]).addEventListener("input", function () {
        state[k] = $(inputs[k]).value;
        state.page = 0;
        apply();
      });
    });
    $("f-reset").addEventListener("click", function () {
      Object.keys(inputs).forEach(function (k) { state[k] = ""; $(inputs[k]).value = ""; });
      state.page = 0;
      apply();
    });
    Array.prototype.forEach.call(document.querySelectorAll("th[data-sort]"), function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        state.asc = state.sort === key ? -state.asc : 1;
        state.sort = key;
        state.page = 0;
        apply();
      });
    });

    var rows = [];
    function apply() {
      var t0 = performance.now();
      var goal = state.goal === "" ? -1 : goalCodes.indexOf(state.goal);
      var split = state.split === "" ? -1 : splitCodes.indexOf(state.split);
      var auxWant = state.aux === "" ? null : +state.aux;
      var lo = state.min === "" ? -Infinity : +state.min;
      var hi = state.max === "" ? Infinity : +state.max;
      var q = state.q.trim().toLowerCase();
      rows = [];
      for (var i = 0; i < n; i++) {
        if (goal >= 0 && cols.goal_predicate[i] !== goal) continue;
        if (auxWant !== null && aux[i] !== auxWant) continue;
        if (cols.n_steps[i] < lo || cols.n_steps[i] > hi) continue;
        if (split >= 0 && cols.split[i] !== split) continue;
        if (q && cols.id[i].indexOf(q) !== 0 && cols.goal[i].toLowerCase().indexOf(q) < 0) {
          continue;
        }
        rows.push(i);
      }
      if (state.sort !== "i") {
        var key = state.sort === "aux" ? aux : cols[state.sort], asc = state.asc;
        rows.sort(function (a, b) { return (key[a] - key[b]) * asc || a - b; });
      } else if (state.asc < 0) {
        rows.reverse();
      }
      var pages = Math.max(1, Math.ceil(rows.length / PAGE));
      state.page = Math.max(0, Math.min(state.page, pages - 1));
      draw(pages);
      var hash = Object.keys(state).filter(function (k) {
        return state[k] !== "" && !(k === "sort" && state[k] === "i") &&
          !(k === "asc" && state[k] === 1) && !(k === "page" && state[k] === 0);
      }).map(function (k) { return k + "=" + encodeURIComponent(state[k]); }).join("&");
      history.replaceState(null, "", hash ? "#" + hash : location.pathname);
      try { sessionStorage.setItem("pappusTable", hash ? "#" + hash : ""); } catch (e) { /* */ }
      window.pappusTable.filterMs = performance.now() - t0;
    }

    function draw(pages) {
      var body = document.querySelector("#records tbody");
      var html = [];
      var esc = function (s) {
        return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;");
      };
      rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (i) {
        html.push("<tr data-i=\"" + i + "\"><td class=\"num\">" + i + "</td>" +
          "<td><a href=\"proof.html#" + i + "\"><code>" + esc(cols.id[i]) + "</code></a></td>" +
          "<td class=\"goal\">" + esc(cols.goal[i]) + "</td>" +
          "<td class=\"num\">" + aux[i] + "</td><td class=\"num\">" + cols.n_steps[i] +
          "</td><td class=\"num\">" + (cols.n_points ? cols.n_points[i] : "") + "</td>" +
          (hasSplit ? "<td>" + esc(splitCodes[cols.split[i]] || "") + "</td>" : "") +
          "</tr>");
      });
      body.innerHTML = html.join("");
      Array.prototype.forEach.call(document.querySelectorAll("th[data-sort]"), function (th) {
        var on = th.getAttribute("data-sort") === state.sort;
        th.classList.toggle("sorted", on);
        th.classList.toggle("asc", on && state.asc > 0);
      });
      $("summary").textContent = rows.length.toLocaleString("en") + " of " +
        n.toLocaleString("en") + " records" + (ix.dataset ? " of " + ix.dataset : "") +
        "; page " + (state.page + 1) + " of " + pages;
      Array.prototype.forEach.call(document.querySelectorAll(".pager"), function (nav) {
        nav.innerHTML = "";
        [["\u00ab first", 0], ["\u2039 previous", state.page - 1],
         ["next \u203a", state.page + 1], ["last \u00bb", pages - 1]].forEach(function (b) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = b[0];
          button.disabled = b[1] < 0 || b[1] >= pages || b[1] === state.page;
          button.addEventListener("click", function () { state.page = b[1]; apply(); });
          nav.appendChild(button);
        });
        var where = document.createElement("span");
        where.textContent = "page " + (state.page + 1) + " / " + pages;
        nav.appendChild(where);
      });
    }

    window.pappusTable = {state: state, apply: apply, rows: function () { return rows; }};
    apply();
    window.pappusTable.loadMs = performance.now();  // since navigation began
  }

  /* ------------------------------------------------------------ proof pages */

  var chunks = {}, waiting = {};

  function chunk(k, records) {
    chunks[k] = records;
    (waiting[k] || []).forEach(function (f) { f(); });
    delete waiting[k];
  }

  function load(k, then) {
    if (chunks[k]) { then(); return; }
    if (waiting[k]) { waiting[k].push(then); return; }
    waiting[k] = [then];
    var s = document.createElement("script");
    s.src = chunkFile(k);
    s.onerror = function () {
      $("pappus-app").textContent = "Cannot load " + s.src + ": is the site complete?";
    };
    document.body.appendChild(s);
  }

  function proof() {
    var site = window.PAPPUS_SITE;
    function show() {
      var i = parseInt(location.hash.slice(1), 10);
      if (!(i >= 0 && i < site.n)) i = 0;
      var k = Math.floor(i / site.chunk);
      $("where").textContent = "record " + i.toLocaleString("en") + " of " +
        site.n.toLocaleString("en");
      [["prev", i - 1], ["next", i + 1]].forEach(function (p) {
        var a = $(p[0]), ok = p[1] >= 0 && p[1] < site.n;
        a.href = ok ? "#" + p[1] : "#" + i;
        a.setAttribute("aria-disabled", ok ? "false" : "true");
      });
      load(k, function () {
        var data = chunks[k][i - k * site.chunk];
        document.title = data.title + " \u00b7 Pappus";
        window.pappusPage = PappusPage.render($("pappus-app"), data, window.PAPPUS_RULES);
        window.pappusPage.record = i;
        window.pappusPage.shownMs = performance.now();
      });
    }
    try {  // back to the table as it was left: its filters, sorting and page
      $("back").href = "index.html" + (sessionStorage.getItem("pappusTable") || "");
    } catch (e) { /* storage refused: the plain table */ }
    window.addEventListener("hashchange", show);
    show();
  }

  window.PappusSite = {table: table, proof: proof, chunk: chunk};
})();
