/* Draw the map's features from the compact payload of geo/payload.py (ctx.data.drawing,
 * unpacked by geo/static/run.js) into its Leaflet layer groups: paths and circles with their
 * tooltips, popups and labels; large sets on a canvas. Dated features are handed on in
 * ctx.dated for the year filter, features with data ids in ctx.features. */
geo.behaviours.drawing = function (ctx, options) {
  "use strict";
  var groups = ctx.groups;
  var data = ctx.data.drawing;

  // Google's Encoded Polyline Algorithm: text to [L.LatLng, ...]. A line in a higher
  // difference order (a great circle, order 3) gives, from its point n on, the
  // order-th difference when n >= order (else the n-th): d[m] keeps the m-th differences.
  function decode(text, decimals, order) {
    var out = [], i = 0, f = Math.pow(10, decimals), lat = [0], lng = [0];
    function next() {
      var b, shift = 0, v = 0;
      do {
        b = text.charCodeAt(i++) - 63;
        v |= (b & 31) << shift;
        shift += 5;
      } while (b >= 32);
      return v & 1 ? ~(v >> 1) : v >> 1;
    }
    function step(d, value, m) {
      d[m] = value;
      for (var j = m - 1; j >= 0; j--) { d[j] += d[j + 1]; }
      return d[0];
    }
    while (i < text.length) {
      var m = Math.min(out.length, order);
      var y = step(lat, next(), m), x = step(lng, next(), m);
      out.push(new L.LatLng(y / f, x / f));
    }
    return out;
  }

  // A geometry record ([type, decimals, data]) as Leaflet latlngs, decoded once: partner
  // countries reuse the basemap's.
  var decoded = [];
  function latlngs(index) {
    if (!decoded[index]) {
      var g = data.geoms[index], d = g[1], order = g[3] || 1;
      var line = function (t) { return decode(t, d, order); };
      var rings = function (r) { return r.map(line); };
      decoded[index] = g[0] === "o" ? g[2] : g[0] === "l" ? line(g[2])
        : g[0] === "P" ? g[2].map(rings) : g[2].map(line);
    }
    return decoded[index];
  }

  var tip = {sticky: true, className: "geo-tooltip"};
  var pop = {maxWidth: 440, className: "geo-popup",
             autoPanPaddingTopLeft: [60, options.popupTop],
             autoPanPaddingBottomRight: [60, 20]};
  // Each text is its pieces' numbers (data.width base-64 digits each): join the pieces.
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var T = data.texts.map(function (code) {
    var out = "", w = data.width;
    for (var i = 0; i < code.length; i += w) {
      var n = 0;
      for (var k = 0; k < w; k++) { n = n * 64 + DIGITS.indexOf(code.charAt(i + k)); }
      out += data.pieces[n];
    }
    return out;
  });
  var canvas = {};

  // One canvas per large layer, so a toggle redraws only that layer; it leaves the map with
  // its layer (Leaflet would keep an empty canvas to clear and move at every pan).
  function canvasOf(index) {
    if (!canvas[index]) {
      var renderer = canvas[index] = L.canvas({padding: 0.25});
      groups[index].on("remove", function () {
        if (renderer._map) { renderer._map.removeLayer(renderer); }
      });
    }
    return canvas[index];
  }

  function label(part, group, at, text) {
    L.marker(at, {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({
        html: '<span class="geo-label">' + text + "</span>",
        iconSize: [160, 16],
        iconAnchor: part.label_only ? [80, 8] : [-9, 8],
        className: part.label_class
      })
    }).addTo(group);
  }

  function feature(part, group, f) {
    var g = data.geoms[f[0]], at = latlngs(f[0]), style = data.styles[f[1]], layer;
    if (part.label_only) {
      label(part, group, at, T[f[5]]);
      return;
    }
    if (part.canvas) {
      style = L.extend({renderer: canvasOf(part.group)}, style);
    }
    if (g[0] === "o") {
      layer = L.circleMarker(at, L.extend({radius: part.radius}, style));
    } else if (g[0] === "p" || g[0] === "P") {
      layer = L.polygon(at, style);
    } else {
      layer = L.polyline(at, style);
    }
    if (f[2] >= 0) { layer.bindTooltip(T[f[2]], tip); }
    if (f[3] >= 0) { layer.bindPopup(T[f[3]], pop); }
    if (f[4] !== null) { ctx.dated.push({layer: layer, group: group, year: f[4]}); }
    if (f[6]) {  // features by their data ids, for story steps, search and the table
      ctx.features.push({layer: layer, group: part.group, ids: f[6].split(" "),
                         tip: f[2] >= 0 ? T[f[2]] : "", card: f[3] >= 0});
    }
    layer.addTo(group);
    if (f[5] >= 0) { label(part, group, g[0] === "o" ? at : layer.getCenter(), T[f[5]]); }
  }

  function draw(part) {
    var group = groups[part.group];
    part.features.forEach(function (f) { feature(part, group, f); });
  }

  // Names alone for a closer zoom are made when the map first gets there, not at load:
  // most of them are never seen, and each is an element to lay out.
  var later = [];
  data.parts.forEach(function (part) {
    if (part.label_only && part.label_zoom > ctx.map.getZoom()) { later.push(part); }
    else { draw(part); }
  });
  function catchUp() {
    var zoom = ctx.map.getZoom();
    later = later.filter(function (part) {
      if (part.label_zoom > zoom) { return true; }
      draw(part);
      return false;
    });
    if (!later.length) { ctx.map.off("zoomend", catchUp); }
  }
  if (later.length) { ctx.map.on("zoomend", catchUp); }
};
