/* archkit site search: the prebuilt index (archkit/site/search.py) searched in the browser.
   No dependency, no network but the index's own file; results are written with textContent only. */
(function () {
  "use strict";
  var MAX_RESULTS = 20;
  var WORD = /[\p{L}\p{N}_]+/gu;
  var SCHEME = /^([a-z][a-z0-9+.\-]*):/i;

  function tokens(text) {
    var found = String(text).normalize("NFKC").toLowerCase().match(WORD) || [];
    return found.filter(function (t) { return t.length >= 2 || /^\p{N}+$/u.test(t); });
  }

  function safeUrl(url) {
    var scheme = SCHEME.exec(url);
    if (/[\s\\<>"'`]/.test(url)) { return null; }
    if (scheme && !/^https?$/i.test(scheme[1])) { return null; }
    return url;
  }

  /* The index's script (data-script), added to the page on the first use of the box: a page that is only
     read never loads it, and a script element works from file:// where fetch does not. */
  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () {
        if (window.archkitSearchIndex) { resolve(window.archkitSearchIndex); } else { reject(new Error("empty index")); }
      };
      script.onerror = function () { reject(new Error("the index did not load")); };
      document.head.appendChild(script);
    });
  }

  function loadIndex(form) {
    if (window.archkitSearchIndex) { return Promise.resolve(window.archkitSearchIndex); }
    var inline = document.getElementById("archkit-search-index");
    if (inline) { return Promise.resolve(JSON.parse(inline.textContent)); }
    var script = form.getAttribute("data-script");
    if (script && safeUrl(script) && !SCHEME.test(script)) { return loadScript(script); }
    var url = form.getAttribute("data-index");
    if (!url || !safeUrl(url)) { return Promise.reject(new Error("no search index")); }
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("search index: HTTP " + r.status); }
      return r.json();
    });
  }

  /* Documents holding every query token (whole, or as the start of one of theirs); per token the best
     hit counts: a whole title token 8, the start of one 4, a whole text token 2, the start of one 1. */
  function search(index, query) {
    var words = tokens(query);
    if (!words.length) { return []; }
    var total = null;
    words.forEach(function (word) {
      var scores = {};
      [["title", 8, 4], ["text", 2, 1]].forEach(function (field) {
        var terms = index[field[0]];
        Object.keys(terms).forEach(function (term) {
          var weight = term === word ? field[1] : (term.lastIndexOf(word, 0) === 0 ? field[2] : 0);
          if (!weight) { return; }
          terms[term].forEach(function (doc) { scores[doc] = Math.max(scores[doc] || 0, weight); });
        });
      });
      if (total === null) {
        total = scores;
      } else {
        var kept = {};
        Object.keys(total).forEach(function (doc) {
          if (scores[doc]) { kept[doc] = total[doc] + scores[doc]; }
        });
        total = kept;
      }
    });
    return Object.keys(total).map(Number).sort(function (a, b) {
      return (total[b] - total[a]) || (a - b);
    }).slice(0, MAX_RESULTS).map(function (n) { return index.docs[n]; });
  }

  /* A document's url: a string, or the number of an earlier document whose url it is. */
  function urlOf(index, doc) {
    var url = doc[4];
    return typeof url === "number" && index.docs[url] && typeof index.docs[url][4] === "string" ?
      index.docs[url][4] : String(url);
  }

  function resultItem(doc, url, base) {
    var li = document.createElement("li");
    url = safeUrl(url);
    var link = document.createElement(url === null ? "span" : "a");
    if (url !== null) { link.setAttribute("href", SCHEME.test(url) ? url : base + url); }
    var title = document.createElement("span");
    title.className = "archkit-search-title";
    title.textContent = doc[2];
    var kind = document.createElement("span");
    kind.className = "archkit-search-kind";
    kind.textContent = doc[1] ? " " + doc[0] + " · " + doc[1] : " " + doc[0];
    link.appendChild(title);
    link.appendChild(kind);
    li.appendChild(link);
    if (doc[3]) {
      var snippet = document.createElement("p");
      snippet.className = "archkit-search-snippet";
      snippet.textContent = doc[3];
      li.appendChild(snippet);
    }
    return li;
  }

  function attach(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".archkit-search-results");
    var status = form.querySelector(".archkit-search-status");
    var base = form.getAttribute("data-base") || "";
    if (!input || !list) { return; }
    var loaded = null;

    /* The index, loaded on the first use of the box; a load that failed is tried again on the next use. */
    function index() {
      if (loaded === null) {
        loaded = loadIndex(form);
        loaded.catch(function () { loaded = null; });
      }
      return loaded;
    }

    function show(query) {
      index().then(function (data) {
        if (input.value !== query) { return; }
        var found = search(data, query);
        while (list.firstChild) { list.removeChild(list.firstChild); }
        found.forEach(function (doc) { list.appendChild(resultItem(doc, urlOf(data, doc), base)); });
        if (status) {
          status.textContent = query.trim() === "" ? "" :
            (found.length ? found.length + (found.length === 1 ? " result" : " results") : "No results");
        }
      }, function (err) {
        if (status) { status.textContent = "Search is unavailable: " + err.message; }
      });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) { window.location.href = first.href; }
    });
    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("focus", index);
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) { input.focus(); } else { all[at - 1].focus(); }
      } else if (event.key === "Escape") {
        input.value = "";
        show("");
        input.focus();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.archkit-search"), attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
