// The check-in page's camera: qr-scanner reads a ticket's QR code, puts the code in the manual field and submits the form, so the
// camera and typing take the same path (and the page works without script). Shown only when a camera can be asked for.
import QrScanner from "../lib/qr-scanner/qr-scanner.min.js";

export async function attach(element) {
  const form = document.getElementById(element.dataset.form);
  const field = form?.querySelector(`[name="${element.dataset.field === "code" ? "Code" : element.dataset.field}"]`);
  const video = element.querySelector("video");
  const start = element.querySelector("[data-start]");
  if (!form || !field || !video || !start || !(await QrScanner.hasCamera())) {
    return;
  }
  element.hidden = false;
  let busy = false;
  const scanner = new QrScanner(video, (result) => {
    if (busy || !result?.data) {
      return;
    }
    busy = true;
    scanner.stop();
    field.value = result.data;
    form.requestSubmit();
  }, { returnDetailedScanResult: true, preferredCamera: "environment" });
  start.addEventListener("click", () => {
    scanner.start().then(() => { start.hidden = true; }).catch(() => {
      start.disabled = true;
      start.textContent = element.dataset.unavailable;
    });
  });
}
