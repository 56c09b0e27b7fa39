/* The work queue on a map (Leaflet): overdue requests as squares, the rest as circles. Without
   JavaScript the table below lists every request of the queue. */
(function () {
  "use strict";

  function marker(request) {
    var overdue = request.due === "overdue";
    var options = { color: "#1b1b1b", weight: 1, fillOpacity: 0.9, fillColor: overdue ? "#b50909" : "#005ea2" };
    if (!overdue) { return L.circleMarker([request.lat, request.lon], Object.assign({ radius: 6 }, options)); }
    var d = 0.0004;
    return L.rectangle([[request.lat - d, request.lon - d], [request.lat + d, request.lon + d]], options);
  }

  function popup(request) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = request.url;
    link.textContent = request.id;
    box.appendChild(link);
    box.appendChild(document.createTextNode(" — " + request.service + ", " + request.status));
    return box;
  }

  function setUp(element) {
    var map = L.map(element, { scrollWheelZoom: false, attributionControl: false, zoomSnap: 0.25 }).setView([0, 0], 2);
    fetch(element.dataset.source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var bounds = [];
        data.requests.forEach(function (request) {
          marker(request).bindPopup(popup(request)).addTo(map);
          bounds.push([request.lat, request.lon]);
        });
        if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 }); }
        element.dataset.shown = String(data.shown);
      })
      .catch(function () { element.dataset.failed = "true"; });
    fetch(element.dataset.areas, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (areas) {
        L.geoJSON(areas, { interactive: false, style: function () {
          return { color: "#71767a", weight: 1, fillColor: "#dfe1e2", fillOpacity: 0.3 };
        } }).addTo(map).bringToBack();
      })
      .catch(function () { /* outlines are decoration */ });
  }

  if (window.L) { document.querySelectorAll("[data-queue-map]").forEach(setUp); }
})();
