/* Report a problem: the location map. Tap to drop a pin, "use my location", address suggestions.
   Without this script the page works as a plain form (the typed address is geocoded on the server). */
(function () {
  "use strict";
  var tools = document.querySelector("[data-report-map]");
  if (!tools || typeof window.L === "undefined") { return; }
  var form = tools.closest("form");
  var latInput = form.querySelector("input[name=lat]");
  var lonInput = form.querySelector("input[name=lon]");
  var addressInput = form.querySelector("input[name=address]");
  var suggestions = document.getElementById("address-suggestions");
  var status = tools.querySelector("[data-map-status]");
  var text = document.getElementById("report-map-text").dataset;
  var frame = JSON.parse(document.getElementById("report-map-frame").textContent || "{}");
  var marker = null;

  tools.hidden = false;
  var map = L.map("report-map", { attributionControl: false });
  if (frame.outlines) {
    L.geoJSON(frame.outlines, { style: { color: "#005ea2", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
  }
  if (frame.bounds) { map.fitBounds(frame.bounds); } else { map.setView([0, 0], 2); }

  function placePin(lat, lon) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (marker) { marker.setLatLng([lat, lon]); }
    else { marker = L.circleMarker([lat, lon], { radius: 10, color: "#d83933", weight: 3, fillOpacity: 0.6 }).addTo(map); }
    fetch(tools.dataset.addressAtUrl + "?lat=" + encodeURIComponent(lat) + "&lon=" + encodeURIComponent(lon), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (found) {
        if (!found.inside_city) { status.textContent = text.outside; return; }
        if (found.address) { addressInput.value = found.address; status.textContent = text.pinned + " " + found.address; }
        else { status.textContent = text.pinnedNoAddress; }
      })
      .catch(function () { status.textContent = ""; });
  }

  map.on("click", function (event) { placePin(event.latlng.lat, event.latlng.lng); });
  if (latInput.value && lonInput.value) {
    var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
    marker = L.circleMarker([lat, lon], { radius: 10, color: "#d83933", weight: 3, fillOpacity: 0.6 }).addTo(map);
    map.setView([lat, lon], Math.max(map.getZoom(), 15));
  }

  var locate = tools.querySelector("[data-use-my-location]");
  if (!navigator.geolocation) { locate.hidden = true; }
  locate.addEventListener("click", function () {
    status.textContent = text.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var here = [position.coords.latitude, position.coords.longitude];
      map.setView(here, 17);
      placePin(here[0], here[1]);
    }, function () { status.textContent = text.noLocation; }, { enableHighAccuracy: true, timeout: 15000 });
  });

  // Typing an address replaces the pin: the server geocodes what was typed.
  addressInput.addEventListener("input", function () {
    latInput.value = "";
    lonInput.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
  });
  window.suggestAddresses(addressInput, suggestions, tools.dataset.searchUrl, { delay: 250 });
})();
