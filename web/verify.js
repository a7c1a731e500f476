// The public verify page: sends a dropped or chosen report to /api/v1/verify and shows the
// verdict. The file goes to this service only, is checked in memory and is not kept.
"use strict";

(function () {
  const root = document.getElementById("verify");
  const verdict = document.getElementById("verdict");
  const fingerprint = document.getElementById("fingerprint");
  const input = document.getElementById("report-file");
  const zone = document.getElementById("drop-zone");
  const maxBytes = Number(root.dataset.maxBytes);
  // The fingerprint prefix the link on the report carries (?fp=), when the reader came from one.
  const expected = (new URLSearchParams(location.search).get("fp") || "").toLowerCase();

  // The language is switched here as on the main page, and remembered for both. A page opened
  // without ?lang= (a report's link) follows the reader's remembered choice.
  const params = new URLSearchParams(location.search);
  const remembered = localStorage.getItem("cpt.lang");
  if (!params.has("lang") && remembered && remembered !== root.dataset.lang) {
    params.set("lang", remembered);
    location.replace(location.pathname + "?" + params.toString());
    return;
  }
  const switcher = document.getElementById("page-language");
  switcher.value = root.dataset.lang;
  switcher.addEventListener("change", () => {
    localStorage.setItem("cpt.lang", switcher.value);
    params.set("lang", switcher.value);
    location.assign(location.pathname + "?" + params.toString());
  });

  if (/^[0-9a-f]{8,64}$/.test(expected)) {
    const note = document.getElementById("expected");
    note.textContent = root.dataset.expected.replace("{fp}", expected);
    note.hidden = false;
  }

  function show(text, tone) {
    verdict.textContent = text;
    verdict.className = "notice " + tone;
    verdict.hidden = false;
  }

  async function check(file) {
    fingerprint.hidden = true;
    if (file.size > maxBytes) {
      show(root.dataset.tooLarge, "error");
      return;
    }
    show(root.dataset.checking, "info");
    try {
      const res = await fetch("/api/v1/verify?lang=" + encodeURIComponent(root.dataset.lang), {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        body: file,
      });
      const body = await res.json();
      if (!res.ok) {
        const message = res.status === 413 ? root.dataset.tooLarge
          : res.status === 429 ? root.dataset.busy : root.dataset.failed;
        show(message, "error");
        return;
      }
      let text = body.message;
      if (body.genuine && /^[0-9a-f]{8,64}$/.test(expected) &&
          !String(body.fingerprint || "").startsWith(expected)) {
        text += " " + root.dataset.fpMismatch;
      }
      show(text, body.genuine ? "ok" : "error");
      verdict.dataset.verdict = body.verdict;
      // The fingerprint of a genuine report is the one printed on it; a changed file's is noise.
      if (body.genuine && body.fingerprint) {
        fingerprint.textContent = "SHA-256 " + body.fingerprint;
        fingerprint.hidden = false;
      }
    } catch (e) {
      show(root.dataset.failed, "error");
    }
  }

  input.addEventListener("change", () => {
    if (input.files.length > 0) check(input.files[0]);
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    if (e.dataTransfer.files.length > 0) check(e.dataTransfer.files[0]);
  });
})();
