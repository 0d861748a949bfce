/* Search: one box over countries, places, routes, relations and every word of their
 * quotes (the words of the features' tooltips and cards). Matches are highlighted on the
 * map and listed; Enter or a click on a match flies to it and opens its card. The box and
 * list follow the ARIA combobox pattern: arrow keys move through the matches
 * (aria-activedescendant), Escape closes the list, a live region says how many matched. */
geo.behaviours.search = function (ctx, options) {
  "use strict";
  var box = ctx.root.querySelector(".geo-search");
  if (!box) { return; }
  var input = box.querySelector("input"), list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[aria-live]"), entries = null, shown = [], active = -1;
  var MAX = 10;
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);

  function plain(html) {
    // parsed inert (no script runs, no image loads): the text of a card, a space between
    // its elements' texts
    return new DOMParser().parseFromString(html.replace(/></g, "> <"), "text/html").body;
  }
  function fold(s) {  // keeps the length, so a match's place is its place in the text
    return s.toLowerCase().replace(/[’‘]/g, "'");
  }
  // one entry per feature: its name (the card's title), its words, what it is
  function build() {
    entries = [];
    var named = {};
    ctx.features.forEach(function (f) {
      if (!f.tip && !f.card) { return; }
      var tip = plain(f.tip), t = tip.querySelector(".geo-card-title");
      var name = (t ? t.textContent : tip.textContent).trim();
      var words = "";
      if (f.card) {
        var popup = f.layer.getPopup && f.layer.getPopup();
        var content = popup && popup.getContent();
        if (typeof content === "string") { words = plain(content).textContent; }
      }
      entries.push({f: f, name: name, key: fold(name), words: fold(words), text: words,
                    layer: ctx.layerNames ? ctx.layerNames[f.group] : ""});
      f.ids.forEach(function (id) { named[id] = true; });
    });
    // countries no layer draws: their land on the basemap, by name
    ctx.features.forEach(function (f) {
      var name = ctx.data.countries[f.ids[0]];
      if (!f.tip && name && !named[f.ids[0]]) {
        entries.push({f: f, name: name, key: fold(name), words: "", text: "", layer: "Country"});
        named[f.ids[0]] = true;
      }
    });
  }
  function find(q) {
    if (!entries) { build(); }
    q = fold(q.trim());
    if (q.length < 2) { return []; }
    var scored = [];
    entries.forEach(function (e) {
      var s = e.key.indexOf(q) === 0 ? 3 : e.key.indexOf(q) >= 0 ? 2 : e.words.indexOf(q) >= 0 ? 1 : 0;
      if (s) { scored.push({e: e, s: s}); }
    });
    scored.sort(function (a, b) { return b.s - a.s || (a.e.name < b.e.name ? -1 : 1); });
    return scored.map(function (x) { return x.e; });
  }
  function snippet(e, q) {
    var at = e.words.indexOf(fold(q.trim()));
    if (at < 0 || e.key.indexOf(fold(q.trim())) >= 0) { return ""; }
    return "…" + e.text.slice(Math.max(0, at - 30), at + 40).trim() + "…";
  }
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function mark(i) {
    active = i;
    Array.prototype.forEach.call(list.children, function (li, j) {
      li.setAttribute("aria-selected", j === i ? "true" : "false");
    });
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({block: "nearest"});
    } else { input.removeAttribute("aria-activedescendant"); }
  }
  function update() {
    var q = input.value, found = find(q);
    shown = found.slice(0, MAX);
    list.textContent = "";
    shown.forEach(function (e, i) {
      var li = document.createElement("li");
      li.id = input.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var b = document.createElement("span");
      b.className = "geo-search-name";
      b.textContent = e.name;
      li.appendChild(b);
      var more = snippet(e, q);
      if (more) {
        var s = document.createElement("span");
        s.className = "geo-search-words";
        s.textContent = more;
        li.appendChild(s);
      }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      li.addEventListener("click", function () { choose(i); });
      list.appendChild(li);
    });
    var ids = [];
    shown.forEach(function (e) { ids = ids.concat(e.f.ids); });
    ctx.highlight(ids);
    list.hidden = !shown.length;
    input.setAttribute("aria-expanded", shown.length ? "true" : "false");
    active = -1;
    input.removeAttribute("aria-activedescendant");
    status.textContent = q.trim().length < 2 ? "" : found.length
      ? found.length + (found.length === 1 ? " match" : " matches") +
        (found.length > MAX ? ", the first " + MAX + " listed" : "")
      : "No matches";
  }
  function choose(i) {
    var e = shown[i];
    if (!e) { return; }
    close();
    ctx.showFeature(e.f, true);
  }
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (ev) {
    var n = shown.length;
    if (ev.key === "ArrowDown" && n) {
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      mark((active + 1) % n);
    } else if (ev.key === "ArrowUp" && n) {
      mark(active <= 0 ? n - 1 : active - 1);
    } else if (ev.key === "Enter") {
      choose(active >= 0 ? active : 0);
    } else if (ev.key === "Escape") {
      if (!list.hidden) { close(); } else { input.value = ""; update(); }
    } else { return; }
    ev.preventDefault();
    ev.stopPropagation();
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
};
