// Draws the coverage page's chart from the table beside it: <div data-coverage-chart="TABLE-ID" hidden> and a
// <table id="TABLE-ID"> whose body rows are a <th> (the bar's label) and a <td data-value> (its height). The table and
// the summary sentence stay on the page for screen readers and without script; the chart is the same data as a picture,
// with decal patterns on the bars so it never relies on colour alone. ECharts comes from npm (wwwroot/lib, see
// Guild.Web.csproj); if it is missing the page keeps its table and nothing else happens.
export async function attach(element) {
  const table = document.getElementById(element.dataset.coverageChart);
  if (!table) {
    return;
  }
  const rows = [...table.tBodies[0].rows].map((row) => ({
    label: row.cells[0].textContent.trim(),
    value: Number(row.querySelector("[data-value]")?.dataset.value ?? 0),
  }));
  let echarts;
  try {
    echarts = await import("../lib/echarts/echarts.esm.min.js");
  } catch {
    return;
  }
  element.hidden = false;
  // SVG: crisp at any zoom, and no canvas for screen readers to stumble on (the container is one labelled image).
  const chart = echarts.init(element, null, { renderer: "svg" });
  const styles = getComputedStyle(document.documentElement);
  const color = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
  const labelWidth = () => Math.max(48, element.clientWidth / Math.max(rows.length, 1) - 12);
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    // Every label shown, wrapped within its bar's share of the width (a phone has room for about 100 px each).
    xAxis: {
      type: "category",
      data: rows.map((r) => r.label),
      axisLabel: { interval: 0, width: labelWidth(), overflow: "break", color: color("--color-text", "#1c2430") },
    },
    yAxis: { type: "value", minInterval: 1, axisLabel: { color: color("--color-text-muted", "#4f5b6b") } },
    series: [{
      type: "bar",
      data: rows.map((r, index) => ({
        value: r.value,
        itemStyle: { color: [color("--color-danger", "#b42318"), color("--color-accent", "#b3541e"), color("--color-primary", "#1f5f8b")][index % 3] },
      })),
      label: { show: true, position: "top", color: color("--color-text", "#1c2430") },
      barMaxWidth: 64,
    }],
  });
  new ResizeObserver(() => {
    chart.setOption({ xAxis: { axisLabel: { width: labelWidth() } } });
    chart.resize();
  }).observe(element);
}
