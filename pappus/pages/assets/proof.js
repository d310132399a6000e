/* Pappus proof page: draws a proof's figure (SVG) and its numbered steps from plain data
   (pappus/pages/data.py), and highlights, for the selected step, the points, lines,
   circles and angles its fact speaks of, and its premises in the list.
   No network and no libraries: the same file serves a standalone page opened from
   file:// and every page of a dataset browser. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var NAME = /^([A-Za-z]+)_?(\d+)?('*)$/;

  function make(tag, attrs, parent, ns) {
    var node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== "") {
        node.setAttribute(k, attrs[k]);
      }
    }
    if (parent) parent.appendChild(node);
    return node;
  }
  function svg(tag, attrs, parent) { return make(tag, attrs, parent, SVGNS); }
  function text(tag, content, attrs, parent) {
    var node = make(tag, attrs, parent);
    node.textContent = content;
    return node;
  }

  /* ------------------------------------------------------------ the figure */

  function label(node, name) {
    var m = NAME.exec(name);
    if (!m) { node.textContent = name; return; }
    node.appendChild(document.createTextNode(m[1]));
    if (m[2]) svg("tspan", {"class": "sub", dy: "3", "font-size": "8.5"}, node).textContent = m[2];
    if (m[3]) svg("tspan", {dy: m[2] ? "-3" : ""}, node).textContent = m[3];
  }

  function arcPath(x, y, r, t1, t2) {
    var large = (t2 - t1) > Math.PI ? 1 : 0;
    return "M" + (x + r * Math.cos(t1)).toFixed(1) + "," + (y + r * Math.sin(t1)).toFixed(1) +
      " A" + r + "," + r + " 0 " + large + " 1 " + (x + r * Math.cos(t2)).toFixed(1) + "," +
      (y + r * Math.sin(t2)).toFixed(1);
  }

  function drawFigure(fig, box) {
    if (!fig || fig.error) {
      text("p", "No figure: " + (fig ? fig.error : "none given"), {"class": "nofig"}, box);
      return null;
    }
    var root = svg("svg", {viewBox: "0 0 " + fig.w + " " + fig.h, "class": "pappus-figure",
                           role: "img", "aria-label": "figure"}, box);
    var groups = {};
    ["overlay", "circles", "lines", "marks", "points", "labels"].forEach(function (g) {
      groups[g] = svg("g", {"class": g}, root);
    });
    fig.circles.forEach(function (c) {
      svg("circle", {cx: c[0], cy: c[1], r: c[2], "class": "obj circle " + c[3],
                     "data-pts": c[4], "data-center": c[5]}, groups.circles);
    });
    fig.lines.forEach(function (s) {
      svg("line", {x1: s[0], y1: s[1], x2: s[2], y2: s[3],
                   "class": "obj line " + s[4] + (s[6] ? " dashed" : ""),
                   "data-pts": s[5]}, groups.lines);
    });
    fig.marks.forEach(function (m) {
      svg("polyline", {points: m[0].map(function (p) { return p.join(","); }).join(" "),
                       "class": "mark " + m[1]}, groups.marks);
    });
    fig.ticks.forEach(function (t) {
      svg("line", {x1: t[0], y1: t[1], x2: t[2], y2: t[3], "class": "mark tick " + t[4]},
          groups.marks);
    });
    fig.arcs.forEach(function (a) {
      svg("path", {d: arcPath(a[0], a[1], a[2], a[3], a[4]), "class": "mark arc goal"},
          groups.marks);
    });
    var pts = {};
    fig.points.forEach(function (p) {
      pts[p[0]] = [p[1], p[2]];
      svg("circle", {cx: p[1], cy: p[2], r: 2.3, "class": "pt " + p[3], "data-pt": p[0]},
          groups.points);
      var t = svg("text", {x: p[4], y: p[5], "class": "lbl " + p[3], "data-pt": p[0],
                           "text-anchor": "middle", "dominant-baseline": "central"},
                  groups.labels);
      label(t, p[0]);
    });
    return {svg: root, pts: pts, overlay: groups.overlay};
  }

  /* ------------------------------------------------------------ what a fact speaks of */

  var SEGMENT_PREDICATES = {cong: 2, eqratio: 4, rconst: 2};
  var DIRECTION_PREDICATES = {para: 2, perp: 2, npara: 2, nperp: 2, eqangle: 4, aconst: 2};
  var TRIANGLES = {simtri: 1, simtri2: 1, contri: 1, contri2: 1};

  function objectsOf(fact) {
    var args = fact.trim().split(/\s+/), p = args.shift();
    var o = {predicate: p, points: [], lines: [], segments: [], circles: [], angles: [],
             ticks: []};
    var pairs = function (n) {
      var out = [];
      for (var i = 0; i + 1 < 2 * n && i + 1 < args.length; i += 2) out.push([args[i], args[i + 1]]);
      return out;
    };
    if (p === "aconst" || p === "rconst") args = args.slice(0, -1);  // the last is a value
    if (p === "coll") o.lines.push(args.slice());
    else if (DIRECTION_PREDICATES[p]) o.lines = pairs(DIRECTION_PREDICATES[p]);
    else if (SEGMENT_PREDICATES[p]) o.segments = pairs(SEGMENT_PREDICATES[p]);
    else if (p === "midp") { o.segments.push([args[1], args[2]]); }
    else if (p === "cyclic") o.circles.push({pts: args.slice(), center: ""});
    else if (p === "circle") o.circles.push({pts: args.slice(1), center: args[0]});
    else if (TRIANGLES[p]) {
      [args.slice(0, 3), args.slice(3, 6)].forEach(function (t) {
        o.segments.push([t[0], t[1]], [t[1], t[2]], [t[2], t[0]]);
      });
    }
    if (p === "cong") o.ticks = pairs(2);
    if (p === "midp") o.ticks = [[args[0], args[1]], [args[0], args[2]]];
    if (p === "eqangle") o.angles = [args.slice(0, 4), args.slice(4, 8)];
    if (p === "aconst") o.angles = [args.slice(0, 4)];
    var seen = {};
    args.forEach(function (a) { if (!seen[a]) { seen[a] = 1; o.points.push(a); } });
    return o;
  }

  /* ------------------------------------------------------------ highlighting */

  function hasAll(node, names, attr) {
    var have = (node.getAttribute(attr || "data-pts") || "").split(" ");
    return names.every(function (n) { return have.indexOf(n) >= 0; });
  }

  function farthest(pts, names) {
    var best = null, d = -1;
    names.forEach(function (a) {
      names.forEach(function (b) {
        var pa = pts[a], pb = pts[b];
        var e = Math.hypot(pa[0] - pb[0], pa[1] - pb[1]);
        if (e > d) { d = e; best = [pa, pb]; }
      });
    });
    return best;
  }

  function circumcircle(p, q, r) {
    var ax = p[0], ay = p[1], bx = q[0], by = q[1], cx = r[0], cy = r[1];
    var d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
    if (Math.abs(d) < 1e-9) return null;
    var a2 = ax * ax + ay * ay, b2 = bx * bx + by * by, c2 = cx * cx + cy * cy;
    var ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d;
    var uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d;
    return [ux, uy, Math.hypot(ax - ux, ay - uy)];
  }

  function meet(p1, p2, q1, q2) {
    var ux = p2[0] - p1[0], uy = p2[1] - p1[1], wx = q2[0] - q1[0], wy = q2[1] - q1[1];
    var cross = ux * wy - uy * wx;
    if (Math.abs(cross) < 1e-9 * Math.hypot(ux, uy) * Math.hypot(wx, wy)) return null;
    var t = ((q1[0] - p1[0]) * wy - (q1[1] - p1[1]) * wx) / cross;
    return [p1[0] + t * ux, p1[1] + t * uy];
  }

  function Highlighter(fig) {
    this.fig = fig;
  }

  Highlighter.prototype.clear = function () {
    var fig = this.fig;
    if (!fig) return;
    Array.prototype.forEach.call(fig.svg.querySelectorAll(".hl"), function (n) {
      n.classList.remove("hl");
    });
    while (fig.overlay.firstChild) fig.overlay.removeChild(fig.overlay.firstChild);
    fig.svg.removeAttribute("data-highlight");
  };

  Highlighter.prototype.show = function (fact) {
    var fig = this.fig, pts = fig && fig.pts;
    this.clear();
    if (!fig) return;
    var o = objectsOf(fact), root = fig.svg, overlay = fig.overlay;
    var known = function (names) { return names.every(function (n) { return pts[n]; }); };
    var mark = function (sel, test) {
      var hits = Array.prototype.filter.call(root.querySelectorAll(sel), test);
      hits.forEach(function (n) { n.classList.add("hl"); });
      return hits.length;
    };
    var overlaySegment = function (names, kind) {
      var ends = farthest(pts, names);
      if (!ends || (ends[0][0] === ends[1][0] && ends[0][1] === ends[1][1])) return;
      svg("line", {x1: ends[0][0], y1: ends[0][1], x2: ends[1][0], y2: ends[1][1],
                   "class": "hl ov " + kind, "data-pts": names.join(" ")}, overlay);
    };
    o.lines.forEach(function (names) {
      if (!known(names)) return;
      // a direction: the whole drawn line through these points, else their segment
      if (!mark("line.obj", function (n) { return hasAll(n, names); })) {
        overlaySegment(names, "seg");
      }
    });
    // lengths: the segment itself, even where a longer line is drawn through it
    o.segments.forEach(function (names) { if (known(names)) overlaySegment(names, "seg"); });
    o.circles.forEach(function (c) {
      if (!known(c.pts) || (c.center && !pts[c.center])) return;
      var hit = mark("circle.obj", function (n) {
        return hasAll(n, c.pts) && (!c.center || n.getAttribute("data-center") === c.center);
      });
      if (hit) return;
      var circle = null;
      if (c.center) {
        var z = pts[c.center], a = pts[c.pts[0]];
        circle = [z[0], z[1], Math.hypot(a[0] - z[0], a[1] - z[1])];
      } else {
        for (var i = 2; i < c.pts.length && !circle; i++) {
          circle = circumcircle(pts[c.pts[0]], pts[c.pts[1]], pts[c.pts[i]]);
        }
      }
      if (circle) {
        svg("circle", {cx: circle[0], cy: circle[1], r: circle[2], "class": "hl ov circ",
                       "data-pts": c.pts.join(" "), "data-center": c.center}, overlay);
      }
    });
    o.ticks.forEach(function (pair) {
      if (!known(pair)) return;
      var a = pts[pair[0]], b = pts[pair[1]], n = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (n === 0) return;
      var mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
      var px = -(b[1] - a[1]) / n * 6, py = (b[0] - a[0]) / n * 6;
      svg("line", {x1: mx - px, y1: my - py, x2: mx + px, y2: my + py, "class": "hl ov tick",
                   "data-pts": pair.join(" ")}, overlay);
    });
    o.angles.forEach(function (q, k) {
      if (!known(q)) return;
      var x = meet(pts[q[0]], pts[q[1]], pts[q[2]], pts[q[3]]);
      if (!x) return;
      var far = function (m, n) {
        var pm = pts[m], pn = pts[n];
        return Math.hypot(pm[0] - x[0], pm[1] - x[1]) >= Math.hypot(pn[0] - x[0], pn[1] - x[1])
          ? pm : pn;
      };
      var u = far(q[0], q[1]), v = far(q[2], q[3]);
      var t1 = Math.atan2(u[1] - x[1], u[0] - x[0]), t2 = Math.atan2(v[1] - x[1], v[0] - x[0]);
      var sweep = ((t2 - t1) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI);
      if (sweep > Math.PI) { var t = t1; t1 = t2; t2 = t; sweep = 2 * Math.PI - sweep; }
      svg("path", {d: arcPath(x[0], x[1], 15 + 5 * k, t1, t1 + sweep), "class": "hl ov arc",
                   "data-pts": q.join(" ")}, overlay);
    });
    o.points.forEach(function (n) {
      mark("[data-pt]", function (node) { return node.getAttribute("data-pt") === n; });
    });
    root.setAttribute("data-highlight", o.points.filter(function (n) { return pts[n]; }).join(" "));
  };

  /* ------------------------------------------------------------ the steps */

  function numbering(steps) {
    var number = {}, k = 0;
    steps.forEach(function (s) { if (s[2] === "construction") number[s[0]] = ++k; });
    steps.forEach(function (s) { if (s[2] !== "construction") number[s[0]] = ++k; });
    return number;
  }

  function how(step, number, rules) {
    var by = step[2], extra = step[4];
    if (by === "construction") return "";
    if (by.indexOf("ar:") === 0) {
      var kind = by.slice(3) + " chasing";
      if (!extra) return kind;
      return kind + ": " + extra.split(" ").map(function (term) {
        var kv = term.split(":");
        return kv[1] + "\u00b7(" + (number[kv[0]] || kv[0]) + ")";
      }).join(" + ");
    }
    if (by === "incidence") return "collinear/concyclic sets sharing points";
    var rule = rules && rules[by];
    return rule ? by + " " + rule[0] : by;
  }

  function render(root, data, rules) {
    rules = data.rules || rules || {};
    root.innerHTML = "";
    root.classList.add("pappus-proof");
    var head = make("header", {}, root);
    text("h1", data.title || "Proof", {}, head);
    if (data.note) text("p", data.note, {"class": "note"}, head);
    var prob = make("p", {"class": "problem"}, head);
    text("code", data.problem, {}, prob);
    var body = make("div", {"class": "proof-body"}, root);
    var figBox = make("figure", {"class": "figure-box"}, body);
    var fig = drawFigure(data.figure, figBox);
    var legend = make("figcaption", {"class": "legend"}, figBox);
    [["premise", "premise"], ["aux", "auxiliary"], ["goal", "goal"], ["hl", "selected step"]]
      .forEach(function (kv) {
        var item = make("span", {"class": "key " + kv[0]}, legend);
        make("i", {}, item);
        item.appendChild(document.createTextNode(kv[1]));
      });
    var list = make("section", {"class": "steps"}, body);
    var number = numbering(data.steps), aux = data.aux || [];
    var goalId = null;
    data.steps.forEach(function (s) { if (s[1] === data.goal) goalId = s[0]; });
    if (goalId === null && data.steps.length) goalId = data.steps[data.steps.length - 1][0];
    var kinds = {premise: [], aux: [], derived: []};
    data.steps.forEach(function (s) {
      var kind = s[2] !== "construction" ? "derived" : aux.indexOf(s[4]) >= 0 ? "aux" : "premise";
      kinds[kind].push(s);
    });
    var items = {}, usedBy = {};
    data.steps.forEach(function (s) {
      s[3].forEach(function (p) { (usedBy[p] = usedBy[p] || []).push(s[0]); });
    });
    [["premise", "Premises"], ["aux", "Auxiliary constructions"], ["derived", "Proof"]]
      .forEach(function (kv) {
        if (!kinds[kv[0]].length) return;
        text("h2", kv[1], {}, list);
        var ol = make("ol", {"class": "step-list " + kv[0]}, list);
        kinds[kv[0]].forEach(function (s) {
          var li = make("li", {"class": "step " + kv[0] + (s[0] === goalId ? " goal" : ""),
                               "data-id": s[0], "data-n": number[s[0]], tabindex: "0",
                               id: "s" + number[s[0]]}, ol);
          text("span", "(" + number[s[0]] + ")", {"class": "n"}, li);
          text("span", s[1], {"class": "fact"}, li);
          if (s[0] === goalId) text("span", "goal", {"class": "badge"}, li);
          var line = make("div", {"class": "how"}, li);
          if (s[2] === "construction") {
            text("code", s[4], {}, line);
          } else {
            var rule = rules[s[2]];
            text("span", "by " + how(s, number, rules), rule ? {title: rule[1]} : {}, line);
            if (s[3].length) {
              line.appendChild(document.createTextNode(" from "));
              s[3].forEach(function (p, i) {
                if (i) line.appendChild(document.createTextNode(", "));
                text("a", "(" + number[p] + ")", {"class": "ref", href: "#s" + number[p],
                                                   "data-ref": p}, line);
              });
            }
          }
          items[s[0]] = li;
        });
      });
    var hl = new Highlighter(fig), current = null;
    var order = data.steps.slice().sort(function (a, b) { return number[a[0]] - number[b[0]]; });
    var byId = {};
    data.steps.forEach(function (s) { byId[s[0]] = s; });
    function select(id, scroll) {
      Object.keys(items).forEach(function (k) {
        items[k].classList.remove("selected", "premise-of", "used-by");
      });
      current = id;
      if (id === null || !byId[id]) { hl.clear(); current = null; return; }
      var s = byId[id];
      items[id].classList.add("selected");
      s[3].forEach(function (p) { if (items[p]) items[p].classList.add("premise-of"); });
      (usedBy[id] || []).forEach(function (u) { items[u].classList.add("used-by"); });
      hl.show(s[1]);
      if (scroll && items[id].scrollIntoView) items[id].scrollIntoView({block: "nearest"});
    }
    list.addEventListener("click", function (ev) {
      var ref = ev.target.closest("a.ref");
      if (ref) { ev.preventDefault(); select(+ref.getAttribute("data-ref"), true); return; }
      var li = ev.target.closest("li.step");
      if (li) select(+li.getAttribute("data-id"), false);
    });
    // on the document, so that the keys work wherever the focus is; one page at a time
    document.onkeydown = function (ev) {
      if (ev.target && /^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName)) return;
      var i = current === null ? -1 : order.indexOf(byId[current]);
      if (ev.key === "ArrowDown" || ev.key === "j") i = Math.min(order.length - 1, i + 1);
      else if (ev.key === "ArrowUp" || ev.key === "k") i = Math.max(0, i - 1);
      else if (ev.key === "Escape") { select(null); return; }
      else return;
      ev.preventDefault();
      select(order[i][0], true);
      items[order[i][0]].focus();
    };
    return {select: function (id) { select(id, true); }, number: number, figure: fig,
            goal: goalId};
  }

  window.PappusPage = {render: render, objectsOf: objectsOf};
})();
