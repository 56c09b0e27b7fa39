/* Maps of requests (Leaflet): one point on the track page, the filtered list on /requests/.
   Without JavaScript the pages still say where (address, coordinates) and list every request. */
(function () {
  "use strict";

  var OPEN_COLOR = "#d54309";
  var DONE_COLOR = "#00a91c";
  var DONE = { resolved: true, closed: true };

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function drawAreas(map, url, state) {
    if (!url) { return; }
    getJSON(url).then(function (areas) {
      var layer = L.geoJSON(areas, {
        interactive: false,
        style: function () { return { color: "#71767a", weight: 1, fillColor: "#dfe1e2", fillOpacity: 0.4 }; }
      }).addTo(map).bringToBack();
      if (!state.fitted && layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
    }).catch(function () { /* outlines are decoration: the points still show */ });
  }

  function point(map, lat, lon, color) {
    return L.circleMarker([lat, lon], { radius: 7, color: "#1b1b1b", weight: 1, fillColor: color, fillOpacity: 0.9 })
      .addTo(map);
  }

  function link(request) {
    var anchor = document.createElement("a");
    anchor.href = request.url;
    anchor.textContent = request.id;
    var box = document.createElement("div");
    box.appendChild(anchor);
    box.appendChild(document.createTextNode(" — " + request.service + ", " + request.status_label + " (" + request.requested + ")"));
    return box;
  }

  function showRequests(map, element, state) {
    getJSON(element.dataset.source).then(function (data) {
      var bounds = [];
      data.requests.forEach(function (request) {
        var color = DONE[request.status] ? DONE_COLOR : OPEN_COLOR;
        point(map, request.lat, request.lon, color).bindPopup(link(request));
        bounds.push([request.lat, request.lon]);
      });
      if (bounds.length) {
        state.fitted = true;
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
      }
      element.dataset.shown = String(data.shown);
    }).catch(function () {
      element.dataset.failed = "true";
    });
  }

  function setUp(element) {
    element.style.height = element.dataset.lat ? "18rem" : "28rem";
    var map = L.map(element, { scrollWheelZoom: false, attributionControl: false });
    var state = { fitted: Boolean(element.dataset.lat) };
    if (element.dataset.lat) {
      var lat = parseFloat(element.dataset.lat);
      var lon = parseFloat(element.dataset.lon);
      map.setView([lat, lon], 15);
      point(map, lat, lon, OPEN_COLOR);
    } else {
      map.setView([0, 0], 2);
      showRequests(map, element, state);
    }
    drawAreas(map, element.dataset.areas, state);
  }

  if (window.L) {
    document.querySelectorAll("[data-requests-map]").forEach(setUp);
  }
})();
