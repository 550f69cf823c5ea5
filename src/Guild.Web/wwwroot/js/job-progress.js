// Follows a background job rendered by <JobProgress>: <div data-job-progress="/api/v1/jobs/{id}"> with
// a <progress>, [data-job-status], [data-job-percent] and [data-job-message] inside. Polls until the
// job ends, then reloads so the page shows the outcome. Without script the page has a refresh link.
import { apiFetch } from "./api.js";

// The API answers in the page's language (the same cookie and Accept-Language), so its texts go in as they are.
export function attach(element) {
  const url = element.dataset.jobProgress;
  const bar = element.querySelector("progress");
  const status = element.querySelector("[data-job-status]");
  const percent = element.querySelector("[data-job-percent]");
  const message = element.querySelector("[data-job-message]");
  const refresh = element.querySelector(".job-progress__refresh");
  if (refresh) {
    refresh.hidden = true;
  }
  let delay = 500;

  async function poll() {
    try {
      const response = await apiFetch(url);
      if (response.ok) {
        const job = await response.json();
        if (status && job.statusText) {
          status.textContent = job.statusText;
        }
        if (job.progressTotal > 0) {
          if (bar) {
            bar.max = 100;
            bar.value = job.percent;
            bar.textContent = `${job.percent}%`;
          }
          if (percent) {
            percent.textContent = `${job.percent}%`;
          }
        }
        if (message) {
          message.textContent = job.progressMessage ?? "";
        }
        if (job.isFinished) {
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
