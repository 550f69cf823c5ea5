// Guild's only global script: finds elements that ask for behaviour (data-* attributes) and
// loads the small module that provides it. Pages work without it; it makes them livelier.
const behaviours = {
  "[data-job-progress]": () => import("./job-progress.js"),
  "[data-confirm]": () => import("./confirm.js"),
  "[data-copy]": () => import("./copy.js"),
  "[data-coverage-chart]": () => import("./coverage-chart.js"),
  "[data-media-player]": () => import("./media-player.js"),
};

for (const [selector, load] of Object.entries(behaviours)) {
  const elements = document.querySelectorAll(selector);
  if (elements.length > 0) {
    load().then((module) => elements.forEach((element) => module.attach(element)));
  }
}
