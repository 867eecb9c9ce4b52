/* archkit site: pan and zoom of the diagrams (.ak-viewer) by moving the SVG's viewBox.
   Mouse: wheel zooms at the pointer, drag pans. Touch: one finger pans, two pinch. Keyboard on the
   focused diagram: + and - zoom, arrows pan, 0 fits. Clicks on elements follow their links unless the
   pointer dragged. The legend button shows the diagram's legend beside it. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg", MIN = 0.25, MAX = 24, STEP = 1.25, MOVE = 48;

  function setup(figure) {
    var canvas = figure.querySelector(".ak-canvas"), svg = canvas && canvas.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) { return; }
    var b = svg.viewBox.baseVal, home = { x: b.x, y: b.y, w: b.width, h: b.height }, cur = copy(home);
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

    function copy(v) { return { x: v.x, y: v.y, w: v.w, h: v.h }; }
    function apply() { svg.setAttribute("viewBox", [cur.x, cur.y, cur.w, cur.h].join(" ")); }
    function scale(r) { return Math.max(cur.w / r.width, cur.h / r.height) || 1; }
    function zoom(factor, cx, cy) {
      var r = svg.getBoundingClientRect(), s = scale(r);
      var level = home.w / (cur.w / factor);
      if (level < MIN || level > MAX) { return; }
      if (cx === undefined) { cx = r.left + r.width / 2; cy = r.top + r.height / 2; }
      var px = cur.x + (cx - r.left - (r.width - cur.w / s) / 2) * s;
      var py = cur.y + (cy - r.top - (r.height - cur.h / s) / 2) * s;
      cur = { x: px - (px - cur.x) / factor, y: py - (py - cur.y) / factor, w: cur.w / factor, h: cur.h / factor };
      apply();
    }
    function pan(dx, dy) {
      var s = scale(svg.getBoundingClientRect());
      cur.x -= dx * s; cur.y -= dy * s; apply();
    }
    function fit() { cur = copy(home); apply(); }
    function size() {  /* as tall as the diagram at the page's width, at most three quarters of the screen */
      var tall = canvas.clientWidth * home.h / home.w;
      canvas.style.height = Math.round(Math.max(200, Math.min(window.innerHeight * 0.75, tall))) + "px";
    }
    size();
    window.addEventListener("resize", size);

    var pointers = {}, count = 0, moved = false, pinch = 0;
    function spread() {
      var p = Object.keys(pointers).map(function (k) { return pointers[k]; });
      return { d: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y), x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
    }
    canvas.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "mouse" && e.button !== 0) { return; }
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY }; count += 1; moved = false;
      if (count === 2) { pinch = spread().d; }
    });
    canvas.addEventListener("pointermove", function (e) {
      var last = pointers[e.pointerId];
      if (!last) { return; }
      var dx = e.clientX - last.x, dy = e.clientY - last.y;
      if (count === 1) {
        if (!moved && Math.abs(dx) + Math.abs(dy) < 5) { return; }
        if (!moved) { moved = true; canvas.setPointerCapture(e.pointerId); canvas.classList.add("dragging"); }
        pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
        pan(dx, dy);
      } else if (count === 2) {
        pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
        var now = spread();
        if (pinch > 0) { zoom(now.d / pinch, now.x, now.y); }
        pinch = now.d; moved = true;
      }
    });
    function release(e) {
      if (pointers[e.pointerId]) { delete pointers[e.pointerId]; count -= 1; }
      pinch = 0; canvas.classList.remove("dragging");
    }
    canvas.addEventListener("pointerup", release);
    canvas.addEventListener("pointercancel", release);
    canvas.addEventListener("click", function (e) {
      if (moved) { e.preventDefault(); e.stopPropagation(); moved = false; }
    }, true);
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002)), e.clientX, e.clientY);
    }, { passive: false });
    canvas.addEventListener("keydown", function (e) {
      var keys = { "+": [zoom, STEP], "=": [zoom, STEP], "-": [zoom, 1 / STEP], "_": [zoom, 1 / STEP] };
      var arrows = { ArrowLeft: [MOVE, 0], ArrowRight: [-MOVE, 0], ArrowUp: [0, MOVE], ArrowDown: [0, -MOVE] };
      if (e.ctrlKey || e.metaKey || e.altKey) { return; }
      if (keys[e.key]) { keys[e.key][0](keys[e.key][1]); } else if (arrows[e.key]) { pan(arrows[e.key][0], arrows[e.key][1]); }
      else if (e.key === "0") { fit(); } else { return; }
      e.preventDefault();
    });
    canvas.addEventListener("focusin", function (e) {  /* a link reached with Tab is brought into sight */
      if (e.target === canvas) { return; }
      var r = e.target.getBoundingClientRect(), c = canvas.getBoundingClientRect();
      if (r.left < c.left || r.right > c.right || r.top < c.top || r.bottom > c.bottom) {
        pan(c.left + c.width / 2 - (r.left + r.width / 2), c.top + c.height / 2 - (r.top + r.height / 2));
      }
    });
    figure.querySelectorAll(".ak-toolbar button").forEach(function (button) {
      var act = button.getAttribute("data-act");
      button.addEventListener("click", function () {
        if (act === "in") { zoom(STEP); } else if (act === "out") { zoom(1 / STEP); } else if (act === "fit") { fit(); }
        else if (act === "legend") { toggleLegend(figure, svg, button); }
      });
      if (act === "legend" && !svg.querySelector("[data-ak-legend]")) { button.hidden = true; }
    });
  }

  function toggleLegend(figure, svg, button) {
    var panel = figure.querySelector(".ak-legend"), legend = svg.querySelector("[data-ak-legend]");
    if (!panel || !legend) { return; }
    if (!panel.firstChild) {
      var box = legend.getBBox(), pad = 4, copy = legend.cloneNode(true), frame = document.createElementNS(NS, "svg");
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
      frame.setAttribute("viewBox", [box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad].join(" "));
      frame.setAttribute("width", String(box.width + 2 * pad));
      frame.setAttribute("role", "img");
      frame.setAttribute("aria-label", "Legend");
      frame.appendChild(copy);
      panel.appendChild(frame);
    }
    panel.hidden = !panel.hidden;
    button.setAttribute("aria-expanded", panel.hidden ? "false" : "true");
    if (!panel.hidden) { panel.scrollIntoView({block: "nearest"}); }  // below the fold it seemed to do nothing
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".ak-viewer").forEach(setup);
  });
}());
