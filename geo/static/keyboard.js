/* Keyboard order: the map's controls (zoom, full screen, layers, year filter) come right
 * after the title, before the hundreds of features; the legend after them. Both are
 * positioned absolutely, so moving them in the document does not move them on screen.
 * The title's skip link opens the text version it jumps to. Runs after every other
 * behaviour has added its control. */
geo.behaviours.keyboard = function (ctx) {
  "use strict";
  var container = ctx.map.getContainer();
  var controls = container.querySelector(".leaflet-control-container");
  if (controls) { container.insertBefore(controls, container.firstChild); }
  var legend = ctx.root.querySelector(".geo-legend");
  if (legend) { ctx.root.appendChild(legend); }
  var skip = ctx.root.querySelector(".geo-skip"), text = ctx.root.querySelector(".geo-text");
  if (skip && text) {
    skip.addEventListener("click", function (e) {
      e.preventDefault();  // no jump by fragment: the host page's URL stays its own
      text.open = true;
      var body = text.querySelector(".geo-text-body");
      if (body) { body.focus(); }
    });
  }
};
