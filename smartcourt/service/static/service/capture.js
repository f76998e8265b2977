// In-person service (直接送达) on a phone: take the GPS position and the time when the page opens and again right
// before sending, so the record carries where and when the photo was taken. No inline script (CSP).
(function () {
  "use strict";
  var form = document.getElementById("capture-form");
  if (!form) return;
  var status = document.getElementById("geo-status");
  var lat = document.getElementById("latitude");
  var lon = document.getElementById("longitude");
  var acc = document.getElementById("accuracy");
  var at = document.getElementById("captured_at");

  function show(text, cls) {
    status.textContent = text;
    status.className = "sc-geo small " + cls;
  }

  function locate() {
    if (!("geolocation" in navigator)) {
      show("此浏览器不支持定位，无法记录送达位置。", "sc-geo-fail");
      return;
    }
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        acc.value = Math.round(pos.coords.accuracy);
        at.value = new Date().toISOString();
        show("已定位：北纬 " + lat.value + "，东经 " + lon.value + "（精度约 " + acc.value + " 米）", "sc-geo-ok");
      },
      function (err) {
        show("未能获取定位（" + err.message + "）：请允许浏览器使用位置信息后重试。", "sc-geo-fail");
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }

  document.getElementById("photo").addEventListener("change", function () {
    at.value = new Date().toISOString();
    locate();
  });
  form.addEventListener("submit", function () {
    if (!at.value) at.value = new Date().toISOString();
  });
  locate();
})();
