// Rally's editor: small additions to forms that work without it. Filters the list as you
// type, asks for alt text once a photo path is given, and warns before leaving unsaved changes.
(function () {
  "use strict";
  var filter = document.querySelector("input[data-filter]");
  if (filter) {
    var items = document.querySelectorAll(filter.getAttribute("data-filter"));
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      items.forEach(function (li) {
        li.hidden = q !== "" && li.getAttribute("data-search").indexOf(q) < 0;
      });
      document.querySelectorAll("#files section").forEach(function (s) {
        s.hidden = s.querySelectorAll("li:not([hidden])").length === 0;
      });
    });
  }
  document.querySelectorAll("input.image[data-alt]").forEach(function (image) {
    var alt = document.querySelector(image.getAttribute("data-alt"));
    if (!alt) return;
    var sync = function () { alt.required = image.value.trim() !== ""; };
    image.addEventListener("input", sync);
    sync();
  });
  var form = document.getElementById("edit");
  if (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("reset", function () { dirty = false; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
  }
})();
