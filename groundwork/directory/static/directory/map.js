// The directory's map: county outlines and points (clustered where dense) drawn with
// Leaflet from the page's GeoJSON, over a tile server only when the site configures one.
// The list beside the map is the page without JavaScript and its accessible alternative:
// every point is also a focusable marker that opens a link to its entry and to the list.
(function () {
  "use strict";
  var box = document.getElementById("directory-map");
  var status = document.querySelector("[data-map-status]");
  if (!box || !window.L || !window.fetch) {
    return;
  }
  var L = window.L;
  var text = box.dataset;

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (content) {
      node.textContent = content;
    }
    return node;
  }

  function popup(properties, id) {
    var body = element("div", "gw-map-popup");
    var title = element("a", "", properties.name);
    title.href = properties.url;
    body.appendChild(title);
    body.appendChild(element("p", "", properties.category + (properties.county ? " · " + properties.county : "")));
    var inList = element("a", "", text.inList);
    inList.href = "#" + id;
    inList.addEventListener("click", function () {
      var item = document.getElementById(id);
      if (item) {
        window.setTimeout(function () { item.focus(); }, 0);
      }
    });
    body.appendChild(inList);
    return body;
  }

  function draw(data) {
    box.hidden = false;
    var map = L.map(box, { zoomControl: false, keyboard: true, scrollWheelZoom: false, minZoom: 3, maxZoom: 18 });
    L.control.zoom({ zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut }).addTo(map);
    box.setAttribute("aria-label", text.label);
    box.setAttribute("role", "region");
    if (text.tiles) {
      L.tileLayer(text.tiles, { attribution: text.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var counties = L.geoJSON(data.counties, {
      style: function () {
        return { className: "gw-map-county", weight: 1.5, fill: true, fillOpacity: 0.08 };
      },
      onEachFeature: function (feature, layer) {
        var label = feature.properties.name;
        if (feature.properties.unplaced) {
          label += " · " + feature.properties.unplaced + " " + text.unplaced;
        }
        layer.bindTooltip(label, { sticky: true });
      }
    }).addTo(map);
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (group) {
        var count = group.getChildCount();
        var html = element("span");
        html.appendChild(element("span", "", String(count)));
        html.appendChild(element("span", "usa-sr-only", " " + text.cluster));
        return L.divIcon({ html: html.innerHTML, className: "gw-map-cluster", iconSize: [40, 40] });
      }
    });
    var points = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.marker(latlng, {
          title: feature.properties.name,
          keyboard: true,
          icon: L.divIcon({
            className: "gw-map-point gw-map-point--" + feature.properties.kind,
            iconSize: [22, 22]
          })
        });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(popup(feature.properties, feature.id));
      }
    });
    cluster.addLayer(points);
    map.addLayer(cluster);
    var bounds = counties.getBounds();
    if (points.getLayers().length) {
      bounds = bounds.isValid() ? bounds.extend(points.getBounds()) : points.getBounds();
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([39.5, -98.35], 3);
    }
  }

  fetch(text.source, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      if (window.console) {
        window.console.error(error);
      }
      box.hidden = true;
      if (status) {
        status.textContent = text.failed;
      }
    });
})();
