// Resumable uploads from Guild's pages to /api/v1/uploads (tus 1.0, Platform/Uploads) with tus-js-client.
// A dropped connection retries on its own; a reloaded tab finds the unfinished upload of the same file again (the
// client's fingerprint, kept in localStorage) and goes on from the server's offset. Unsafe requests carry the page's
// antiforgery token in X-Guild-Antiforgery, as apiFetch does (the API refuses cookie callers without it).
import "../lib/tus-js-client/tus.min.js";

const endpoint = "/api/v1/uploads";

function antiforgeryToken() {
  return document.querySelector('meta[name="guild-antiforgery"]')?.content ?? "";
}

/**
 * Uploads a File or Blob for a purpose ("video", "recording", "file", "image" or "captions").
 * Resolves with { id, url } once every byte is stored and the content check passed; rejects with an Error whose
 * message is Guild's reason in the page's language (a renamed text file, too large, expired).
 * @param {File|Blob} file
 * @param {{ purpose: string, fileName?: string, onProgress?: (sent: number, total: number) => void, signal?: AbortSignal }} options
 */
export function uploadFile(file, { purpose, fileName, onProgress, signal } = {}) {
  const tus = globalThis.tus;
  if (!tus?.Upload) {
    return Promise.reject(new Error("tus-js-client is not loaded"));
  }
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(file, {
      endpoint,
      metadata: {
        purpose,
        filename: fileName ?? file.name ?? "upload",
        filetype: file.type || "application/octet-stream",
      },
      // The server counts each 64 MB it stores; smaller requests would only add round trips.
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      removeFingerprintOnSuccess: true,
      storeFingerprintForResuming: true,
      // The token is set in onBeforeRequest only: XMLHttpRequest joins a header set twice ("t, t"), which the
      // server rightly refuses, so it must not also be in the `headers` option.
      onBeforeRequest(request) {
        // The cookie, as for every same-origin call; the token may have been renewed since the upload began.
        request.getUnderlyingObject().withCredentials = true;
        request.setHeader("X-Guild-Antiforgery", antiforgeryToken());
      },
      onProgress(sent, total) {
        onProgress?.(sent, total);
      },
      onSuccess() {
        const url = upload.url;
        resolve({ id: url.substring(url.lastIndexOf("/") + 1), url });
      },
      onError(error) {
        reject(new Error(reasonOf(error)));
      },
      onShouldRetry(error, attempt, options) {
        // 4xx answers are Guild's refusals (too large, wrong content, not yours): trying again changes nothing.
        const status = error?.originalResponse?.getStatus?.() ?? 0;
        return (status === 0 || status >= 500 || status === 409 || status === 423) && attempt < options.retryDelays.length;
      },
    });
    signal?.addEventListener("abort", () => {
      upload.abort(true).catch(() => {});
      reject(new DOMException("The upload was stopped.", "AbortError"));
    });
    // A previous attempt of the same file (same name, size, type): go on where it stopped.
    upload.findPreviousUploads().then((previous) => {
      if (previous.length > 0) {
        upload.resumeFromPreviousUpload(previous[0]);
      }
      upload.start();
    }, reject);
  });
}

/** Guild's problem details "detail" when the server answered one, else the client's own message. */
function reasonOf(error) {
  const body = error?.originalResponse?.getBody?.();
  if (body) {
    try {
      const problem = JSON.parse(body);
      if (problem?.detail) {
        return problem.detail;
      }
    } catch {
      // Not JSON: fall through.
    }
  }
  return error?.message ?? String(error);
}
