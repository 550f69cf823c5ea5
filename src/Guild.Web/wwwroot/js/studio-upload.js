// The resource editor's file field (Features/Library/Studio/ResourceUploadField): the chosen file goes up over tus at
// once (uploads.js: resumable; a reloaded tab goes on where it stopped), and the finished upload's id goes into the
// form's hidden field, which the server claims when the form is saved. The save waits for the upload.
import { uploadFile } from "./uploads.js";

function format(template, ...values) {
  return values.reduce((text, value, index) => text.replaceAll(`{${index}}`, String(value)), template ?? "");
}

export function attach(field) {
  const file = field.querySelector("[data-studio-upload-file]");
  const id = field.querySelector("[data-studio-upload-id]");
  const progress = field.querySelector("[data-studio-upload-progress]");
  const status = field.querySelector("[data-studio-upload-status]");
  const submit = field.closest("form")?.querySelector('button[type="submit"]');
  if (!file || !id || !progress || !status) {
    return;
  }
  let controller = null;
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) {
      return;
    }
    controller?.abort();
    controller = new AbortController();
    // A new file replaces a recording's trim: it was chosen for the other file.
    id.value = "";
    field.querySelectorAll("[data-studio-upload-trim]").forEach((input) => { input.value = ""; });
    if (submit) {
      submit.disabled = true;
    }
    progress.hidden = false;
    progress.value = 0;
    status.textContent = field.dataset.textUploading;
    try {
      const done = await uploadFile(chosen, {
        purpose: field.dataset.studioUpload,
        signal: controller.signal,
        onProgress(sent, total) {
          const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
          progress.value = percent;
          status.textContent = format(field.dataset.textProgress, percent);
        },
      });
      id.value = done.id;
      progress.value = 100;
      status.textContent = format(field.dataset.textDone, chosen.name);
    } catch (error) {
      if (error?.name === "AbortError") {
        return;
      }
      progress.hidden = true;
      file.value = "";
      status.textContent = format(field.dataset.textFailed, error?.message ?? String(error));
    } finally {
      if (submit) {
        submit.disabled = false;
      }
    }
  });
}
