// Draws the reach page's chart from the table beside it: <div data-reach-chart="TABLE-ID" hidden> and a <table id="TABLE-ID">
// whose header names the series (after the first column) and whose body rows are a <th> (the week) and <td data-value>s.
// Views and people reached are lines (solid and dashed, with different symbols); "helped" and "did not help" are bars with
// decal patterns: nothing relies on colour alone. Like coverage-chart.js, the table and the summary sentence stay the
// accessible form; without ECharts the page keeps its table.
export async function attach(element) {
  const table = document.getElementById(element.dataset.reachChart);
  if (!table) {
    return;
  }
  const names = [...table.tHead.rows[0].cells].slice(1).map((cell) => cell.textContent.trim());
  const rows = [...table.tBodies[0].rows];
  const weeks = rows.map((row) => row.cells[0].textContent.trim());
  const values = names.map((_, index) => rows.map((row) => Number(row.querySelectorAll("[data-value]")[index]?.dataset.value ?? 0)));
  let echarts;
  try {
    echarts = await import("../lib/echarts/echarts.esm.min.js");
  } catch {
    return;
  }
  element.hidden = false;
  const chart = echarts.init(element, null, { renderer: "svg" });
  const styles = getComputedStyle(document.documentElement);
  const color = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
  const text = color("--color-text", "#1c2430");
  const palette = [color("--color-primary", "#1f5f8b"), color("--color-accent", "#b3541e"), color("--color-success", "#2e7d32"), color("--color-danger", "#b42318")];
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
    color: palette,
    legend: { top: 0, textStyle: { color: text } },
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: weeks, axisLabel: { color: text, hideOverlap: true } },
    yAxis: { type: "value", minInterval: 1, axisLabel: { color: color("--color-text-muted", "#4f5b6b") } },
    series: names.map((name, index) => index < 2
      ? { name, type: "line", data: values[index], symbol: index === 0 ? "circle" : "triangle", symbolSize: 8,
          lineStyle: { type: index === 0 ? "solid" : "dashed", width: 2 } }
      : { name, type: "bar", data: values[index], barMaxWidth: 24 }),
  });
  new ResizeObserver(() => chart.resize()).observe(element);
}
