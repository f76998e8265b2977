// Mediation funnel charts (ECharts, vendored). Data from a json_script block (no inline script, CSP).
(function () {
  "use strict";
  var node = document.getElementById("mediation-chart-data");
  if (!node || typeof echarts === "undefined") return;
  var data = JSON.parse(node.textContent);
  var tooltip = { renderMode: "richText" }; // canvas tooltips: HTML ones carry style="" which the CSP blocks
  var charts = [];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el);
    option.animation = false;
    option.tooltip = Object.assign(option.tooltip || {}, tooltip);
    c.setOption(option);
    charts.push(c);
  }
  chart("chart-funnel", {
    series: [{
      type: "funnel", sort: "none", left: 10, right: 10, top: 10, bottom: 10, minSize: "8%",
      label: { show: true, position: "inside", formatter: "{b}：{c}" },
      data: data.stages.map(function (s, i) { return { name: s, value: data.total[i] }; }),
    }],
  });
  chart("chart-areas", {
    legend: { top: 0, data: ["进入调解", "调解成功", "转立案", "万人成讼率"] },
    grid: { left: 50, right: 50, top: 40, bottom: 40 },
    xAxis: { type: "category", data: data.areas, axisLabel: { interval: 0, rotate: data.areas.length > 6 ? 30 : 0 } },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", name: "每万人" }],
    series: [
      { name: "进入调解", type: "bar", data: data.area_entered },
      { name: "调解成功", type: "bar", data: data.area_settled },
      { name: "转立案", type: "bar", data: data.area_filed },
      { name: "万人成讼率", type: "line", yAxisIndex: 1, data: data.area_rate },
    ],
    tooltip: { trigger: "axis" },
  });
  chart("chart-months", {
    legend: { top: 0, data: ["进入调解", "调解成功", "转立案"] },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "进入调解", type: "line", data: data.month_entered },
      { name: "调解成功", type: "line", data: data.month_settled },
      { name: "转立案", type: "line", data: data.month_filed },
    ],
    tooltip: { trigger: "axis" },
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
