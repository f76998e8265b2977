// Shared courts on a plain coordinate plane (no external map tiles): ECharts scatter of longitude/latitude,
// symbol size by activity. Data from a json_script block (CSP).
(function () {
  "use strict";
  var node = document.getElementById("mediation-sites-data");
  if (!node || typeof echarts === "undefined") return;
  var data = JSON.parse(node.textContent);
  var el = document.getElementById("chart-sites");
  if (!el) return;
  var c = echarts.init(el);
  c.setOption({
    animation: false,
    grid: { left: 60, right: 140, top: 20, bottom: 40 },
    xAxis: { type: "value", name: "经度", scale: true },
    yAxis: { type: "value", name: "纬度", scale: true },
    tooltip: { renderMode: "richText", formatter: function (p) { return p.name + "：受理 " + p.value[2] + " 件"; } },
    series: [{
      type: "scatter", data: data.points,
      symbolSize: function (v) { return 8 + Math.min(30, Math.sqrt(v[2]) * 3); },
      label: { show: true, position: "right", formatter: "{b}" },
    }],
  });
  window.addEventListener("resize", function () { c.resize(); });
})();
