// First Step: small enhancements only. Every page works without this file.
(function () {
  "use strict";
})();
