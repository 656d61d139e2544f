// Starts Pagefind's search interface on the search page, searching for the address's `?q=`.
(function () {
  var el = document.getElementById("search");
  if (!el || typeof PagefindUI === "undefined") return;
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
})();
