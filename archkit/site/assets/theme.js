/* archkit site: light or dark. The choice of the toggle is kept (localStorage); without one the
   system's prefers-color-scheme decides (site.css). Loaded in <head> so the page never flashes. */
(function () {
  "use strict";
  var root = document.documentElement, KEY = "archkit-theme";
  root.classList.add("js");
  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  var chosen = stored();
  if (chosen === "light" || chosen === "dark") { root.setAttribute("data-theme", chosen); }
  function current() {
    var set = root.getAttribute("data-theme");
    if (set) { return set; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) { return; }
    var show = function () { button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false"); };
    show();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* a file:// page may not store */ }
      show();
    });
  });
}());
