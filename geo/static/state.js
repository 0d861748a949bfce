/* Shareable state in the URL's fragment: the view (v=zoom/lat/lng), the overlays on
 * (l=slug,slug), the year filter (y=year), the story step (step=n) and the open card
 * (card=id), e.g. #v=5/42.10/140.20&l=trade-flows,energy-routes&card=r012 or #step=3.
 * Read when the page opens (and when the fragment changes), written as the reader moves,
 * with history.replaceState (no new history entry; where a page may not, as in some
 * iframes, the state is still copied by "Copy link"). Every value is checked when read: an
 * unknown layer or card, a view off the map, is ignored, never an error. With several maps
 * on one page the first owns the plain keys; the others use keys prefixed with their map
 * id ("mab12cd3.v=…"). */
geo.behaviours.state = function (ctx, options) {
  "use strict";
  var map = ctx.map, slugs = options.slugs;
  var first = document.querySelector(".geo-root") === ctx.root;
  var prefix = first ? "" : options.key + ".";
  var KEYS = ["v", "l", "y", "step", "card"];
  var years = ctx.root.querySelector(".geo-years input");

  function parse(hash) {
    var mine = {}, others = [];
    hash.replace(/^#/, "").split("&").forEach(function (part) {
      if (!part) { return; }
      var eq = part.indexOf("="), k = eq < 0 ? part : part.slice(0, eq);
      var v = eq < 0 ? "" : part.slice(eq + 1);
      var own = prefix ? k.indexOf(prefix) === 0 && KEYS.indexOf(k.slice(prefix.length)) >= 0
        : KEYS.indexOf(k) >= 0;
      if (own) {
        try { mine[k.slice(prefix.length)] = decodeURIComponent(v); } catch (e) { /* bad */ }
      } else { others.push(part); }
    });
    return {mine: mine, others: others};
  }
  function current() {
    var s = {}, step = ctx.story ? ctx.story.step() : 0;
    if (step) { s.step = String(step); }
    else {
      var c = map.getCenter(), z = map.getZoom();
      s.v = z + "/" + c.lat.toFixed(2) + "/" + c.lng.toFixed(2);
      s.l = ctx.overlaysOn().map(function (i) { return slugs[i]; }).join(",");
      if (years && years.value !== years.max) { s.y = years.value; }
    }
    if (ctx.cardId) { s.card = ctx.cardId; }
    return s;
  }
  function fragment() {
    var s = current(), parts = parse(location.hash).others.slice();
    KEYS.forEach(function (k) {
      if (s[k] !== undefined) {
        parts.push(prefix + k + "=" + encodeURIComponent(s[k]).replace(/%2C/g, ",")
          .replace(/%2F/g, "/"));
      }
    });
    return "#" + parts.join("&");
  }
  function restoreCard(id) {
    var f = id && ctx.pick(id);
    if (f && f.card) {
      ctx.groupOn(f.group, true);
      ctx.cardWanted = id;
      f.layer.openPopup();
    }
  }
  function restore(s) {
    var step = parseInt(s.step, 10);
    if (ctx.story && step >= 1 && step <= ctx.story.count) {
      ctx.story.go(step, function () { restoreCard(s.card); });
      return;
    }
    if (typeof s.l === "string") {
      var on = s.l.split(",").map(function (x) { return slugs.indexOf(x); })
        .filter(function (i) { return ctx.overlays.indexOf(i) >= 0; });
      if (on.length || s.l === "") { ctx.setOverlays(on); }
    }
    var y = parseInt(s.y, 10);
    if (years && y >= +years.min && y <= +years.max) {
      years.value = y;
      years.dispatchEvent(new Event("input"));
    }
    var v = (s.v || "").split("/").map(Number);
    if (v.length === 3 && v.every(isFinite) && Math.abs(v[1]) <= 90) {
      map.setView([v[1], v[2]], Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), v[0])),
                  {animate: false});
    }
    restoreCard(s.card);
  }

  var timer = null, writing = false;
  function write() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var h = fragment();
      if (h === (location.hash || "#")) { return; }
      writing = true;
      try { history.replaceState(history.state, "", h); } catch (e) { /* not allowed here */ }
      writing = false;
    }, 250);
  }
  ctx.stateChanged = write;
  // a page shown from text (an iframe's srcdoc, as in Jupyter) has no address to share:
  // its link is the fragment alone, to add to the map's address
  ctx.stateLink = function () {
    return location.protocol === "about:" ? fragment()
      : location.href.replace(/#.*$/, "") + fragment();
  };
  map.on("moveend overlayadd overlayremove popupopen popupclose", write);
  if (years) { years.addEventListener("input", write); }
  window.addEventListener("hashchange", function () {
    if (!writing) { restore(parse(location.hash).mine); }
  });

  // copy link: to the clipboard where allowed, else selected in a box to copy by hand
  var button = ctx.root.querySelector(".geo-copy-link");
  var box = ctx.root.querySelector(".geo-link-text");
  if (button) {
    L.DomEvent.disableClickPropagation(button.parentNode);
    button.addEventListener("click", function () {
      var url = ctx.stateLink();
      box.value = url;
      function manual() {
        box.hidden = false;
        box.focus();
        box.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        button.textContent = ok ? "Copied" : "Copy the link below";
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () {
          button.textContent = "Copied";
          box.hidden = true;
        }, manual);
      } else { manual(); }
      setTimeout(function () { button.textContent = "Copy link"; }, 2500);
    });
  }
  restore(parse(location.hash).mine);
};
