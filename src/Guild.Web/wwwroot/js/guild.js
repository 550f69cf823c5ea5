// Guild's only global script: finds elements that ask for behaviour (data-* attributes) and
// loads the small module that provides it. Pages work without it; it makes them livelier.
const behaviours = {
  "[data-job-progress]": () => import("./job-progress.js"),
  "[data-copy]": () => import("./copy.js"),
  "[data-coverage-chart]": () => import("./coverage-chart.js"),
  "[data-media-player]": () => import("./media-player.js"),
  "[data-studio-upload]": () => import("./studio-upload.js"),
  "[data-studio-recorder]": () => import("./studio-recorder.js"),
  "[data-reach-chart]": () => import("./reach-chart.js"),
  "video[data-resource-progress]": () => import("./watch-progress.js"),
  "[data-ask-suggestions]": () => import("./ask-suggestions.js"),
  "[data-qr-check-in]": () => import("./qr-check-in.js"),
  "[data-post-editor]": () => import("./post-editor.js"),
};

for (const [selector, load] of Object.entries(behaviours)) {
  const elements = document.querySelectorAll(selector);
  if (elements.length > 0) {
    load().then((module) => elements.forEach((element) => module.attach(element)));
  }
}

// Asks before a form does something hard to undo (<form data-confirm="Deactivate Sanne?">, or on the button when one
// form serves a row of buttons). Here rather than in a module loaded on demand: a click made before such a module
// arrived went through without the question.
document.addEventListener("submit", (event) => {
  const form = event.target instanceof HTMLFormElement ? event.target : null;
  const question = event.submitter?.dataset.confirm ?? form?.dataset.confirm;
  if (question !== undefined && !window.confirm(question)) {
    event.preventDefault();
  }
});
