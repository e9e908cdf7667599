// 履职动态: share a post from a phone (the system's share sheet), or copy its link. No inline scripts (CSP).
(function () {
  "use strict";
  var status = document.querySelector(".post-share-status");

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(done); });
      return;
    }
    var input = document.getElementById("post-url");
    if (input) {
      input.select();
      document.execCommand("copy");
      say(done);
    }
  }

  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    if (!navigator.share) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({
        title: button.getAttribute("data-share-title"),
        text: button.getAttribute("data-share-text"),
        url: button.getAttribute("data-share-url"),
      }).catch(function () {});
    });
  });
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-from"));
    if (!input) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(input.value, button.getAttribute("data-copied"));
    });
  });
})();
