/* The community's assets on a map: markers come from the page itself (json_script), so
   they, their popups and the zoom to fit them work with no internet; only the background
   tiles need it. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.name;
    box.appendChild(title);
    var line = document.createElement("div");
    line.textContent = properties.kind;
    box.appendChild(line);
    return box;
  }

  function start() {
    var holder = document.getElementById("community-assets-map");
    var markers = readJson("community-assets-markers");
    var frame = readJson("community-assets-frame") || {};
    if (!holder || !markers || typeof window.L === "undefined") {
      return;
    }
    var L = window.L;
    if (holder.dataset.iconPath) {
      L.Icon.Default.imagePath = holder.dataset.iconPath;
    }
    var map = L.map(holder, { scrollWheelZoom: false });
    var note = document.getElementById("community-assets-map-note");
    var tiles = L.tileLayer(holder.dataset.tileUrl, {
      maxZoom: 18,
      attribution: holder.dataset.attribution
    });
    tiles.on("tileerror", function () {
      if (note) {
        note.classList.add("is-offline");
      }
    });
    tiles.addTo(map);
    var outline = frame.outline
      ? L.geoJSON(frame.outline, { interactive: false, className: "community-outline" }).addTo(map)
      : null;
    /* One colour per kind (CSS class, same as the legend under the map). */
    var layer = L.geoJSON(markers, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 10,
          className: "asset-marker asset-kind-" + feature.properties.code
        });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(popup(feature.properties));
      }
    }).addTo(map);
    if (layer.getLayers().length > 0) {
      var bounds = layer.getBounds();
      if (outline) {
        bounds.extend(outline.getBounds());
      }
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else if (frame.center) {
      map.setView(frame.center, frame.zoom || 13);
    } else if (outline) {
      map.fitBounds(outline.getBounds(), { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([13.5, -6], 4); /* West Africa */
    }
    holder.classList.add("is-ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
