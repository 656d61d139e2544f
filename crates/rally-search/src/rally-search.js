// Starts Pagefind's search interface on the search page, searching for the address's `?q=`.
// The interface's stylesheets (`data-styles`: Pagefind's own, then the theme's, which adjusts it)
// are loaded here, with the interface they style, so they do not hold up the page's first paint;
// the interface starts once they are in.
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
  var sheets = (el.getAttribute("data-styles") || "").split(" ").filter(Boolean);
  var waiting = sheets.length;
  if (!waiting) return start();
  sheets.forEach(function (href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = link.onerror = function () {
      if (--waiting === 0) start();
    };
    document.head.appendChild(link);
  });

  function start() {
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: el.getAttribute("data-bundle"),
      baseUrl: "/",
      showImages: false,
      showSubResults: true,
      autofocus: true
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }
})();
