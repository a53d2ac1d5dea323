/* Transcript → player: a turn's time link seeks the page's player instead of
   opening the recording. Without JavaScript the link still opens the
   recording at that time (media fragment #t=seconds). */
(function () {
  "use strict";
  var player = document.querySelector("[data-briefing-player]");
  if (!player) { return; }

  function seek(seconds) {
    var go = function () {
      player.currentTime = seconds;
      var playing = player.play();
      if (playing && playing.catch) { playing.catch(function () {}); }
    };
    if (player.readyState >= 1) { go(); } else { player.addEventListener("loadedmetadata", go, { once: true }); player.load(); }
    player.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-seek]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var seconds = parseFloat(link.getAttribute("data-seek"));
    if (isNaN(seconds)) { return; }
    seek(seconds);
    if (window.history && history.replaceState) { history.replaceState(null, "", "#t=" + seconds); }
  });

  // A shared link to the page with #t=SECONDS starts the player there.
  var match = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
  if (match) {
    var start = parseFloat(match[1]);
    if (player.readyState >= 1) { player.currentTime = start; } else {
      player.addEventListener("loadedmetadata", function () { player.currentTime = start; }, { once: true });
    }
  }
})();
