// Field mode on every page: registers the service worker, shows how many submissions wait
// on this device, keeps the forms marked data-field-queue working offline, and sends what
// waits when the connection returns. Without JavaScript none of this runs and the forms
// post as usual.
import { add, clearDevice, counts, entries, keyUsed, newKey, remove, sendAll } from "./store.js";

const root = document.getElementById("gw-field");
const text = root ? root.dataset : {};

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_m, name) => String(values[name]));
}


async function showCount() {
  const { waiting, rejected } = await counts();
  for (const link of document.querySelectorAll("[data-field-count]")) {
    const total = waiting + rejected;
    link.hidden = total === 0;
    link.textContent = fill(text.count, { count: total });
  }
  return { waiting, rejected };
}

function announce(form, message, kind = "info") {
  let box = form.querySelector(".gw-field-status");
  if (!box) {
    box = document.createElement("div");
    box.setAttribute("role", "status");
    form.prepend(box);
  }
  box.className = `gw-field-status usa-alert usa-alert--${kind} usa-alert--slim`;
  box.innerHTML = '<div class="usa-alert__body"><p class="usa-alert__text"></p></div>';
  box.querySelector("p").textContent = message;
}

async function freshen(form) {
  // A form opened from the device's copy carries the key of an earlier one: a new key.
  const field = form.querySelector('input[name="idempotency_key"]');
  if (field && field.value && (await keyUsed(field.value))) field.value = newKey();
}

async function queueForm(form, submitter) {
  const data = new FormData(form, submitter || undefined);
  const fields = [];
  for (const [name, value] of data.entries()) {
    if (value instanceof File) {
      if (value.size) fields.push([name, value, value.name]);
    } else fields.push([name, value]);
  }
  const keyField = form.querySelector('input[name="idempotency_key"]');
  let key = keyField ? keyField.value : "";
  if (!key || (await keyUsed(key))) {
    key = newKey();
    const i = fields.findIndex(([name]) => name === "idempotency_key");
    if (i >= 0) fields[i][1] = key;
    else fields.push(["idempotency_key", key]);
  }
  await add({
    url: form.action || location.href,
    key,
    fields,
    capturedAt: new Date().toISOString(),
    title: form.dataset.fieldQueue || document.title,
    forget: "fieldForget" in form.dataset,
  });
  // Ready for the next one: the same choices, empty text, a new key.
  for (const box of form.querySelectorAll("textarea, input[type=text], input[type=file]")) box.value = "";
  if (keyField) keyField.value = newKey();
  // The voting card moves on before anything says "saved", so that no one votes twice on the
  // statement still showing.
  if (form.dataset.fieldAhead) await nextStatement(form);
  announce(form, text.queued);
  if ("serviceWorker" in navigator) {
    try {
      const registration = await navigator.serviceWorker.ready;
      if (registration.sync) await registration.sync.register("gw-field");
    } catch {
      /* no Background Sync: sent on the next page load or with "send now" */
    }
  }
  await showCount();
  const first = form.querySelector("textarea, input[type=text]");
  if (first) first.focus();
}

// The voting page offline: the statements downloaded ahead (ahead.json, which the service
// worker keeps) stand in for the server's next card; a statement already voted on this
// device is not shown again.
async function ahead(form) {
  try {
    const response = await fetch(form.dataset.fieldAhead, { credentials: "same-origin" });
    if (response.ok) return await response.json();
  } catch {
    /* offline and never downloaded */
  }
  return null;
}

async function statementsQueued(url) {
  const ids = new Set();
  for (const entry of await entries()) {
    if (entry.url !== url) continue;
    for (const [name, value] of entry.fields) if (name === "statement") ids.add(String(value));
  }
  return ids;
}

async function nextStatement(form) {
  const card = form.closest("#vote-card") || form.parentElement;
  const list = await ahead(form);
  const queued = await statementsQueued(form.action || location.href);
  const current = form.querySelector('input[name="statement"]');
  const next = list ? list.statements.find((s) => !queued.has(String(s.id))) : null;
  if (list) {
    const voted = Math.min(list.voted + queued.size, list.total);
    const progress = card.querySelector("[data-field-progress]");
    if (progress) progress.textContent = fill(text.voteProgress, { voted, total: list.total });
    const bar = card.querySelector("progress");
    if (bar) {
      bar.max = list.total;
      bar.value = voted;
      bar.textContent = `${voted}/${list.total}`;
    }
  }
  if (current && !queued.has(current.value) && !next) return;  // the card's own still stands
  const statement = card.querySelector(".gw-vote__statement");
  if (!next) {
    statement.replaceChildren();
    const done = document.createElement("p");
    done.className = "text-bold";
    done.textContent = text.voteDone;
    statement.append(done);
    form.hidden = true;
    return;
  }
  if (current && current.value === String(next.id)) return;
  statement.innerHTML = next.html;  // rendered and escaped by the server
  if (current) current.value = String(next.id);
  const keyField = form.querySelector('input[name="idempotency_key"]');
  if (keyField) keyField.value = newKey();
  form.hidden = false;
}

async function sendNow() {
  const result = await sendAll(text.token);
  await showCount();
  if (document.getElementById("gw-field-list")) await renderList();
  return result;
}

async function renderList() {
  const list = document.getElementById("gw-field-list");
  const all = await entries();
  const empty = document.getElementById("gw-field-empty");
  list.replaceChildren();
  empty.hidden = all.length > 0;
  for (const entry of all) {
    const item = document.createElement("li");
    item.className = "gw-card margin-bottom-1";
    const heading = document.createElement("p");
    heading.className = "margin-top-0 text-bold";
    heading.textContent = entry.title;
    const when = document.createElement("p");
    when.className = "gw-muted margin-y-05";
    const time = new Date(entry.capturedAt).toLocaleString(document.documentElement.lang);
    when.textContent = `${entry.status === "rejected" ? text.rejected : text.waiting} · ${time}`;
    item.append(heading, when);
    const typed = entry.fields
      .filter(([name, value]) => typeof value === "string" && value.trim() && /^(answer|text|item|q)/.test(name))
      .map(([, value]) => value);
    if (typed.length) {
      const quote = document.createElement("p");
      quote.className = "margin-y-05";
      quote.textContent = typed.join(" · ").slice(0, 300);
      item.append(quote);
    }
    if (entry.status === "rejected") {
      const message = document.createElement("div");
      message.className = "usa-alert usa-alert--error usa-alert--slim";
      message.setAttribute("role", "alert");
      message.innerHTML = '<div class="usa-alert__body"><p class="usa-alert__text"></p></div>';
      message.querySelector("p").textContent = entry.message;
      const drop = document.createElement("button");
      drop.type = "button";
      drop.className = "usa-button usa-button--outline margin-top-1";
      drop.textContent = text.remove;
      drop.addEventListener("click", async () => {
        await remove(entry.id);
        await renderList();
        await showCount();
      });
      item.append(message, drop);
    }
    list.append(item);
  }
}

function setUpWaitingPage() {
  const list = document.getElementById("gw-field-list");
  if (!list) return;
  document.getElementById("gw-field-controls").hidden = false;
  document.getElementById("gw-field-nojs").hidden = true;
  document.getElementById("gw-field-send").addEventListener("click", async (event) => {
    const status = document.getElementById("gw-field-result");
    event.target.disabled = true;
    const result = await sendNow();
    event.target.disabled = false;
    status.textContent = result.failed ? text.unreachable : fill(text.sent, { count: result.sent });
  });
  document.getElementById("gw-field-clear").addEventListener("click", async () => {
    if (!window.confirm(text.confirmClear)) return;
    await clearDevice();
    await renderList();
    await showCount();
    document.getElementById("gw-field-result").textContent = text.cleared;
  });
  renderList();
}

async function start() {
  if (!root || !("indexedDB" in window)) return;
  if ("serviceWorker" in navigator && text.sw) {
    // After the page has loaded: the precache never competes with the page itself.
    const register = () => navigator.serviceWorker.register(text.sw, { scope: "/" }).catch(() => {});
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register);
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "sent") {
        showCount();
        if (document.getElementById("gw-field-list")) renderList();
      }
    });
    navigator.serviceWorker.ready.then((registration) => {
      const urls = Array.from(document.querySelectorAll("a[href]"), (a) => a.href);
      if (registration.active) registration.active.postMessage({ type: "warm", urls });
    });
  }
  for (const form of document.querySelectorAll("form[data-field-queue]")) {
    freshen(form);
    if (!form.dataset.fieldAhead) continue;
    if (navigator.onLine) ahead(form);  // the next statements, kept for going offline
    else nextStatement(form);
  }
  // Before any other handler (htmx's among them), on forms swapped in later too.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.matches("[data-field-queue]")) return;
      if (navigator.onLine) {
        // Online the form posts as it always has, once: a second click while the page is
        // still sending would go without the cookie the first one is about to set, and its
        // sender would be told the form was already received instead of being thanked.
        if (form.matches("[hx-post]")) return;  // htmx sends those itself
        if (form.dataset.fieldSending) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
        form.dataset.fieldSending = "1";
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      queueForm(form, event.submitter);
    },
    true,
  );
  // Back to a page kept in the browser's history: its forms can be sent again.
  window.addEventListener("pageshow", () => {
    for (const form of document.querySelectorAll("form[data-field-sending]")) {
      delete form.dataset.fieldSending;
    }
  });
  document.addEventListener("htmx:afterSwap", () => {
    const form = document.querySelector("form[data-field-ahead]");
    if (form && navigator.onLine) ahead(form);
  });
  setUpWaitingPage();
  window.addEventListener("online", sendNow);
  const { waiting } = await showCount();
  if (waiting && navigator.onLine) await sendNow();
}

start();
