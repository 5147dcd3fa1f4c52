// rectify: the behaviours of the pages of the daily work. No inline scripts
// (the content security policy refuses them): pages mark elements with
// data- attributes and this file wires them.
//
//   <div data-chart="units|statuses|weeks" data-chart-data="{…}">  an ECharts chart
//   <input type="file" data-max-bytes="…" data-max-total="…" data-max-count="…">
//                                                  says at once when files are too large
//   <button data-print>                            prints the page
(function () {
  "use strict";

  var RED = "#a8151a", GREEN = "#1a7f37", YELLOW = "#e0a100", GREY = "#9aa0a8", FONT =
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

  // esc makes text safe inside the HTML of a chart's tooltip: unit names
  // are typed by people, and ECharts sets a formatter's result as HTML.
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function chartOptions(kind, data) {
    var base = { textStyle: { fontFamily: FONT }, animation: false };
    if (kind === "units") {
      var units = data.units || [];
      return Object.assign(base, {
        grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, className: "chart-tip",
          formatter: function (ps) { var u = units[ps[0].dataIndex];
            return esc(u.name) + "<br>完成率 " + u.rate + "%（" + u.done + "/" + u.total + "）"; } },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", inverse: true, data: units.map(function (u) { return u.name; }),
          axisLabel: { width: 110, overflow: "truncate" } },
        series: [{ type: "bar", barMaxWidth: 16, data: units.map(function (u) {
          var c = u.rate >= 90 ? GREEN : (u.rate >= 60 ? "#d39e00" : RED);
          return { value: u.rate, itemStyle: { color: c } }; }),
          label: { show: true, position: "right", formatter: "{c}%" } }]
      });
    }
    if (kind === "statuses") {
      var statuses = data.statuses || [];
      var counts = {};
      statuses.forEach(function (s) { counts[s.name] = s.value; });
      return Object.assign(base, {
        tooltip: { trigger: "item", className: "chart-tip", formatter: function (p) {
          return esc(p.name) + "：" + p.value + "（" + p.percent + "%）"; } },
        legend: { orient: "vertical", right: 4, top: "middle", itemWidth: 12, itemHeight: 10,
          formatter: function (name) { return name + "  " + counts[name]; } },
        series: [{ type: "pie", radius: ["45%", "72%"], center: ["34%", "50%"], avoidLabelOverlap: true,
          minShowLabelAngle: 12, label: { position: "inside", formatter: "{d}%", fontSize: 10, color: "#fff" },
          data: statuses.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: s.color } }; }) }]
      });
    }
    var w = data.weeks || { labels: [], overdue: [], yellow: [], other: [] };
    return Object.assign(base, {
      grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, itemWidth: 12, itemHeight: 10 },
      xAxis: { type: "category", data: w.labels, axisLabel: { interval: 0, rotate: 35, fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "已逾期", type: "bar", stack: "due", data: w.overdue, itemStyle: { color: RED } },
        { name: "黄灯", type: "bar", stack: "due", data: w.yellow, itemStyle: { color: YELLOW } },
        { name: "其他到期", type: "bar", stack: "due", data: w.other, itemStyle: { color: GREY } }
      ]
    });
  }

  function initCharts() {
    if (!window.echarts) {
      return;
    }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data;
      try { data = JSON.parse(el.getAttribute("data-chart-data")); } catch (e) { return; }
      var kind = el.getAttribute("data-chart");
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(chartOptions(kind, data));
      if (kind === "units") {
        chart.on("click", function (p) {
          var u = (data.units || [])[p.dataIndex];
          if (u) { window.location.href = "/overview?unit=" + encodeURIComponent(u.id); }
        });
      }
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  function size(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.ceil(n / 1024) + " KB";
  }

  // Files too large are said at once, before a long upload is refused.
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) {
      return;
    }
    var max = +input.getAttribute("data-max-bytes"), total = +input.getAttribute("data-max-total") || 0,
      count = +input.getAttribute("data-max-count") || 0, sum = 0, msg = "";
    Array.prototype.forEach.call(input.files, function (f) {
      sum += f.size;
      if (f.size > max && !msg) {
        msg = "文件“" + f.name + "”有 " + size(f.size) + "，超过 " + input.getAttribute("data-max-file") + " 的上限。";
      }
    });
    if (!msg && total && sum > total) { msg = "所选文件合计 " + size(sum) + "，超过 " + size(total) + " 的上限。"; }
    if (!msg && count && input.files.length > count) { msg = "一次最多上传 " + count + " 个文件。"; }
    var box = input.parentNode.querySelector("[data-file-error]");
    if (box) { box.textContent = msg; box.hidden = !msg; }
    input.setCustomValidity(msg);
  });

  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) {
      window.print();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initCharts);
  } else {
    initCharts();
  }
})();
