/* A full-screen button under the zoom control. */
geo.behaviours.fullscreen = function (ctx) {
  "use strict";
  var Fullscreen = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function () {
      var bar = L.DomUtil.create("div", "leaflet-bar geo-fullscreen");
      var b = L.DomUtil.create("a", "", bar);
      b.href = "#";
      b.setAttribute("role", "button");
      b.setAttribute("aria-label", "Toggle full screen");
      b.title = "Full screen";
      b.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" ' +
        'style="margin-top:7px"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" ' +
        'fill="none" stroke="#333" stroke-width="2"/></svg>';
      L.DomEvent.on(b, "click", function (e) {
        L.DomEvent.preventDefault(e);
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (ctx.root.requestFullscreen) { ctx.root.requestFullscreen(); }
      });
      return bar;
    }
  });
  new Fullscreen().addTo(ctx.map);
};
