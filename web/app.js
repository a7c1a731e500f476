// Car Pulse Tracker web UI: connect Tesla, pick vehicles, order reports, follow progress, view
// and download. Plain JavaScript, no build step; talks only to this origin's /api/v1.
"use strict";

const api = "/api/v1";
const $ = (id) => document.getElementById(id);
let sessionId = sessionStorage.getItem("cpt.session");
let pollTimer = null;

function show(step) {
  for (const id of ["step-connect", "step-select", "step-progress", "step-reports"]) {
    $(id).hidden = id !== step;
  }
  $("delete-session").hidden = step === "step-connect";
}

function notice(text, kind) {
  const box = $("notice");
  box.textContent = text;
  box.className = "notice " + (kind || "info");
  box.hidden = !text;
}

async function call(method, path, body) {
  const init = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(api + path, init);
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data.error_description || "Request failed (" + res.status + ")");
    err.status = res.status;
    err.code = data.error;
    throw err;
  }
  return data;
}

function readRedirect() {
  const params = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  if (params.get("oauth") === "success" && hash.get("session")) {
    sessionId = hash.get("session");
    sessionStorage.setItem("cpt.session", sessionId);
    notice("Tesla account connected.", "ok");
  } else if (params.get("oauth") === "error") {
    notice("Connecting Tesla failed: " + (params.get("reason") || "unknown").replace(/_/g, " ") + ".", "error");
  }
  if (params.has("oauth")) history.replaceState(null, "", location.pathname);
}

async function connect() {
  $("connect").disabled = true;
  try {
    const data = await call("POST", "/tesla/oauth/initiate");
    location.assign(data.authUrl);
  } catch (e) {
    notice(e.message, "error");
    $("connect").disabled = false;
  }
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function vehicleCard(v) {
  const card = el("label", "vehicle");
  card.dataset.vin = v.vin;
  const box = el("input");
  box.type = "checkbox";
  box.value = v.vin;
  box.className = "vehicle-check";
  box.addEventListener("change", updateOrderButton);
  const body = el("div", "vehicle-body");
  body.append(el("div", "vehicle-name", v.displayName || v.model || "Tesla"));
  body.append(el("div", "vehicle-model", [v.model, v.modelYear].filter(Boolean).join(" · ")));
  body.append(el("div", "vehicle-vin", v.maskedVin));
  const state = el("span", "badge state-" + (v.state || "unknown"), v.state || "unknown");
  card.append(box, body, state);
  return card;
}

function selectedVins() {
  return [...document.querySelectorAll(".vehicle-check:checked")].map((b) => b.value);
}

function updateOrderButton() {
  const all = document.querySelectorAll(".vehicle-check");
  const chosen = selectedVins().length;
  $("order").disabled = chosen === 0;
  $("select-all").checked = all.length > 0 && chosen === all.length;
}

async function loadVehicles() {
  const data = await call("GET", "/sessions/" + sessionId + "/vehicles");
  const grid = $("vehicles");
  grid.replaceChildren(...data.vehicles.map(vehicleCard));
  if (data.vehicles.length === 0) grid.append(el("p", "muted", "No vehicles in this Tesla account."));
  updateOrderButton();
  show("step-select");
}

async function order() {
  $("order").disabled = true;
  const body = {
    vins: selectedVins(),
    package: document.querySelector("input[name=package]:checked").value,
    language: $("language").value,
  };
  try {
    await call("POST", "/sessions/" + sessionId + "/order", body);
    show("step-progress");
    poll();
  } catch (e) {
    notice(e.message, "error");
    updateOrderButton();
  }
}

function renderProgress(p) {
  $("progress-bar").style.width = p.percent + "%";
  document.querySelector(".progress").setAttribute("aria-valuenow", String(p.percent));
  $("progress-text").textContent = p.status === "running" ? p.percent + "% · " + p.billedCalls + " Tesla calls" : p.status;
  $("progress-vehicles").replaceChildren(...p.vehicles.map((v) => {
    const row = el("li", "phase-" + v.phase);
    row.append(el("span", "vin", v.maskedVin), el("span", "phase", v.phase + " · " + v.percent + "%"));
    return row;
  }));
}

async function poll() {
  clearTimeout(pollTimer);
  try {
    const p = await call("GET", "/sessions/" + sessionId + "/progress");
    renderProgress(p);
    if (p.status === "running") {
      pollTimer = setTimeout(poll, 700);
    } else if (p.status === "done") {
      showReports(p);
    } else {
      notice("The order failed: " + (p.error || "unknown error"), "error");
    }
  } catch (e) {
    if (e.status === 404 && e.code === "no_order") return loadVehicles();
    if (e.status === 404) return resetSession("Your session has expired.");
    notice(e.message, "error");
    pollTimer = setTimeout(poll, 2000);
  }
}

function downloadLink(label, href) {
  const a = el("a", "button", label);
  a.href = href;
  a.setAttribute("download", "");
  return a;
}

// The report's page one (the "vehicle passport" section of its JSON): the car's figures and one
// verdict per area with its reason, in the report's language, above the full report.
function renderPassport(report) {
  const box = $("passport");
  const summary = (report.sections || []).find((s) => s.id === "summary");
  if (!summary) {
    box.hidden = true;
    return;
  }
  const facts = el("dl", "passport-facts");
  for (const f of summary.fields) {
    const item = el("div", "");
    item.append(el("dt", "", f.label), el("dd", "", f.display));
    facts.append(item);
  }
  const verdicts = el("ul", "verdicts");
  for (const t of summary.tables) {
    for (const row of t.rows) {
      const li = el("li", "verdict tone-" + (row[1].tone || "normal"));
      li.append(el("span", "verdict-badge", row[1].display), el("b", "", row[0].display),
        el("span", "verdict-reason", row[2].display));
      verdicts.append(li);
    }
  }
  box.replaceChildren(el("h3", "", summary.title), facts, verdicts);
  box.hidden = false;
}

async function loadPassport(base) {
  $("passport").hidden = true;
  try {
    const res = await fetch(base + ".json", { credentials: "same-origin" });
    if (res.ok) renderPassport(await res.json());
  } catch (e) {
    // The full report below still shows the same summary.
  }
}

function selectTab(v) {
  const base = api + "/sessions/" + sessionId + "/reports/" + v.vin;
  for (const tab of document.querySelectorAll(".tab")) {
    tab.setAttribute("aria-selected", String(tab.dataset.vin === v.vin));
  }
  loadPassport(base);
  $("report-frame").src = base + ".html";
  $("downloads").replaceChildren(
    downloadLink("PDF", base + ".pdf"),
    downloadLink("CSV", base + ".csv"),
    downloadLink("JSON", base + ".json"),
    downloadLink("Invoices (ZIP)", base + "/invoices.zip"));
}

function showReports(p) {
  const tabs = $("tabs");
  tabs.replaceChildren(...p.vehicles.map((v) => {
    const tab = el("button", "tab", v.maskedVin);
    tab.dataset.vin = v.vin;
    tab.setAttribute("role", "tab");
    tab.addEventListener("click", () => selectTab(v));
    return tab;
  }));
  $("order-invoices").href = api + "/sessions/" + sessionId + "/invoices.zip";
  show("step-reports");
  if (p.vehicles.length > 0) selectTab(p.vehicles[0]);
}

function resetSession(message) {
  clearTimeout(pollTimer);
  sessionStorage.removeItem("cpt.session");
  sessionId = null;
  show("step-connect");
  $("connect").disabled = false;
  notice(message || "", "info");
}

async function deleteSession() {
  if (!sessionId) return;
  try {
    await call("DELETE", "/sessions/" + sessionId);
    resetSession("Your data was deleted.");
  } catch (e) {
    resetSession(e.status === 404 ? "Your session had already ended." : e.message);
  }
}

async function start() {
  $("connect").addEventListener("click", connect);
  $("order").addEventListener("click", order);
  $("delete-session").addEventListener("click", deleteSession);
  $("select-all").addEventListener("change", (e) => {
    for (const box of document.querySelectorAll(".vehicle-check")) box.checked = e.target.checked;
    updateOrderButton();
  });
  readRedirect();
  if (!sessionId) return show("step-connect");
  try {
    await poll();
  } catch (e) {
    resetSession(e.message);
  }
}

document.addEventListener("DOMContentLoaded", start);
