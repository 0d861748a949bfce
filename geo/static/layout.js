/* Layout by the map's own box, not the viewport. The panels (title, zoom and full-screen
 * buttons, layer control, legend, year filter, scale, credit) become the cells of one grid
 * laid over the map (Leaflet's control container, moved and restyled), so they never
 * cover each other; page.css arranges the grid with container queries on the map's root,
 * so a 640 px iframe or fragment inside a wide page gets the compact layout.
 *
 * - The legend and the layer control fold behind a button (aria-expanded); they open
 *   folded when the map's box is narrower or lower than options.collapseBelow; the layer
 *   control also when it is lower than options.layersBelow (a laptop window), so the
 *   legend, needed to read the map, gets the side of the map to itself. On a phone-wide
 *   map the year filter moves into the layer control's fold.
 * - .geo-slot, at the top of the map, is left for a step bar or a search box: whatever is
 *   put in it (ctx.layout.slot) is laid out with the other panels.
 * - The opening view is fitted into the largest part of the map that no panel covers:
 *   options.view.core (the focal capital and the partners' capitals) always inside it,
 *   options.view.wide (with the focal country) as far as the zoom allows (see fitView).
 * - A card (popup) is sized and panned to that uncovered part when it opens.
 * Runs after the behaviours that add controls, before the keyboard behaviour. */
geo.behaviours.layout = function (ctx, options) {
  "use strict";
  var map = ctx.map, root = ctx.root, container = map.getContainer();
  // The grid is Leaflet's control container, moved out of the map to be the root's first
  // child: the title and the controls then come before the map and its features in the
  // keyboard order, and a panel's clicks and wheel never reach the map. It keeps the
  // classes Leaflet's own control styles hang on.
  var grid = container.querySelector(".leaflet-control-container");
  root.insertBefore(grid, root.firstChild);
  grid.classList.add("leaflet-container");
  if (container.classList.contains("leaflet-touch")) { grid.classList.add("leaflet-touch"); }
  var corners = {};
  ["top left", "top right", "bottom left", "bottom right"].forEach(function (where) {
    var v = where.split(" ");
    corners[v.join("")] = grid.querySelector(".leaflet-" + v[0] + ".leaflet-" + v[1]);
  });
  grid.classList.add("geo-layout");

  // On a small map, one fold open at a time: opening one closes the other.
  var folds = [];
  function fold(panel, button, body, below) {
    var f = {button: button, body: body, panel: panel, below: below};
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      folds.forEach(function (g) {
        if (g === f || (open && small())) {
          g.panel.touched = true;
          setOpen(g.button, g.body, g === f ? open : false);
        }
      });
    });
    folds.push(f);
    return f;
  }
  function setOpen(button, body, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    body.hidden = !open;
  }
  function panel(el) {
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    return el;
  }

  // The layer control, inside a fold of its own.
  var layers = grid.querySelector(".leaflet-control-layers");
  var layersFold = L.DomUtil.create("section", "geo-panel geo-fold geo-layers");
  layersFold.setAttribute("aria-label", "Layers");
  var layersButton = L.DomUtil.create("button", "geo-fold-button", layersFold);
  layersButton.type = "button";
  layersButton.textContent = "Layers";
  var layersBody = L.DomUtil.create("div", "geo-fold-body", layersFold);
  layersBody.id = root.id + "-layers";
  layersButton.setAttribute("aria-controls", layersBody.id);
  if (layers) { layersBody.appendChild(layers); }

  var title = root.querySelector(".geo-title");
  var legendFold = root.querySelector(".geo-legend");
  var credit = root.querySelector(".geo-credit");
  // The slot is the body of a fold of its own ("Steps & search"), shown once something is
  // put in it (ctx.layout.filled); on a wide map its button is not drawn and it stays open.
  var toolsFold = L.DomUtil.create("section", "geo-panel geo-fold geo-tools");
  toolsFold.setAttribute("aria-label", "Steps and search");
  toolsFold.hidden = true;
  var toolsButton = L.DomUtil.create("button", "geo-fold-button", toolsFold);
  toolsButton.type = "button";
  toolsButton.textContent = "Steps & search";
  var slot = L.DomUtil.create("div", "geo-fold-body geo-slot", toolsFold);
  slot.id = root.id + "-slot";
  toolsButton.setAttribute("aria-controls", slot.id);

  // Document order is keyboard order: title, map controls, the slot, layers, legend,
  // year filter, credit.
  [title, corners.topleft, toolsFold, layersFold, legendFold, corners.bottomleft, credit,
   corners.bottomright, corners.topright].forEach(function (el) {
    if (el) { grid.appendChild(el.classList.contains("geo-panel") ? panel(el) : el); }
  });
  corners.topleft.classList.add("geo-tl");
  corners.bottomleft.classList.add("geo-bl");
  corners.bottomright.classList.add("geo-br");
  corners.topright.classList.add("geo-tr");

  fold(layersFold, layersButton, layersBody,
       [options.collapseBelow[0], Math.max(options.collapseBelow[1], options.layersBelow)]);
  fold(toolsFold, toolsButton, slot, options.collapseBelow);
  if (legendFold) {
    fold(legendFold, legendFold.querySelector(".geo-fold-button"),
         legendFold.querySelector(".geo-fold-body"), options.collapseBelow);
  }

  function small(below) {
    below = below || options.collapseBelow;
    return root.clientWidth < below[0] || root.clientHeight < below[1];
  }
  // On a phone-wide map (under PHONE px, page.css's phone layout) the year filter lives
  // at the top of the layer fold, folded with it at open; elsewhere in its corner.
  var PHONE = 480, years = grid.querySelector(".geo-years");
  function placeYears() {
    if (!years) { return; }
    var home = root.clientWidth < PHONE ? layersBody : corners.bottomleft;
    if (years.parentNode !== home) { home.insertBefore(years, home.firstChild); }
  }
  function applyFolds() {
    placeYears();
    folds.forEach(function (f) {
      if (!f.panel.touched) { setOpen(f.button, f.body, !small(f.below)); }
    });
  }
  applyFolds();

  // The boxes drawn over the map, relative to the map's box.
  var PANELS = ".geo-panel:not(.geo-tools), .leaflet-control, .geo-fold-button, " +
    ".geo-fold-body:not(.geo-slot), .geo-slot > *";
  function panels() {
    var origin = container.getBoundingClientRect(), out = [];
    grid.querySelectorAll(PANELS).forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) {
        out.push({left: r.left - origin.left, top: r.top - origin.top,
                  right: r.right - origin.left, bottom: r.bottom - origin.top});
      }
    });
    return out;
  }

  // The largest rectangle of the map's box that no panel covers, from the panels' edges.
  function free() {
    var w = container.clientWidth, h = container.clientHeight, boxes = panels();
    var xs = [0, w], ys = [0, h];
    boxes.forEach(function (b) {
      xs.push(Math.max(0, Math.min(w, b.left)), Math.max(0, Math.min(w, b.right)));
      ys.push(Math.max(0, Math.min(h, b.top)), Math.max(0, Math.min(h, b.bottom)));
    });
    var num = function (a, b) { return a - b; };
    xs = xs.sort(num).filter(function (v, i, a) { return i === 0 || v !== a[i - 1]; });
    ys = ys.sort(num).filter(function (v, i, a) { return i === 0 || v !== a[i - 1]; });
    var best = {left: 0, top: 0, right: w, bottom: h}, bestArea = -1;
    for (var i = 0; i < xs.length; i++) {
      for (var j = i + 1; j < xs.length; j++) {
        for (var k = 0; k < ys.length; k++) {
          for (var l = k + 1; l < ys.length; l++) {
            var area = (xs[j] - xs[i]) * (ys[l] - ys[k]);
            if (area <= bestArea) { continue; }
            var clear = boxes.every(function (b) {
              return b.right <= xs[i] || b.left >= xs[j] || b.bottom <= ys[k] || b.top >= ys[l];
            });
            if (clear) {
              bestArea = area;
              best = {left: xs[i], top: ys[k], right: xs[j], bottom: ys[l]};
            }
          }
        }
      }
    }
    return best;
  }

  var GAP = 8;
  function padding(f) {
    var size = map.getSize();
    return {
      paddingTopLeft: L.point(f.left + GAP, f.top + GAP),
      paddingBottomRight: L.point(size.x - f.right + GAP, size.y - f.bottom + GAP)
    };
  }

  // `bounds` in world pixels at `zoom`.
  function pixels(bounds, zoom) {
    return L.bounds(map.project(bounds.getNorthWest(), zoom),
                    map.project(bounds.getSouthEast(), zoom));
  }
  function fits(bounds, zoom, f) {
    var b = pixels(bounds, zoom);
    return b.max.x - b.min.x <= f.right - f.left - 2 * GAP &&
      b.max.y - b.min.y <= f.bottom - f.top - 2 * GAP;
  }

  // The opening view: the whole zoom nearest to the one that fits `wide` (country names are
  // placed per whole zoom), no further out than options.minZoom, closer in only while
  // `core` still fits; `wide` centred in the free box, moved as little as keeps `core` in it.
  function fitView() {
    var f = free(), size = map.getSize(), pad = padding(f), snap = map.options.zoomSnap || 1;
    if (!size.x || !size.y) { return; }
    var wide = L.latLngBounds(options.view.wide), core = L.latLngBounds(options.view.core);
    var z = map.getBoundsZoom(wide, false, pad.paddingTopLeft.add(pad.paddingBottomRight));
    z = Math.max(Math.round(z), options.minZoom);
    while (!fits(core, z, f) && z > 0) { z -= snap; }
    var w = pixels(wide, z), c = pixels(core, z);
    var m = 2.5 * GAP, l = f.left + m, t = f.top + m, r = f.right - m, b = f.bottom - m;
    var x = (w.min.x + w.max.x - l - r) / 2, y = (w.min.y + w.max.y - t - b) / 2;
    x = Math.min(Math.max(x, c.max.x - r), c.min.x - l);
    y = Math.min(Math.max(y, c.max.y - b), c.min.y - t);
    fitting = true;
    map.setView(map.unproject(L.point(x + size.x / 2, y + size.y / 2), z), z, {animate: false});
    fitting = false;
  }
  // Until the reader moves the map (drag, zoom, a card panned into view), a change of the
  // map's box fits the opening view again.
  var fitting = false, moved = false;
  // (a view restored from the URL is such a move: it wins over the opening fit)
  map.on("dragstart autopanstart", function () { moved = true; });
  map.on("movestart zoomstart", function () { if (!fitting) { moved = true; } });
  fitView();

  // Cards: as large as the uncovered part allows, panned into it. A card near the top of
  // the world may need the map to pan past its bounds: they are lifted while it is open.
  // Leaflet pans a card into view once as it opens, at its default size and padding, then
  // again here at the card's real size: two pans leave a view that depends on where the map
  // was (a card reopened from a copied link would move the map again). So a card pans
  // only here.
  function noFirstPan(popup) { if (popup) { popup.options.autoPan = false; } }
  ctx.features.forEach(function (f) { if (f.layer.getPopup) { noFirstPan(f.layer.getPopup()); } });
  var bounds = null;
  map.on("popupclose", function (e) {
    noFirstPan(e.popup);
    if (bounds) { map.setMaxBounds(bounds); bounds = null; }
  });
  map.on("popupopen", function (e) {
    if (map.options.maxBounds) { bounds = map.options.maxBounds; map.setMaxBounds(null); }
    var f = free(), popup = e.popup, o = popup.options;
    var w = f.right - f.left - 2 * GAP, h = f.bottom - f.top - 2 * GAP;
    o.maxWidth = Math.max(120, Math.min(440, w - 46));
    o.minWidth = Math.min(300, o.maxWidth);
    o.maxHeight = Math.max(80, h - 50);
    var pad = padding(f);
    o.autoPanPaddingTopLeft = pad.paddingTopLeft;
    o.autoPanPaddingBottomRight = pad.paddingBottomRight;
    o.autoPan = true;
    popup.update();
    var content = popup.getElement().querySelector(".leaflet-popup-content");
    if (content && content.scrollHeight > content.clientHeight) {
      content.tabIndex = 0;  // a scrolling card can be scrolled from the keyboard
    }
  });

  // The map's box may change without the window doing so (a fragment's column, full
  // screen, the page laid out for print): Leaflet is told, folds nobody has touched follow
  // the size, and an unmoved map fits its opening view again.
  var last = [root.clientWidth, root.clientHeight];
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      var now = [root.clientWidth, root.clientHeight];
      if (!now[0] || !now[1]) { return; }  // hidden (an iframe left out of print): no box
      if (now[0] === last[0] && now[1] === last[1]) { return; }
      last = now;
      applyFolds();
      map.invalidateSize({pan: false});
      if (!moved) { fitView(); }
    }).observe(root);
  }

  // Call once the slot's content is in place: its fold is shown, and the opening view
  // fitted clear of it.
  function filled() {
    toolsFold.hidden = !slot.children.length;
    if (!moved) { fitView(); }
  }

  ctx.layout = {slot: slot, filled: filled, panels: panels, free: free, fitView: fitView,
                padding: function () { return padding(free()); }};
};
