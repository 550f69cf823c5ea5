// A button that copies a field's text: <button data-copy="#field" data-copied="Copied" hidden>.
// The button stays hidden without script (the field can still be selected and copied by hand).
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
  });
}
