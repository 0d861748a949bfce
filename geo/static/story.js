/* The story: the article's argument step by step (data/story.csv). The step bar's
 * previous and next buttons (or the arrow keys while the bar has focus) go to a step: its
 * layers on and the others off, its features highlighted, the view on them, its sentence
 * shown. "Explore freely" (or Escape) leaves the story with the map as it is. The steps'
 * titles and sentences are read from the text version, which lists them. */
geo.behaviours.story = function (ctx, options) {
  "use strict";
  var steps = options.steps, bar = ctx.root.querySelector(".geo-story");
  if (!steps.length || !bar) { return; }
  var map = ctx.map, N = steps.length, current = 0;
  var items = ctx.root.querySelectorAll(".geo-story-steps li");
  var prev = bar.querySelector(".geo-story-prev"), next = bar.querySelector(".geo-story-next");
  var exit = bar.querySelector(".geo-story-exit"), count = bar.querySelector(".geo-story-count");
  var body = bar.querySelector(".geo-story-body");
  var intro = count.textContent;
  L.DomEvent.disableClickPropagation(bar);
  L.DomEvent.disableScrollPropagation(bar);

  function words(n, cls) {
    var el = items[n - 1] && items[n - 1].querySelector(cls);
    return el ? el.textContent : "";
  }
  function allYears() {
    var y = ctx.root.querySelector(".geo-years input");
    if (y && y.value !== y.max) {
      y.value = y.max;
      y.dispatchEvent(new Event("input"));
    }
  }
  function go(n, then) {
    n = Math.max(1, Math.min(N, Math.floor(n) || 1));
    var s = steps[n - 1];
    current = n;
    ctx.root.removeAttribute("data-geo-step");
    map.closePopup();
    allYears();  // a step shows all its features, whatever year was chosen
    ctx.setOverlays(s.layers);
    ctx.highlight(s.highlight);
    var view = s.bbox ? L.latLngBounds([[s.bbox[1], s.bbox[0]], [s.bbox[3], s.bbox[2]]])
      : ctx.boundsOf(s.fit);
    count.textContent = "Step " + n + " of " + N;
    bar.querySelector(".geo-story-title").textContent = words(n, ".geo-story-step-title");
    bar.querySelector(".geo-story-quote").textContent = words(n, ".geo-story-step-quote");
    body.hidden = false;
    exit.hidden = false;
    prev.disabled = n === 1;
    next.disabled = n === N;
    next.textContent = "Next";
    next.setAttribute("aria-label", "Next step");
    var settle = function () {
      if (current === n) { ctx.root.setAttribute("data-geo-step", n); }
      if (then) { then(); }
      if (ctx.stateChanged) { ctx.stateChanged(); }
    };
    if (view.isValid()) { ctx.moveTo(view, settle); } else { settle(); }
  }
  function leave() {
    current = 0;
    ctx.highlight([]);
    ctx.root.removeAttribute("data-geo-step");
    count.textContent = intro;
    body.hidden = true;
    exit.hidden = true;
    prev.disabled = true;
    next.disabled = false;
    next.textContent = "Start";
    next.removeAttribute("aria-label");
    if (ctx.stateChanged) { ctx.stateChanged(); }
  }
  L.DomEvent.on(prev, "click", function () { go(current - 1); });
  L.DomEvent.on(next, "click", function () { go(current + 1); });
  L.DomEvent.on(exit, "click", function () { leave(); bar.focus(); });
  L.DomEvent.on(bar, "keydown", function (e) {
    var key = e.key;
    if (key === "ArrowRight" || key === "ArrowDown") { go(current + 1); }
    else if (key === "ArrowLeft" || key === "ArrowUp") { if (current > 1) { go(current - 1); } }
    else if (key === "Escape" && current) { leave(); }
    else { return; }
    L.DomEvent.preventDefault(e);
    L.DomEvent.stopPropagation(e);  // the map's own arrow keys pan it
  });
  ctx.story = {
    go: go,
    leave: leave,
    count: N,
    step: function () { return current; }
  };
};
