// Enforcement indicators chart (ECharts, vendored). Data from a json_script block (no inline script, CSP).
(function () {
  "use strict";
  var node = document.getElementById("enforcement-indicators-data");
  var el = document.getElementById("chart-officers");
  if (!node || !el || typeof echarts === "undefined") return;
  var data = JSON.parse(node.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", renderMode: "richText" }, // canvas tooltips: HTML ones carry style="" (CSP)
    legend: { top: 0, data: ["执行到位率", "执行完毕率", "终本率", "按期发放率", "平均执行天数"] },
    grid: { left: 50, right: 50, top: 40, bottom: 40 },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 } },
    yAxis: [{ type: "value", name: "%", max: 100 }, { type: "value", name: "天" }],
    series: [
      { name: "执行到位率", type: "bar", data: data.recovery },
      { name: "执行完毕率", type: "bar", data: data.fulfilled },
      { name: "终本率", type: "bar", data: data.final },
      { name: "按期发放率", type: "bar", data: data.on_time },
      { name: "平均执行天数", type: "line", yAxisIndex: 1, data: data.days },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
