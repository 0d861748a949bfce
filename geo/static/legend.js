/* Legends follow their layers: a layer's legend section shows while the layer is on.
 * Theme headings group the layer control's overlays. */
geo.behaviours.legend = function (ctx, options) {
  "use strict";
  var sections = ctx.root.querySelectorAll(".geo-legend [data-layer]");
  function show(name, on) {
    sections.forEach(function (s) {
      if (s.dataset.layer === name) { s.hidden = !on; }
    });
  }
  ctx.map.on("overlayadd", function (e) { show(e.name, true); });
  ctx.map.on("overlayremove", function (e) { show(e.name, false); });
  var labels = ctx.map.getContainer().querySelectorAll(".leaflet-control-layers-overlays label");
  labels.forEach(function (label) {
    var heading = options.themes[label.textContent.trim()];
    if (heading) {
      var h = document.createElement("div");
      h.className = "geo-theme";
      h.textContent = heading;
      label.parentNode.insertBefore(h, label);
    }
  });
};
