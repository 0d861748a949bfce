/* The year filter: a slider that takes dated features off their layer groups while their
 * year is after the one chosen, and puts them back after (Leaflet's removeLayer/addLayer,
 * so SVG and canvas layers alike). Features without a year are never filtered, and
 * the control says so (options.note). */
geo.behaviours.years = function (ctx, options) {
  "use strict";
  var lo = options.range[0], hi = options.range[1];
  if (!(lo < hi)) { return; }
  var YearFilter = L.Control.extend({
    options: {position: "bottomleft"},
    onAdd: function () {
      var box = L.DomUtil.create("div", "geo-panel geo-years");
      var label = L.DomUtil.create("label", "", box);
      label.htmlFor = options.id;
      label.appendChild(document.createTextNode(options.label + " "));
      var out = L.DomUtil.create("output", "", label);
      var input = L.DomUtil.create("input", "", box);
      if (options.note) {  // shown on wide maps; on compact ones, the slider's description
        var note = L.DomUtil.create("span", "geo-years-note", box);
        note.textContent = options.note;
        note.id = options.id + "-note";
        input.setAttribute("aria-describedby", note.id);
        input.title = options.note;
      }
      input.id = options.id;
      input.type = "range";
      input.step = 1;
      input.min = lo; input.max = hi; input.value = hi; out.textContent = hi;
      function apply() {
        var upTo = +input.value;
        out.textContent = upTo;
        ctx.dated.forEach(function (d) {
          var shown = d.group.hasLayer(d.layer);
          if (d.year > upTo && shown) { d.group.removeLayer(d.layer); }
          else if (d.year <= upTo && !shown) { d.group.addLayer(d.layer); }
        });
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.on(input, "input", apply);
      return box;
    }
  });
  new YearFilter().addTo(ctx.map);
};
