// A small Markdown toolbar and a preview for the community's post forms: <div data-post-editor> around a label and a
// textarea. Buttons wrap the selection (bold, italic, code), prefix its lines (list, quote) or make it a link; "Preview"
// asks POST /api/v1/community/preview for the text rendered and sanitised exactly as the post will show, and "Write"
// goes back. Without script the textarea works alone: Markdown is what gets posted either way.
import { apiFetch } from "./api.js";

const actions = {
  bold: (text) => ({ before: "**", after: "**", placeholder: text || "bold" }),
  italic: (text) => ({ before: "*", after: "*", placeholder: text || "italic" }),
  code: (text) => ({ before: "`", after: "`", placeholder: text || "code" }),
  link: (text) => ({ before: "[", after: "](https://)", placeholder: text || "link" }),
  list: (text) => ({ lines: "- ", placeholder: text || "item" }),
  quote: (text) => ({ lines: "> ", placeholder: text || "quote" }),
};

export function attach(field) {
  const textarea = field.querySelector("textarea");
  if (!textarea) {
    return;
  }
  const toolbar = document.createElement("div");
  toolbar.className = "post-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", field.dataset.toolbarLabel ?? "");
  toolbar.setAttribute("aria-controls", textarea.id);
  for (const name of Object.keys(actions)) {
    toolbar.append(button(field.dataset[name] ?? name, () => apply(textarea, actions[name]), name));
  }
  const preview = document.createElement("div");
  preview.className = "post-preview";
  preview.hidden = true;
  preview.setAttribute("aria-live", "polite");
  const toggle = button(field.dataset.preview ?? "Preview", () => showPreview(), "preview");
  toggle.setAttribute("aria-pressed", "false");
  toolbar.append(toggle);
  textarea.before(toolbar);
  textarea.after(preview);

  async function showPreview() {
    if (!preview.hidden) {
      preview.hidden = true;
      textarea.hidden = false;
      toggle.textContent = field.dataset.preview ?? "Preview";
      toggle.setAttribute("aria-pressed", "false");
      textarea.focus();
      return;
    }
    let html;
    try {
      const response = await apiFetch(field.dataset.previewUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ markdown: textarea.value }),
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      html = (await response.json()).html;
    } catch {
      preview.textContent = field.dataset.previewFailed ?? "";
      preview.hidden = false;
      return;
    }
    // Sanitised by the server's renderer, the same HTML a post shows.
    preview.innerHTML = html;
    preview.hidden = false;
    textarea.hidden = true;
    toggle.textContent = field.dataset.write ?? "Write";
    toggle.setAttribute("aria-pressed", "true");
  }
}

function button(label, onClick, name) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "btn btn-secondary btn-small";
  element.textContent = label;
  element.dataset.editorAction = name;
  element.addEventListener("click", onClick);
  return element;
}

function apply(textarea, action) {
  const start = textarea.selectionStart;
  const end = textarea.selectionEnd;
  const selected = textarea.value.slice(start, end);
  const change = action(selected);
  let inserted;
  if (change.lines) {
    inserted = (selected || change.placeholder).split("\n").map((line) => change.lines + line).join("\n");
    const atLineStart = start === 0 || textarea.value[start - 1] === "\n";
    inserted = (atLineStart ? "" : "\n") + inserted;
  } else {
    inserted = change.before + (selected || change.placeholder) + change.after;
  }
  textarea.setRangeText(inserted, start, end, "end");
  if (!selected && !change.lines) {
    // Select the placeholder so typing replaces it.
    const from = start + change.before.length;
    textarea.setSelectionRange(from, from + change.placeholder.length);
  }
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
  textarea.focus();
}
