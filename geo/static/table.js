/* The text version's table, linked to the map: sort by any column (its heading is a
 * button; aria-sort says the order), filter by layer, kind, partner, status and year;
 * a row (click, or Enter when it has focus) flies to its feature and opens its card;
 * pointing at a feature on the map marks its rows. Rows carry the ids of what they list
 * (data-ids), features theirs (ctx.features). */
geo.behaviours.table = function (ctx, options) {
  "use strict";
  var text = ctx.root.querySelector(".geo-text"), table = text && text.querySelector("table");
  if (!table || !table.tBodies.length) { return; }
  var tbody = table.tBodies[0], rows = Array.prototype.slice.call(tbody.rows);
  var heads = table.tHead.rows[0].cells;
  ctx.layerNames = options.names;
  var FILTERS = [["Layer", [0]], ["Kind", [1]], ["Partner", [2, 3]], ["Status", [6]],
                 ["Year", [5]]];

  function cell(row, i) { return row.cells[i].textContent; }
  function year(row) { var m = /\d{4}/.exec(cell(row, 5)); return m ? m[0] : ""; }
  function values(row, cols, name) {
    return name === "Year" ? [year(row)] : cols.map(function (c) { return cell(row, c); });
  }

  // filters: one select per column, the values found in the table
  var bar = document.createElement("div"), chosen = {};
  bar.className = "geo-table-filters";
  FILTERS.forEach(function (spec) {
    var name = spec[0], seen = {};
    rows.forEach(function (r) {
      values(r, spec[1], name).forEach(function (v) { if (v) { seen[v] = true; } });
    });
    var label = document.createElement("label"), select = document.createElement("select");
    label.textContent = name + " ";
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "all";
    select.appendChild(all);
    Object.keys(seen).sort().forEach(function (v) {
      var o = document.createElement("option");
      o.value = v;
      o.textContent = v;
      select.appendChild(o);
    });
    select.addEventListener("change", function () { chosen[name] = select.value; apply(); });
    label.appendChild(select);
    bar.appendChild(label);
  });
  var shownCount = document.createElement("span");
  shownCount.setAttribute("aria-live", "polite");
  bar.appendChild(shownCount);
  table.parentNode.insertBefore(bar, table);

  function apply() {
    var n = 0;
    rows.forEach(function (r) {
      var ok = FILTERS.every(function (spec) {
        var want = chosen[spec[0]];
        return !want || values(r, spec[1], spec[0]).indexOf(want) >= 0;
      });
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shownCount.textContent = n + " of " + rows.length + " rows";
  }

  // sorting: each heading becomes a button
  var order = {col: -1, dir: 1};
  Array.prototype.forEach.call(heads, function (th, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "geo-sort";
    b.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(b);
    b.addEventListener("click", function () {
      order.dir = order.col === i ? -order.dir : 1;
      order.col = i;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", order.dir > 0 ? "ascending" : "descending");
      var keyed = rows.map(function (r, k) { return [cell(r, i), k, r]; });
      keyed.sort(function (a, b) {
        var x = a[0], y = b[0], nx = x === "" ? NaN : Number(x), ny = y === "" ? NaN : Number(y);
        var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
        return c * order.dir || a[1] - b[1];
      });
      keyed.forEach(function (k) { tbody.appendChild(k[2]); });
    });
  });

  // rows to features
  function open(row) {
    var ids = (row.getAttribute("data-ids") || "").split(" ").filter(Boolean);
    var group = options.names.indexOf(cell(row, 0));
    for (var i = 0; i < ids.length; i++) {
      var f = ctx.pick(ids[i], group);
      if (f) {
        ctx.showFeature(f, true, ids[i]);
        return;
      }
    }
  }
  rows.forEach(function (r) {
    if (!r.getAttribute("data-ids")) { return; }
    r.tabIndex = 0;
    r.className = "geo-row-link";
    r.addEventListener("click", function (e) {
      if (e.target.closest("a")) { return; }  // a source link opens as a link
      open(r);
    });
    r.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); open(r); }
    });
  });

  // features to rows
  var byId = {};
  rows.forEach(function (r) {
    (r.getAttribute("data-ids") || "").split(" ").forEach(function (id) {
      if (id) { (byId[id] = byId[id] || []).push(r); }
    });
  });
  function mark(f, on) {
    f.ids.forEach(function (id) {
      (byId[id] || []).forEach(function (r) { r.classList.toggle("geo-row-lit", on); });
    });
  }
  ctx.features.forEach(function (f) {
    if (!f.card) { return; }
    f.layer.on("mouseover", function () { mark(f, true); });
    f.layer.on("mouseout", function () { mark(f, false); });
  });
  apply();
};
