// The ask form shows what may already answer the question while it is typed: <input data-ask-suggestions="SECTION-ID">
// asks GET /api/v1/asks/suggestions (which records nothing) a moment after typing stops, and fills the section's
// [data-suggestion-list]. "This solved it" records the question as solved by the library (never posted) and opens the
// resource. Without script the form's "Check the library first" button does the same on the server.
import { apiFetch } from "./api.js";

export function attach(input) {
  const section = document.getElementById(input.dataset.askSuggestions);
  const list = section?.querySelector("[data-suggestion-list]");
  if (!section || !list) {
    return;
  }
  let timer;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => suggest(), 350);
  });

  async function suggest() {
    const question = input.value.trim();
    if (question.length < 4) {
      return;
    }
    const mine = ++latest;
    const response = await apiFetch(`/api/v1/asks/suggestions?q=${encodeURIComponent(question)}`);
    if (!response.ok || mine !== latest) {
      return;
    }
    const found = await response.json();
    render(question, found);
  }

  function render(question, found) {
    list.replaceChildren();
    if (found.resources.length === 0 && found.asks.length === 0) {
      section.hidden = true;
      return;
    }
    if (found.resources.length > 0) {
      list.append(heading(section.dataset.resourcesText), items(found.resources, (resource) => solvedButton(question, resource)));
    }
    if (found.asks.length > 0) {
      list.append(heading(section.dataset.asksText), items(found.asks, () => null));
    }
    section.hidden = false;
  }

  function heading(text) {
    const h = document.createElement("h3");
    h.textContent = text;
    return h;
  }

  function items(entries, extra) {
    const ul = document.createElement("ul");
    ul.className = "ask-suggestion-list";
    for (const entry of entries) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      li.append(link);
      const more = extra(entry);
      if (more) {
        li.append(more);
      }
      ul.append(li);
    }
    return ul;
  }

  function solvedButton(question, resource) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-secondary btn-small";
    button.textContent = section.dataset.solvedText;
    button.addEventListener("click", async () => {
      const component = input.form?.elements["Input.ComponentId"]?.value || null;
      const response = await apiFetch("/api/v1/asks/solved-by-library", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, resourceId: resource.id, componentId: component }),
      });
      if (response.ok) {
        window.location.assign(resource.url);
      }
    });
    return button;
  }
}
