// Asks before a form does something hard to undo: <form data-confirm="Deactivate Sanne?">.
export function attach(form) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
}
