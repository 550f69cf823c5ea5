// Saves where the reader is in a resource's video (<video data-resource-progress="/api/v1/resources/{id}/progress">)
// so the library can offer "continue where you stopped": on pause, every ~15 s of playing, at the end, and when the
// page is hidden or left. navigator.sendBeacon cannot carry the antiforgery header the API requires of cookie callers,
// so the last save is a fetch with keepalive (apiFetch adds the header; keepalive lets it outlive the page, and our
// body is far below its 64 KB limit). A video with data-resource-position="seconds" starts there.
import { apiFetch } from "./api.js";

const interval = 15_000;

export function attach(video) {
  const url = video.dataset.resourceProgress;
  if (!url) {
    return;
  }
  let lastSent = 0;
  let lastPosition = -1;

  const send = (keepalive = false) => {
    const duration = video.duration;
    if (!Number.isFinite(duration) || duration <= 0) {
      return;
    }
    const position = Math.min(Math.max(video.currentTime, 0), 86_400);
    if (Math.abs(position - lastPosition) < 0.5 && !video.ended) {
      return;
    }
    lastPosition = position;
    lastSent = Date.now();
    const share = video.ended ? 1 : Math.min(Math.max(position / duration, 0), 1);
    apiFetch(url, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ positionSeconds: position, share }),
      keepalive,
    }).catch(() => {
      // A lost tick is fine: the next one (or the next pause) carries the newer position.
    });
  };

  const resumeAt = Number.parseFloat(video.dataset.resourcePosition ?? "");
  if (Number.isFinite(resumeAt) && resumeAt > 0) {
    const seek = () => {
      if (resumeAt < video.duration - 1) {
        video.currentTime = resumeAt;
      }
    };
    if (video.readyState >= 1) {
      seek();
    } else {
      video.addEventListener("loadedmetadata", seek, { once: true });
    }
  }

  video.addEventListener("pause", () => send());
  video.addEventListener("ended", () => send());
  video.addEventListener("timeupdate", () => {
    if (!video.paused && Date.now() - lastSent >= interval) {
      send();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      send(true);
    }
  });
  window.addEventListener("pagehide", () => send(true));
}
