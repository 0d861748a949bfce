/* Keyboard order: the title and the map's controls (zoom, full screen, layers, legend, year
 * filter, credit: the layout behaviour's grid) come before the hundreds of features. The
 * grid is laid over the map, so moving it in the document does not move it on screen.
 * The title's skip link opens the text version it jumps to. Runs after every other
 * behaviour has added its control. */
geo.behaviours.keyboard = function (ctx) {
  "use strict";
  var container = ctx.map.getContainer();
  var controls = container.querySelector(".leaflet-control-container");
  if (controls) { container.insertBefore(controls, container.firstChild); }
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
