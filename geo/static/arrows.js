/* Arrowheads for directed lines: one SVG marker per colour and size, and a CSS rule that
 * puts it at the end (marker-end) of every line with the class geo-arrow-<colour>-<size>. */
geo.behaviours.arrows = function (ctx, options) {
  "use strict";
  var NS = "http://www.w3.org/2000/svg", map = ctx.map;
  var rules = document.createElement("style");
  rules.textContent = options.arrows.map(function (spec) {
    var name = "geo-arrow-" + spec[0].slice(1) + "-" + spec[1];
    return "." + name + " { marker-end: url(#" + name + "); }";
  }).join("\n");
  ctx.root.appendChild(rules);
  function addMarkers() {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    if (!svg || svg.querySelector("defs.geo-arrows")) { return; }
    var defs = document.createElementNS(NS, "defs");
    defs.setAttribute("class", "geo-arrows");
    options.arrows.forEach(function (spec) {
      var color = spec[0], size = spec[1];
      var m = document.createElementNS(NS, "marker");
      m.setAttribute("id", "geo-arrow-" + color.slice(1) + "-" + size);
      m.setAttribute("viewBox", "0 0 10 10");
      m.setAttribute("refX", "7");
      m.setAttribute("refY", "5");
      m.setAttribute("markerUnits", "strokeWidth");
      m.setAttribute("markerWidth", size);
      m.setAttribute("markerHeight", size);
      m.setAttribute("orient", "auto");
      var p = document.createElementNS(NS, "path");
      p.setAttribute("d", "M0,0 L10,5 L0,10 L2.5,5 z");
      p.setAttribute("fill", color);
      m.appendChild(p);
      defs.appendChild(m);
    });
    svg.insertBefore(defs, svg.firstChild);
  }
  addMarkers();
  map.on("layeradd", addMarkers);
};
