// A button that copies a field's text: <button data-copy="#field" data-copied="Copied" hidden>.
// The button stays hidden without script (the field can still be selected and copied by hand).
// data-copy-record="/api/…" is POSTed after a copy (the library's "shared" learning record).
import { apiFetch } from "./api.js";

export function attach(button) {
  const field = document.querySelector(button.dataset.copy);
  if (!field) {
    return;
  }
  const status = button.closest(".field")?.querySelector("[data-copy-status]");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // No clipboard permission: select the text so one keystroke copies it.
      field.select();
      return;
    }
    if (status) {
      status.textContent = button.dataset.copied;
    }
    if (button.dataset.copyRecord) {
      // The copy has happened either way; a failed record is not the reader's problem.
      apiFetch(button.dataset.copyRecord, { method: "POST" }).catch(() => {});
    }
  });
}
