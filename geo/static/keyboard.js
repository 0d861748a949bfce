/* Keyboard order: the title and the map's controls (zoom, full screen, layers, legend, year
 * filter, credit: the layout behaviour's grid) come before the map and its hundreds of
 * features. The grid is laid over the map, so its place in the document is not its place
 * on screen.
 * The title's skip link opens the text version it jumps to. Runs after every other
 * behaviour has added its control. */
geo.behaviours.keyboard = function (ctx) {
  "use strict";
  var root = ctx.root, grid = root.querySelector(".geo-layout");
  if (grid && grid !== root.firstElementChild) { root.insertBefore(grid, root.firstChild); }
  var skip = root.querySelector(".geo-skip"), text = root.querySelector(".geo-text");
  if (skip && text) {
    skip.addEventListener("click", function (e) {
      e.preventDefault();  // no jump by fragment: the host page's URL stays its own
      text.open = true;
      var body = text.querySelector(".geo-text-body");
      if (body) { body.focus(); }
    });
  }
};
