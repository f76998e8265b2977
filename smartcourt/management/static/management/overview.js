// Court overview charts (ECharts, vendored). Data comes from a json_script block (no inline script, CSP).
// A click on a bar opens the case list filtered to what the bar counts.
(function () {
  "use strict";
  var node = document.getElementById("overview-chart-data");
  if (!node || typeof echarts === "undefined") return;
  var data = JSON.parse(node.textContent);
  var listUrl = "/cases/";

  function monthRange(ym) {
    var parts = ym.split("-"), y = +parts[0], m = +parts[1];
    var last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [ym + "-01", ym + "-" + (last < 10 ? "0" + last : last)];
  }

  var months = echarts.init(document.getElementById("chart-months"));
  months.setOption({
    animation: false,
    legend: { top: 0, data: ["收案", "结案", "月末未结"] },
    grid: { left: 44, right: 44, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.months, axisLabel: { formatter: function (v) { return v.slice(2); } } },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
    series: [
      { name: "收案", type: "bar", data: data.filed },
      { name: "结案", type: "bar", data: data.closed },
      { name: "月末未结", type: "line", yAxisIndex: 1, data: data.pending },
    ],
    tooltip: { trigger: "axis", renderMode: "richText" },  // drawn on the canvas: no inline-styled HTML (CSP)
  });
  months.on("click", function (p) {
    if (p.seriesType !== "bar") return;
    var r = monthRange(data.months[p.dataIndex]);
    var key = p.seriesName === "收案" ? "filed" : "closed";
    window.location.href = listUrl + "?" + key + "_from=" + r[0] + "&" + key + "_to=" + r[1];
  });

  var divisions = echarts.init(document.getElementById("chart-divisions"));
  divisions.setOption({
    animation: false,
    legend: { top: 0, data: ["收案", "结案", "未结", "超审限"] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.divisions, inverse: true },
    series: [
      { name: "收案", type: "bar", data: data.division_filed },
      { name: "结案", type: "bar", data: data.division_closed },
      { name: "未结", type: "bar", data: data.division_pending },
      { name: "超审限", type: "bar", data: data.division_overdue, itemStyle: { color: "#dc3545" } },
    ],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
  });
  divisions.on("click", function (p) {
    var id = data.division_ids[p.dataIndex];
    if (!id) return;
    var extra = { "未结": "&open=on", "超审限": "&period=overdue" }[p.seriesName] || "";
    window.location.href = listUrl + "?division=" + id + extra;
  });
  window.addEventListener("resize", function () { months.resize(); divisions.resize(); });
})();
