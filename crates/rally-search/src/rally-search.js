// Starts Pagefind's search interface on the search page, searching for the address's `?q=`.
// Pagefind's own stylesheet (`data-styles`) is loaded here, with the interface it styles, so it does
// not hold up the page's first paint; it goes before the theme's search styles (`#search-styles`),
// which adjust it.
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
  var css = el.getAttribute("data-styles");
  if (!css) return start();
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = css;
  link.onload = link.onerror = start;
  document.head.insertBefore(link, document.getElementById("search-styles"));

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
