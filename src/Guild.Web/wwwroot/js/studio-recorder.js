// The screen recorder of /library/record (Features/Library/Studio/RecordPage.razor). getDisplayMedia gives the screen or
// a window, getUserMedia the microphone; the camera, when asked for, floats picture-in-picture over the screen so a
// recording of the whole screen shows it. MediaRecorder hands over a chunk a second, and every chunk is written to
// IndexedDB at once: a reloaded or crashed tab finds the recording again and offers it. Only when the server has every
// byte (tus, uploads.js) is the kept recording deleted. The preview trims start and end with two range inputs; the trim
// goes to the server with the upload, which cuts it while transcoding and enforces the same maximum length.
import { uploadFile } from "./uploads.js";

const database = "guild-recordings";
const mimeTypes = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm", "video/mp4"];

function format(template, ...values) {
  return values.reduce((text, value, index) => text.replaceAll(`{${index}}`, String(value)), template ?? "");
}

function clock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function request(operation) {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

function openStore() {
  const opening = indexedDB.open(database, 1);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    db.createObjectStore("recordings", { keyPath: "id" });
    db.createObjectStore("chunks", { keyPath: ["recording", "sequence"] });
  };
  return request(opening);
}

async function put(store, value) {
  const db = await openStore();
  try {
    const transaction = db.transaction(store, "readwrite");
    transaction.objectStore(store).put(value);
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

async function keptRecording() {
  const db = await openStore();
  try {
    const recordings = await request(db.transaction("recordings").objectStore("recordings").getAll());
    return recordings.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
  } finally {
    db.close();
  }
}

async function blobOf(recording) {
  const db = await openStore();
  try {
    const range = IDBKeyRange.bound([recording.id, 0], [recording.id, Number.MAX_SAFE_INTEGER]);
    const chunks = await request(db.transaction("chunks").objectStore("chunks").getAll(range));
    return new Blob(chunks.map((chunk) => chunk.data), { type: recording.type });
  } finally {
    db.close();
  }
}

async function forget(recording) {
  const db = await openStore();
  try {
    const transaction = db.transaction(["recordings", "chunks"], "readwrite");
    transaction.objectStore("recordings").delete(recording.id);
    transaction.objectStore("chunks").delete(IDBKeyRange.bound([recording.id, 0], [recording.id, Number.MAX_SAFE_INTEGER]));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export function attach(root) {
  const part = (name) => root.querySelector(`[data-recorder-${name}]`);
  const text = root.dataset;
  const maxSeconds = Number(text.maxSeconds) || 600;
  const show = (name, visible) => { const element = part(name); if (element) element.hidden = !visible; };

  if (!navigator.mediaDevices?.getDisplayMedia || typeof MediaRecorder === "undefined" || !globalThis.indexedDB) {
    show("unsupported", true);
    return;
  }
  show("setup", true);

  let current = null; // { id, type, startedAt, seconds }
  let recorder = null;
  let streams = [];
  let camera = null;
  let ticking = null;
  let elapsed = 0;
  let lastTick = 0;
  let sequence = 0;
  let previewUrl = null;

  const status = part("status");
  const time = part("time");
  const trimStart = part("trim-start");
  const trimEnd = part("trim-end");

  function stopStreams() {
    streams.forEach((stream) => stream.getTracks().forEach((track) => track.stop()));
    streams = [];
    if (document.pictureInPictureElement) {
      document.exitPictureInPicture().catch(() => {});
    }
    camera?.remove();
    camera = null;
  }

  function showTime() {
    time.textContent = recorder?.state === "paused"
      ? format(text.textPaused, clock(elapsed))
      : format(text.textTime, clock(elapsed), clock(maxSeconds));
  }

  function tick() {
    const now = performance.now();
    if (recorder?.state === "recording") {
      elapsed += (now - lastTick) / 1000;
    }
    lastTick = now;
    showTime();
    if (elapsed >= maxSeconds && recorder?.state !== "inactive") {
      status.textContent = format(text.textLimit, clock(maxSeconds));
      stop();
    }
  }

  async function countdown() {
    const element = part("countdown");
    element.hidden = false;
    for (let left = 3; left > 0; left--) {
      element.textContent = format(text.textCountdown, left);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    element.hidden = true;
  }

  async function start() {
    status.textContent = "";
    try {
      const screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: !part("mic").checked });
      streams.push(screen);
      const tracks = [...screen.getVideoTracks()];
      if (part("mic").checked) {
        const mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
        streams.push(mic);
        tracks.push(...mic.getAudioTracks());
      } else {
        tracks.push(...screen.getAudioTracks());
      }
      if (part("camera").checked) {
        const face = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
        streams.push(face);
        camera = document.createElement("video");
        camera.muted = true;
        camera.playsInline = true;
        camera.hidden = true;
        camera.srcObject = face;
        root.append(camera);
        await camera.play();
        // Picture in picture needs the click that started this; a browser that refuses simply records without the camera.
        await camera.requestPictureInPicture?.().catch(() => {});
      }
      show("setup", false);
      show("kept", false);
      await countdown();
      const type = mimeTypes.find((candidate) => MediaRecorder.isTypeSupported(candidate)) ?? "";
      recorder = new MediaRecorder(new MediaStream(tracks), type ? { mimeType: type } : undefined);
      current = { id: crypto.randomUUID(), type: recorder.mimeType || "video/webm", startedAt: Date.now(), seconds: 0 };
      await put("recordings", current);
      sequence = 0;
      elapsed = 0;
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0) {
          const chunk = { recording: current.id, sequence: sequence++, data: event.data };
          // The length so far goes with each chunk, so a recording found after a crash knows how long it is.
          current.seconds = Math.min(elapsed, maxSeconds);
          put("chunks", chunk).then(() => put("recordings", current))
            .catch((error) => { status.textContent = format(text.textFailed, error.message); });
        }
      };
      recorder.onstop = finished;
      // Stopping the share from the browser's own bar ends the recording too.
      screen.getVideoTracks()[0]?.addEventListener("ended", () => stop());
      recorder.start(1000);
      lastTick = performance.now();
      ticking = setInterval(tick, 250);
      show("live", true);
      showTime();
      part("pause").focus();
    } catch (error) {
      stopStreams();
      show("setup", true);
      status.textContent = "";
      part("setup").insertAdjacentElement("afterbegin", Object.assign(document.createElement("p"), {
        className: "field__error", role: "alert", textContent: format(text.textDenied, error?.message ?? String(error)),
      }));
    }
  }

  function stop() {
    if (recorder && recorder.state !== "inactive") {
      recorder.stop();
    }
  }

  async function finished() {
    clearInterval(ticking);
    stopStreams();
    current.seconds = Math.min(elapsed, maxSeconds);
    await put("recordings", current);
    show("live", false);
    // The last chunk's write may still be on its way: read the kept recording after it.
    setTimeout(() => preview(current), 300);
  }

  async function preview(recording) {
    current = recording;
    const blob = await blobOf(recording);
    if (previewUrl) {
      URL.revokeObjectURL(previewUrl);
    }
    previewUrl = URL.createObjectURL(blob);
    const video = part("video");
    video.src = previewUrl;
    const length = Math.max(0.5, Math.round((recording.seconds || 0) * 2) / 2);
    for (const input of [trimStart, trimEnd]) {
      input.max = String(length);
    }
    trimStart.value = "0";
    trimEnd.value = String(length);
    showTrim();
    show("kept", false);
    show("setup", false);
    show("preview", true);
    part("upload").disabled = false;
    video.focus();
  }

  function showTrim() {
    if (Number(trimStart.value) >= Number(trimEnd.value)) {
      trimStart.value = String(Math.max(0, Number(trimEnd.value) - 0.5));
    }
    part("trim-start-value").textContent = clock(Number(trimStart.value));
    part("trim-end-value").textContent = clock(Number(trimEnd.value));
  }

  async function upload() {
    const recording = current;
    const button = part("upload");
    const progress = part("progress");
    button.disabled = true;
    progress.hidden = false;
    try {
      const blob = await blobOf(recording);
      const extension = recording.type.includes("mp4") ? "mp4" : "webm";
      // The name is the recording's own, so a reloaded tab's retry resumes the same upload (tus-js-client's fingerprint).
      const done = await uploadFile(blob, {
        purpose: "recording",
        fileName: `recording-${recording.id}.${extension}`,
        onProgress(sent, total) {
          const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
          progress.value = percent;
          status.textContent = format(text.textUploading, percent);
        },
      });
      // The server has every byte: the browser's copy is no longer needed.
      await forget(recording);
      status.textContent = text.textDone;
      const start = Number(trimStart.value);
      const end = Number(trimEnd.value);
      const query = new URLSearchParams({ upload: done.id });
      if (start > 0) {
        query.set("trimStart", String(start));
      }
      if (end < Number(trimEnd.max)) {
        query.set("trimEnd", String(end));
      }
      window.location.assign(`${text.next}&${query}`);
    } catch (error) {
      status.textContent = format(text.textFailed, error?.message ?? String(error));
      button.disabled = false;
    }
  }

  part("start").addEventListener("click", start);
  part("pause").addEventListener("click", () => {
    recorder?.pause();
    show("pause", false);
    show("continue", true);
    showTime();
    part("continue").focus();
  });
  part("continue").addEventListener("click", () => {
    recorder?.resume();
    lastTick = performance.now();
    show("continue", false);
    show("pause", true);
    showTime();
    part("pause").focus();
  });
  part("stop").addEventListener("click", stop);
  trimStart.addEventListener("input", () => { showTrim(); part("video").currentTime = Number(trimStart.value); });
  trimEnd.addEventListener("input", () => { showTrim(); part("video").currentTime = Number(trimEnd.value); });
  part("upload").addEventListener("click", upload);
  part("again").addEventListener("click", async () => {
    if (current) {
      await forget(current);
    }
    current = null;
    show("preview", false);
    show("setup", true);
    part("start").focus();
  });
  part("open-kept").addEventListener("click", async () => {
    const kept = await keptRecording();
    if (kept) {
      await preview(kept);
    }
  });
  part("discard").addEventListener("click", async () => {
    const kept = await keptRecording();
    if (kept) {
      await forget(kept);
    }
    show("kept", false);
    part("start").focus();
  });

  keptRecording().then((kept) => {
    if (kept) {
      show("kept", true);
    }
  }, () => {});
}
