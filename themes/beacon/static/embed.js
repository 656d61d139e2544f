// Shows the "load it here" buttons of maps and donation forms, and swaps a button for its frame
// when the reader clicks it: nothing loads from the provider before that. Without this script
// the plain link beside each button is all there is, and it works.
document.querySelectorAll("button.embed-load[data-embed-src]").forEach(function (button) {
  button.hidden = false;
});
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button.embed-load[data-embed-src]");
  if (!button) return;
  var frame = document.createElement("iframe");
  frame.src = button.dataset.embedSrc;
  frame.title = button.dataset.embedTitle || "Embedded content";
  frame.className = "embed-frame";
  frame.loading = "lazy";
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  button.replaceWith(frame);
  frame.focus();
});
