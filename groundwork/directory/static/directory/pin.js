// A pin on the map for the latitude and longitude boxes of the location and asset forms:
// a click or tap (or dragging the pin) fills the boxes, and typing in them moves the pin.
// Without JavaScript the boxes are typed as usual. Numbers are written with a point.
(function () {
  "use strict";
  var box = document.querySelector("[data-pin]");
  if (!box || !window.L || !window.fetch) {
    return;
  }
  var L = window.L;
  var lat = document.getElementById(box.dataset.lat);
  var lon = document.getElementById(box.dataset.lon);
  var holder = box.querySelector("[data-pin-map]");
  if (!lat || !lon || !holder) {
    return;
  }
  var marker = null;

  function typed() {
    var y = parseFloat(String(lat.value).replace(",", "."));
    var x = parseFloat(String(lon.value).replace(",", "."));
    if (isNaN(y) || isNaN(x) || y < -90 || y > 90 || x < -180 || x > 180) {
      return null;
    }
    return L.latLng(y, x);
  }

  function fill(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
  }

  function place(map, latlng) {
    if (marker) {
      marker.setLatLng(latlng);
      return;
    }
    marker = L.marker(latlng, {
      draggable: true,
      keyboard: true,
      title: holder.dataset.pinTitle,
      icon: L.divIcon({ className: "gw-map-point gw-map-point--service", iconSize: [22, 22] })
    }).addTo(map);
    marker.on("dragend", function () {
      fill(marker.getLatLng());
    });
  }

  fetch(box.dataset.source, { credentials: "same-origin" })
    .then(function (response) {
      return response.ok ? response.json() : { counties: { type: "FeatureCollection", features: [] } };
    })
    .then(function (data) {
      box.hidden = false;
      var map = L.map(holder, { zoomControl: false, scrollWheelZoom: false, minZoom: 3, maxZoom: 18 });
      L.control.zoom({ zoomInTitle: holder.dataset.zoomIn, zoomOutTitle: holder.dataset.zoomOut }).addTo(map);
      if (box.dataset.tiles) {
        L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution || "", maxZoom: 18 }).addTo(map);
      }
      var counties = L.geoJSON(data.counties, {
        style: function () {
          return { className: "gw-map-county", weight: 1.5, fillOpacity: 0.08 };
        }
      }).addTo(map);
      var start = typed();
      if (counties.getBounds().isValid()) {
        map.fitBounds(counties.getBounds(), { padding: [8, 8] });
      } else {
        map.setView(start || [39.5, -98.35], start ? 12 : 3);
      }
      if (start) {
        place(map, start);
      }
      map.on("click", function (event) {
        place(map, event.latlng);
        fill(event.latlng);
      });
      [lat, lon].forEach(function (input) {
        input.addEventListener("change", function () {
          var point = typed();
          if (point) {
            place(map, point);
          }
        });
      });
    })
    .catch(function () {
      box.hidden = true;
    });
})();
