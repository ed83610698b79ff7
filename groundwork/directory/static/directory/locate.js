// "Use my location" on the directory's search form: fills the latitude and longitude boxes
// from the device (the visitor then presses Search). Without JavaScript the button stays
// hidden and the form asks for a town or typed coordinates instead.
(function () {
  "use strict";
  var button = document.querySelector("[data-locate]");
  var status = document.querySelector("[data-locate-status]");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  if (!button || !status || !lat || !lon || !("geolocation" in navigator)) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = status.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(5);
        lon.value = position.coords.longitude.toFixed(5);
        var near = document.getElementById("id_near");
        if (near) {
          near.value = "";
        }
        status.textContent = status.dataset.located;
      },
      function () {
        status.textContent = status.dataset.denied;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
