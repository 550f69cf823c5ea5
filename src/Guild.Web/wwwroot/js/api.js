// Calls Guild's API from Guild's own pages with the sign-in cookie. Unsafe methods carry the page's
// antiforgery token in X-Guild-Antiforgery (the API refuses them otherwise; see Platform/Security/ApiAntiforgery.cs).
const safe = new Set(["GET", "HEAD", "OPTIONS"]);

export function apiFetch(url, options = {}) {
  const method = (options.method ?? "GET").toUpperCase();
  const headers = new Headers(options.headers ?? {});
  if (!headers.has("Accept")) {
    headers.set("Accept", "application/json");
  }
  if (!safe.has(method)) {
    const token = document.querySelector('meta[name="guild-antiforgery"]')?.content;
    if (token) {
      headers.set("X-Guild-Antiforgery", token);
    }
  }
  return fetch(url, { ...options, method, headers, credentials: "same-origin" });
}
