/* Features by their data ids, for the story, search, table and URL state: find them
 * (ctx.featuresOf), highlight them (ctx.highlight), switch layers (ctx.setOverlays), and
 * fly to one and open its card (ctx.showFeature). Highlighted features are drawn wider
 * with a halo (story.css, geo-lit); canvas features only wider. */
geo.behaviours.focus = function (ctx, options) {
  "use strict";
  var map = ctx.map, byId = {}, lit = [];
  // the story bar and search box go into the layout's slot at the top of the map, after
  // the map's controls in keyboard order; the opening view is fitted clear of them
  var topBar = ctx.root.querySelector(".geo-top");
  if (topBar) {
    while (topBar.firstChild) { ctx.layout.slot.appendChild(topBar.firstChild); }
    topBar.parentNode.removeChild(topBar);
    ctx.layout.filled();
  }
  ctx.features.forEach(function (f) {
    f.ids.forEach(function (id) { (byId[id] = byId[id] || []).push(f); });
  });
  ctx.featuresOf = function (id) {
    return Object.prototype.hasOwnProperty.call(byId, id) ? byId[id] : [];
  };
  ctx.overlays = options.slugs.map(function (s, i) { return i; })
    .filter(function (i) { return !options.base[i]; });
  ctx.slugs = options.slugs;

  ctx.groupOn = function (i, on) {
    var g = ctx.groups[i];
    if (on && !map.hasLayer(g)) { map.addLayer(g); }
    else if (!on && map.hasLayer(g)) { map.removeLayer(g); }
  };
  // exactly the overlays with these group indexes on; the base layer is left alone
  ctx.setOverlays = function (on) {
    ctx.overlays.forEach(function (i) { ctx.groupOn(i, on.indexOf(i) >= 0); });
  };
  ctx.overlaysOn = function () {
    return ctx.overlays.filter(function (i) { return map.hasLayer(ctx.groups[i]); });
  };

  // the centre and zoom fitBounds(bounds, opts) would move to, from Leaflet's public API
  // (the same arithmetic as fitBounds: padding shifts the centre by half its difference)
  function fitTarget(map, bounds, opts) {
    var tl = L.point(opts.paddingTopLeft || [0, 0]);
    var br = L.point(opts.paddingBottomRight || [0, 0]);
    var zoom = Math.min(opts.maxZoom, map.getBoundsZoom(bounds, false, tl.add(br)));
    if (zoom === Infinity) { return {center: bounds.getCenter(), zoom: zoom}; }
    var sw = map.project(bounds.getSouthWest(), zoom);
    var ne = map.project(bounds.getNorthEast(), zoom);
    var centre = sw.add(ne).divideBy(2).add(br.subtract(tl).divideBy(2));
    return {center: map.unproject(centre, zoom), zoom: zoom};
  }

  function extend(bounds, f) {
    var l = f.layer;
    if (l.getBounds) { bounds.extend(l.getBounds()); } else { bounds.extend(l.getLatLng()); }
  }
  ctx.boundsOf = function (ids) {
    var b = L.latLngBounds([]);
    ids.forEach(function (id) {
      ctx.featuresOf(id).forEach(function (f) { extend(b, f); });
    });
    return b;
  };

  function glow(f) {
    var l = f.layer, o = l.options;
    f.was = {weight: o.weight, radius: o.radius};
    l.setStyle({weight: (o.weight || 1) + 3});
    if (l.setRadius) { l.setRadius((o.radius || 4) + 3); }
    if (l._path) { L.DomUtil.addClass(l._path, "geo-lit"); }
    if (map.hasLayer(l) && l.bringToFront) { l.bringToFront(); }
  }
  function dim(f) {
    var l = f.layer;
    l.setStyle({weight: f.was.weight});
    if (l.setRadius) { l.setRadius(f.was.radius); }
    if (l._path) { L.DomUtil.removeClass(l._path, "geo-lit"); }
  }
  // highlight the features with these ids (and no others); [] clears
  ctx.highlight = function (ids) {
    lit.forEach(dim);
    lit = [];
    ids.forEach(function (id) {
      var all = ctx.featuresOf(id);
      var drawn = all.filter(function (f) { return !options.base[f.group]; });
      // a country's land on the basemap only when no layer draws the country itself
      (drawn.length ? drawn : all).forEach(function (f) {
        if (lit.indexOf(f) < 0) { lit.push(f); glow(f); }
      });
    });
    ctx.lit = lit.slice();
  };
  ctx.lit = [];

  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // move the view to bounds, clear of the panels at the top; then call done
  ctx.moveTo = function (bounds, done) {
    // clear of every panel (the layout's free rectangle)
    var opts = L.extend({maxZoom: 7}, ctx.layout.padding());
    // already there: nothing to wait for
    var target = fitTarget(map, bounds, opts);
    var same = target.zoom === map.getZoom() &&
      map.latLngToContainerPoint(target.center).distanceTo(map.getSize().divideBy(2)) < 2;
    if (same) { if (done) { done(); } return; }
    if (done) { map.once("moveend", function () { done(); }); }
    if (still) { map.fitBounds(bounds, L.extend({animate: false}, opts)); }
    else { map.flyToBounds(bounds, L.extend({duration: 0.8}, opts)); }
  };

  // the feature's layer on, the view on it, its card open (if it has one); ``id``: the
  // row of the card asked for (a line's card lists several), kept in the URL
  ctx.showFeature = function (f, openCard, id) {
    ctx.cardWanted = id;
    if (ctx.story && ctx.story.step()) { ctx.story.leave(); }  // now exploring freely
    ctx.highlight(f.ids);
    if (!options.base[f.group]) { ctx.groupOn(f.group, true); }
    var b = L.latLngBounds([]);
    extend(b, f);
    map.closePopup();
    ctx.moveTo(b, function () {
      if (openCard && f.card && map.hasLayer(f.layer)) { f.layer.openPopup(); }
    });
  };
  // the feature of an id, preferring one whose layer is on, then one with a card
  ctx.pick = function (id, group) {
    var all = ctx.featuresOf(id);
    function score(f) {
      return (f.group === group ? 4 : 0) + (map.hasLayer(ctx.groups[f.group]) ? 2 : 0) +
        (f.card ? 1 : 0);
    }
    return all.slice().sort(function (a, b) { return score(b) - score(a); })[0] || null;
  };
  // the open card's feature and id, for the URL state
  ctx.openCard = ctx.cardId = null;
  map.on("popupopen", function (e) {
    var src = e.popup._source, f = null;
    ctx.features.forEach(function (g) { if (g.layer === src) { f = g; } });
    ctx.openCard = f;
    ctx.cardId = !f ? null : f.ids.indexOf(ctx.cardWanted) >= 0 ? ctx.cardWanted : f.ids[0];
    ctx.cardWanted = null;
  });
  map.on("popupclose", function () { ctx.openCard = ctx.cardId = null; });
};
