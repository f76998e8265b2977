// Service statistics charts (ECharts, vendored). Data comes from a json_script block (no inline script, CSP).
(function () {
  "use strict";
  var node = document.getElementById("service-chart-data");
  if (!node || typeof echarts === "undefined") return;
  var data = JSON.parse(node.textContent);
  // Tooltips drawn on the canvas: ECharts' HTML tooltips carry style="" attributes, which the CSP blocks.
  var tooltip = { renderMode: "richText" };
  var channels = echarts.init(document.getElementById("chart-channels"));
  channels.setOption({
    animation: false,
    grid: { left: 110, right: 50, top: 10, bottom: 30 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: data.channels, inverse: true },
    series: [{ type: "bar", data: data.rates, label: { show: true, position: "right", formatter: "{c}%" } }],
    tooltip: tooltip,
  });
  var daily = echarts.init(document.getElementById("chart-daily"));
  daily.setOption({
    animation: false,
    legend: { top: 0, data: ["创建", "送达", "用时中位数（小时）"] },
    grid: { left: 40, right: 50, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.days },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", name: "小时" }],
    series: [
      { name: "创建", type: "bar", data: data.created },
      { name: "送达", type: "bar", data: data.served },
      { name: "用时中位数（小时）", type: "line", yAxisIndex: 1, data: data.median, connectNulls: true },
    ],
    tooltip: Object.assign({ trigger: "axis" }, tooltip),
  });
  window.addEventListener("resize", function () { channels.resize(); daily.resize(); });
})();
