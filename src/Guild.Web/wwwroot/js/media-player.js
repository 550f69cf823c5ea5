// Turns a <MediaPlayer> (a <div data-media-player> around media-chrome's markup and a native <video controls>)
// into media-chrome's player: its controls are keyboard-operable buttons and sliders, labelled with Guild's
// texts in the page's language (data-media-labels, from MediaText). Without script, or if the library does not
// load, the browser's own controls stay.
const library = "/lib/media-chrome/";

// Guild's Content-Security-Policy allows no inline <style>, and media-chrome styles its shadow roots with them.
// The same rules as constructed style sheets (which the policy does not govern) keep the player styled without
// loosening the policy for every page.
function adoptShadowStyles() {
  if (Element.prototype.attachShadow.guildAdopts || !("adoptedStyleSheets" in ShadowRoot.prototype)) {
    return;
  }
  const original = Element.prototype.attachShadow;
  const adopt = (root, style) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(style.textContent ?? "");
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  };
  const patched = function (init) {
    const root = original.call(this, init);
    if (this.localName.startsWith("media-")) {
      new MutationObserver((changes) => {
        for (const change of changes) {
          change.addedNodes.forEach((node) => {
            if (node.nodeName === "STYLE") {
              adopt(root, node);
            } else if (node.querySelectorAll) {
              node.querySelectorAll("style").forEach((style) => adopt(root, style));
            }
          });
        }
      }).observe(root, { childList: true, subtree: true });
    }
    return root;
  };
  patched.guildAdopts = true;
  Element.prototype.attachShadow = patched;
}

export async function attach(element) {
  const lang = element.dataset.lang || "en";
  try {
    adoptShadowStyles();
    const i18n = await import(`${library}utils/i18n.js`);
    i18n.addTranslation(lang, JSON.parse(element.dataset.mediaLabels || "{}"));
    i18n.setLanguage(lang);
    await import(`${library}index.js`);
    await customElements.whenDefined("media-controller");
  } catch {
    // The library is missing (built without npm): the browser's controls do the work.
    return;
  }
  const controller = element.querySelector("media-controller");
  controller?.setAttribute("lang", lang);
  element.querySelector("video")?.removeAttribute("controls");
  // media-chrome makes the captions toggle a button with aria-checked, which a button may not have; a switch may.
  element.querySelectorAll("media-captions-button").forEach((toggle) => toggle.setAttribute("role", "switch"));
  element.classList.add("media-player--enhanced");
}
