// Car Pulse Tracker web UI: connect Tesla, pick vehicles, order reports, follow progress, view
// and download. Plain JavaScript, no build step; talks only to this origin's /api/v1. Every word
// it shows comes from the UI catalog (web/i18n/<lang>.json, served by /api/v1/ui-text).
"use strict";

const api = "/api/v1";
const $ = (id) => document.getElementById(id);
// Language names are written in their own language, so everyone finds theirs.
const LANGUAGES = [["en", "English"], ["fi", "Suomi"], ["sv", "Svenska"], ["no", "Norsk"],
  ["da", "Dansk"], ["de", "Deutsch"], ["fr", "Français"], ["es", "Español"], ["it", "Italiano"]];
let sessionId = sessionStorage.getItem("cpt.session");
let pollTimer = null;
let texts = {};
let uiLanguage = "en";
let reportLanguageChosen = false;  // the report language follows the UI's until picked by hand
let lastNotice = null;             // [key, params, kind], worded again on a language switch
let lastVehicles = null;
let lastProgress = null;
let currentTab = null;
let reportLanguage = null;         // the language shown in the reports step

// The catalog text of `key` with its {placeholders} filled.
function t(key, params) {
  let text = texts[key];
  if (text === undefined) return key;
  for (const [name, value] of Object.entries(params || {})) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

// The UI catalog: the remembered choice, else the server's pick from Accept-Language.
async function loadTexts(requested) {
  const query = requested ? "?lang=" + encodeURIComponent(requested) : "";
  const res = await fetch(api + "/ui-text" + query, { credentials: "same-origin" });
  const data = await res.json();
  texts = data.texts || {};
  uiLanguage = data.language || "en";
}

function fillLanguageLists() {
  const options = () => LANGUAGES.map(([code, name]) => {
    const option = el("option", "", name);
    option.value = code;
    option.lang = code;
    return option;
  });
  $("ui-language").replaceChildren(...options());
  $("language").replaceChildren(...options());
  $("extra-languages").replaceChildren(...LANGUAGES.map(([code, name]) => {
    const label = el("label", "check");
    const box = el("input");
    box.type = "checkbox";
    box.value = code;
    box.className = "extra-language";
    label.append(box, el("span", "", name));
    label.lang = code;
    return label;
  }));
}

// Words every static element, then redraws what the page currently shows.
function applyTexts() {
  document.documentElement.lang = uiLanguage;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-title]")) {
    node.title = t(node.dataset.i18nTitle);
  }
  for (const node of document.querySelectorAll("[data-i18n-aria]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nAria));
  }
  $("ui-language").value = uiLanguage;
  if (!reportLanguageChosen) $("language").value = uiLanguage;
  syncExtraLanguages();
  $("verify-link").href = "/verify?lang=" + uiLanguage;
  if (lastNotice) notice(...lastNotice);
  if (lastVehicles && !$("step-select").hidden) renderVehicles(lastVehicles);
  if (lastProgress && !$("step-progress").hidden) renderProgress(lastProgress);
  if (currentTab && !$("step-reports").hidden) selectTab(currentTab);
}

async function switchLanguage(code) {
  localStorage.setItem("cpt.lang", code);
  await loadTexts(code);
  applyTexts();
}

// The report's own language is never offered again as an extra one.
function syncExtraLanguages() {
  for (const box of document.querySelectorAll(".extra-language")) {
    const primary = box.value === $("language").value;
    box.disabled = primary;
    if (primary) box.checked = false;
  }
}

function chosenLanguages() {
  const extra = [...document.querySelectorAll(".extra-language:checked")].map((b) => b.value);
  return [$("language").value, ...extra.filter((code) => code !== $("language").value)];
}

function show(step) {
  for (const id of ["step-connect", "step-select", "step-progress", "step-reports"]) {
    $(id).hidden = id !== step;
  }
  $("delete-session").hidden = step === "step-connect";
}

// Shows the catalog text `key` (empty: hides the box).
function notice(key, params, kind) {
  lastNotice = key ? [key, params, kind] : null;
  const box = $("notice");
  box.textContent = key ? t(key, params) : "";
  box.className = "notice " + (kind || "info");
  box.hidden = !key;
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
    // The server's description is English: the UI words the error from its code.
    const err = new Error(data.error_description || "HTTP " + res.status);
    err.status = res.status;
    err.code = data.error;
    err.key = texts["error." + data.error] ? "error." + data.error : "error.request_failed";
    err.params = { status: res.status };
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
    notice("notice.connected", {}, "ok");
  } else if (params.get("oauth") === "error") {
    notice("notice.connect_failed", { reason: params.get("reason") || "unknown" }, "error");
  }
  if (params.has("oauth")) history.replaceState(null, "", location.pathname);
}

async function connect() {
  $("connect").disabled = true;
  try {
    const data = await call("POST", "/tesla/oauth/initiate");
    location.assign(data.authUrl);
  } catch (e) {
    notice(e.key, e.params, "error");
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
  const known = ["online", "asleep", "offline"].includes(v.state) ? v.state : "unknown";
  const state = el("span", "badge state-" + known, t("state." + known));
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

// The vehicle cards, keeping the boxes already ticked.
function renderVehicles(vehicles) {
  const ticked = new Set(selectedVins());
  const grid = $("vehicles");
  grid.replaceChildren(...vehicles.map(vehicleCard));
  for (const box of document.querySelectorAll(".vehicle-check")) box.checked = ticked.has(box.value);
  if (vehicles.length === 0) grid.append(el("p", "muted", t("select.no_vehicles")));
  updateOrderButton();
}

async function loadVehicles() {
  const data = await call("GET", "/sessions/" + sessionId + "/vehicles");
  lastVehicles = data.vehicles;
  show("step-select");
  renderVehicles(lastVehicles);
}

// The browser's IANA time zone ("Europe/Helsinki"): the reports show their times in it.
function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch (e) {
    return undefined;  // the service then uses each car's market zone
  }
}

async function order() {
  $("order").disabled = true;
  const body = {
    vins: selectedVins(),
    package: document.querySelector("input[name=package]:checked").value,
    language: $("language").value,
    languages: chosenLanguages(),
    time_zone: browserTimeZone(),
  };
  try {
    await call("POST", "/sessions/" + sessionId + "/order", body);
    show("step-progress");
    poll();
  } catch (e) {
    notice(e.key, e.params, "error");
    updateOrderButton();
  }
}

function percentText(value) {
  return new Intl.NumberFormat(uiLanguage, { style: "percent" }).format(value / 100);
}

function renderProgress(p) {
  lastProgress = p;
  $("progress-bar").style.width = p.percent + "%";
  document.querySelector(".progress").setAttribute("aria-valuenow", String(p.percent));
  $("progress-text").textContent = p.status === "running"
    ? percentText(p.percent) + " · " + t("progress.calls", { calls: p.billedCalls })
    : t("status." + p.status);
  $("progress-vehicles").replaceChildren(...p.vehicles.map((v) => {
    const row = el("li", "phase-" + v.phase);
    row.append(el("span", "vin", v.maskedVin),
      el("span", "phase", t("phase." + v.phase) + " · " + percentText(v.percent)));
    // A vehicle's report can be read while the order still fetches invoices.
    if (p.status === "running" && v.reportReady) {
      const link = el("a", "read-report", t("progress.read_report"));
      link.href = api + "/sessions/" + sessionId + "/reports/" + v.vin + ".html";
      link.target = "_blank";
      link.rel = "noopener";
      row.append(link);
    }
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
      notice("notice.order_failed", {}, "error");
    }
  } catch (e) {
    if (e.status === 404 && e.code === "no_order") return loadVehicles();
    if (e.status === 404) return resetSession("notice.expired");
    notice(e.key, e.params, "error");
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
  for (const table of summary.tables) {
    for (const row of table.rows) {
      const li = el("li", "verdict tone-" + (row[1].tone || "normal"));
      li.append(el("span", "verdict-badge", row[1].display), el("b", "", row[0].display),
        el("span", "verdict-reason", row[2].display));
      verdicts.append(li);
    }
  }
  box.replaceChildren(el("h3", "", summary.title), facts, verdicts);
  box.hidden = false;
}

async function loadPassport(base, query) {
  $("passport").hidden = true;
  try {
    const res = await fetch(base + ".json" + query, { credentials: "same-origin" });
    if (res.ok) renderPassport(await res.json());
  } catch (e) {
    // The full report below still shows the same summary.
  }
}

// One vehicle's report in `reportLanguage`: ".../reports/{vin}.{format}?lang={code}".
function selectTab(v) {
  currentTab = v;
  const base = api + "/sessions/" + sessionId + "/reports/" + v.vin;
  const query = reportLanguage ? "?lang=" + reportLanguage : "";
  for (const tab of document.querySelectorAll("#tabs .tab")) {
    tab.setAttribute("aria-selected", String(tab.dataset.vin === v.vin));
  }
  for (const tab of document.querySelectorAll("#report-languages .tab")) {
    tab.setAttribute("aria-selected", String(tab.dataset.lang === reportLanguage));
  }
  loadPassport(base, query);
  $("report-frame").src = base + ".html" + query;
  $("downloads").replaceChildren(
    downloadLink("PDF", base + ".pdf" + query),
    downloadLink("CSV", base + ".csv" + query),
    downloadLink("JSON", base + ".json" + query),
    downloadLink(t("reports.invoices"), base + "/invoices.zip"));
}

// An order in several languages shows one tab per language above the report.
function renderReportLanguages(languages) {
  const bar = $("report-languages");
  bar.hidden = languages.length < 2;
  bar.replaceChildren(...languages.map((code) => {
    const name = (LANGUAGES.find(([c]) => c === code) || [code, code])[1];
    const tab = el("button", "tab", name);
    tab.lang = code;
    tab.dataset.lang = code;
    tab.addEventListener("click", () => {
      reportLanguage = code;
      if (currentTab) selectTab(currentTab);
    });
    return tab;
  }));
}

function showReports(p) {
  const languages = p.languages || [];
  reportLanguage = languages.includes(uiLanguage) ? uiLanguage : languages[0] || null;
  renderReportLanguages(languages);
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

// Back to the start; `key` (a catalog key) says why.
function resetSession(key, params) {
  clearTimeout(pollTimer);
  sessionStorage.removeItem("cpt.session");
  sessionId = null;
  lastVehicles = lastProgress = currentTab = null;
  show("step-connect");
  $("connect").disabled = false;
  notice(key || "", params, "info");
}

async function deleteSession() {
  if (!sessionId) return;
  try {
    await call("DELETE", "/sessions/" + sessionId);
    resetSession("notice.deleted");
  } catch (e) {
    if (e.status === 404) resetSession("notice.already_ended");
    else resetSession(e.key, e.params);
  }
}

async function start() {
  fillLanguageLists();
  try {
    await loadTexts(localStorage.getItem("cpt.lang"));
  } catch (e) {
    // Without the catalog the page cannot speak; the keys show and say what is missing.
  }
  applyTexts();
  $("ui-language").addEventListener("change", (e) => switchLanguage(e.target.value));
  $("language").addEventListener("change", () => {
    reportLanguageChosen = true;
    syncExtraLanguages();
  });
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
    resetSession(e.key || "error.request_failed", e.params || { status: 0 });
  }
}

document.addEventListener("DOMContentLoaded", start);
