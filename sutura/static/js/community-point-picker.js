/* The map picker of a GPS point, shared by the community form and the asset form
   (template part community/_point_picker.html): a tap (or click) places the point, its
   marker can be dragged, and either fills the latitude and longitude fields, which stay
   editable (typing moves the marker). The map opens on what the page gives (json_script
   "community-point-frame"): the point, the community's outline (drawn), its country; on the
   community form, choosing a country in the place picker moves a map with no point yet to
   that country (frame.countries: location id → centre). Only the background tiles need
   internet. Without JavaScript the map stays hidden and the typed fields work as before. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function typed(lat, lng) {
    var a = parseFloat(String(lat.value).replace(",", "."));
    var b = parseFloat(String(lng.value).replace(",", "."));
    if (isNaN(a) || isNaN(b) || a < -90 || a > 90 || b < -180 || b > 180) {
      return null;
    }
    return [a, b];
  }

  function start() {
    var box = document.getElementById("community-point-picker-box");
    var holder = document.getElementById("community-point-picker");
    var lat = document.getElementById("id_latitude");
    var lng = document.getElementById("id_longitude");
    var frame = readJson("community-point-frame") || {};
    if (!box || !holder || !lat || !lng || typeof window.L === "undefined") {
      return;
    }
    var L = window.L;
    box.hidden = false;
    if (holder.dataset.iconPath) {
      L.Icon.Default.imagePath = holder.dataset.iconPath;
    }
    var map = L.map(holder, { scrollWheelZoom: false });
    var note = document.getElementById("community-point-picker-note");
    var tiles = L.tileLayer(holder.dataset.tileUrl, {
      maxZoom: 19,
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
    var marker = null;

    function fill(latlng) {
      var point = latlng.wrap();
      lat.value = point.lat.toFixed(6);
      lng.value = point.lng.toFixed(6);
      [lat, lng].forEach(function (field) {
        field.dispatchEvent(new Event("input", { bubbles: true }));
      });
    }

    function put(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
        return;
      }
      var title = holder.dataset.markerTitle || "";
      marker = L.marker(latlng, { draggable: true, title: title, alt: title }).addTo(map);
      marker.on("dragend", function () {
        fill(marker.getLatLng());
      });
    }

    map.on("click", function (event) {
      put(event.latlng);
      fill(event.latlng);
    });
    [lat, lng].forEach(function (field) {
      field.addEventListener("change", function () {
        var point = typed(lat, lng);
        if (point) {
          put(point);
          map.panTo(point);
        }
      });
    });
    var clear = document.getElementById("community-point-picker-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
        lat.value = "";
        lng.value = "";
      });
    }

    /* The community form: a country chosen in the place picker (its first select, redrawn by
       htmx, hence the listener on the document) centres a map that has no point yet. */
    if (frame.countries) {
      document.addEventListener("change", function (event) {
        var target = event.target;
        if (!target || !target.name || !/__0$/.test(target.name) || marker) {
          return;
        }
        var centre = frame.countries[target.value];
        map.setView(centre || frame.fallback || [13.5, -6], centre ? 6 : 4);
      });
    }

    var given = typed(lat, lng);
    if (given) {
      put(given);
      map.setView(given, 16);
    } else if (frame.center && outline) {
      /* On the community's point, zoomed out enough to show its outline. */
      map.setView(frame.center, Math.min(map.getBoundsZoom(outline.getBounds().pad(0.1)), 16));
    } else if (frame.center) {
      map.setView(frame.center, frame.zoom || 13);
    } else if (outline) {
      map.fitBounds(outline.getBounds(), { padding: [16, 16], maxZoom: 16 });
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
