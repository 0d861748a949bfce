/* The page's behaviours, one small file each (geo/static/*.js), all inlined by
 * geo/render.py. Each registers itself as geo.behaviours[name] = function (ctx, options);
 * geo.run calls them in order with one shared context per map: the Leaflet map, its layer
 * groups (in the order of the model's layers), the map's root element, and what the
 * behaviours hand on to each other (ctx.dated: the features the year filter shows or
 * hides; ctx.features: those drawn with data ids, {layer, group, ids, tip, card}: its Leaflet layer, group index, ids, tooltip HTML,
 * whether it has a card).
 * Before the first behaviour, the map's data block (geo/payload.py: deflated JSON in base 64)
 * is unpacked into ctx.data: {drawing, csv, countries}.
 * The context stays on the root element (root.geo) for the host page's own scripts. */
var geo = window.geo || (window.geo = {behaviours: {}});
geo.unpack = function (block) {
  "use strict";
  var text = atob(block.textContent), size = Number(block.getAttribute("data-size"));
  var packed = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) { packed[i] = text.charCodeAt(i); }
  var out = geo.inflate(packed, new Uint8Array(size));
  if (out.length !== size) { throw new Error("geo: the map's data block is damaged"); }
  return JSON.parse(new TextDecoder().decode(out));
};
geo.run = function (ctx, steps) {
  "use strict";
  ctx.data = geo.unpack(ctx.root.querySelector("script.geo-data"));
  ctx.dated = [];
  ctx.features = [];
  ctx.root.geo = ctx;
  steps.forEach(function (step) { geo.behaviours[step[0]](ctx, step[1]); });
  return ctx;
};
