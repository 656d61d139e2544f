// Swaps a video's poster (a plain link to the video) for the player when the reader clicks it:
// nothing loads from YouTube before that.
document.addEventListener("click", function (event) {
  var poster = event.target.closest && event.target.closest("a.video-poster[data-youtube]");
  if (!poster || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(poster.dataset.youtube) + "?autoplay=1";
  frame.title = poster.dataset.title || "Video";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.className = "video-frame";
  poster.replaceWith(frame);
  frame.focus();
});
