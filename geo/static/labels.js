/* Labels held back until a zoom level: the map's container carries geo-zoom-<n> for every
 * level n it has reached, and page.css shows geo-label-z<n> labels under it. */
geo.behaviours.labels = function (ctx, options) {
  "use strict";
  var map = ctx.map;
  function zoomClasses() {
    var c = map.getContainer(), z = map.getZoom();
    for (var n = 1; n <= options.maxZoom; n++) {
      c.classList.toggle("geo-zoom-" + n, z >= n);
    }
  }
  zoomClasses();
  map.on("zoomend", zoomClasses);
};
