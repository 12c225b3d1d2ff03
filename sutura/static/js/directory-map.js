/* The directory map: markers come from the page itself (json_script), so they, their popups
   and the zoom to fit them work with no internet; only the background tiles need it. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function popup(properties, labels) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.name;
    box.appendChild(title);
    [properties.category, properties.provider].forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    if (properties.stale) {
      var flag = document.createElement("div");
      flag.className = "flag-stale";
      flag.textContent = labels.stale;
      box.appendChild(flag);
    }
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = labels.open;
    box.appendChild(link);
    return box;
  }

  function start() {
    var holder = document.getElementById("directory-map");
    var markers = readJson("directory-markers");
    var labels = readJson("directory-map-labels") || {};
    if (!holder || !markers || typeof window.L === "undefined") {
      return;
    }
    var L = window.L;
    if (holder.dataset.iconPath) {
      L.Icon.Default.imagePath = holder.dataset.iconPath;
    }
    var map = L.map(holder, { scrollWheelZoom: false });
    var note = document.getElementById("directory-map-note");
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
    var layer = L.geoJSON(markers, {
      pointToLayer: function (feature, latlng) {
        var name = feature.properties.name;
        return L.marker(latlng, { title: name, alt: name });
      },
      onEachFeature: function (feature, marker) {
        marker.bindPopup(popup(feature.properties, labels));
      }
    }).addTo(map);
    if (layer.getLayers().length > 0) {
      map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 13 });
    } else {
      map.setView([13.5, -6], 4); /* West and Central Africa */
    }
    holder.classList.add("is-ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
