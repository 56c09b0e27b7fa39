/* Address suggestions from the city's address list, for the resident's report form and the call-taker console.
   Load before the page's own script, which calls suggestAddresses. Without it the typed address is geocoded
   on the server. */
(function () {
  "use strict";

  /* Fill `list` (the input's <datalist>) with the city addresses matching what is typed, once the typing
     pauses for `options.delay` ms. With `options.addressId` (a hidden input), a picked suggestion puts its
     city address id there and is not searched again. */
  window.suggestAddresses = function (input, list, searchUrl, options) {
    var known = new Map();  // suggested address -> its id in the city's address list
    var pending = null;
    input.addEventListener("input", function () {
      if (options.addressId) { options.addressId.value = known.get(input.value) || ""; }
      clearTimeout(pending);
      var query = input.value.trim();
      if (query.length < 3 || (options.addressId && known.has(input.value))) { return; }
      pending = setTimeout(function () {
        fetch(searchUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (found) {
            list.textContent = "";
            found.results.forEach(function (result) {
              known.set(result.address, result.address_id);
              var option = document.createElement("option");
              option.value = result.address;
              list.appendChild(option);
            });
          })
          .catch(function () { list.textContent = ""; });
      }, options.delay);
    });
  };
})();
