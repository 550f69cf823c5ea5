// Follows a background job: <div data-job-progress="/api/v1/jobs/{id}"> with a <progress> and a
// [data-job-message] inside. Polls until the job ends, then reloads so the page shows the outcome.
export function attach(element) {
  const url = element.dataset.jobProgress;
  const bar = element.querySelector("progress");
  const message = element.querySelector("[data-job-message]");
  let delay = 500;

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const job = await response.json();
        if (job.progressTotal > 0 && bar) {
          bar.max = job.progressTotal;
          bar.value = job.progressDone;
          bar.textContent = `${job.percent}%`;
        }
        if (message && job.progressMessage) {
          message.textContent = job.progressMessage;
        }
        if (job.status === "Succeeded" || job.status === "Failed") {
          window.location.reload();
          return;
        }
      }
    } catch {
      // A network blip: try again a little later.
    }
    delay = Math.min(delay * 1.5, 3000);
    window.setTimeout(poll, delay);
  }

  poll();
}
