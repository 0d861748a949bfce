/* The page's behaviours, one small file each (geo/static/*.js), all inlined by
 * geo/render.py. Each registers itself as geo.behaviours[name] = function (ctx, options);
 * geo.run calls them in order with one shared context per map: the Leaflet map, its layer
 * groups (in the order of the model's layers), the map's root element, and what the
 * behaviours hand on to each other (ctx.dated: the features the year filter shows or
 * hides; ctx.features: those drawn with data ids, {layer, group, ids, tip, card}: its Leaflet layer, group index, ids, tooltip HTML,
 * whether it has a card).
 * The context stays on the root element (root.geo) for the host page's own scripts. */
var geo = window.geo || (window.geo = {behaviours: {}});
geo.run = function (ctx, steps) {
  "use strict";
  ctx.dated = [];
  ctx.features = [];
  ctx.root.geo = ctx;
  steps.forEach(function (step) { geo.behaviours[step[0]](ctx, step[1]); });
  return ctx;
};
