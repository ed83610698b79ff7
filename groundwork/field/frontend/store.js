// The device's queue of submissions made offline (IndexedDB through idb), shared by the
// pages and the service worker. An entry holds the form's fields (its idempotency key
// among them) until the server acknowledges it; then it is deleted and only the key is
// kept, so that a cached copy of a form never sends the same key twice.
import { openDB } from "idb";

export const HEADER = "X-Groundwork-Queue";
const LOCK = "groundwork-field-send";

export function database() {
  return openDB("groundwork-field", 1, {
    upgrade(db) {
      db.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      db.createObjectStore("sent");  // idempotency key -> true (no content)
      db.createObjectStore("meta");
    },
  });
}

export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function device() {
  const db = await database();
  let id = await db.get("meta", "device");
  if (!id) {
    id = newKey().slice(0, 8);
    await db.put("meta", id, "device");
  }
  return id;
}

export async function entries() {
  const db = await database();
  return db.getAll("queue");  // in the order they were captured (auto-increment ids)
}

export async function counts() {
  const all = await entries();
  return {
    waiting: all.filter((e) => e.status !== "rejected").length,
    rejected: all.filter((e) => e.status === "rejected").length,
  };
}

export async function keyUsed(key) {
  const db = await database();
  if (await db.get("sent", key)) return true;
  const all = await db.getAll("queue");
  return all.some((e) => e.key === key);
}

// Written to disk before the form says it is saved ("strict"): Chromium's default may keep the
// last writes in memory, and a browser closed right after would lose them.
const STRICT = { durability: "strict" };

export async function add(entry) {
  const db = await database();
  const tx = db.transaction("queue", "readwrite", STRICT);
  const id = await tx.store.add({ ...entry, status: "waiting", message: "" });
  await tx.done;
  return id;
}

export async function remove(id) {
  const db = await database();
  await db.delete("queue", id);
}

export async function clearDevice() {
  const db = await database();
  const tx = db.transaction(["queue", "sent"], "readwrite");
  await tx.objectStore("queue").clear();
  await tx.objectStore("sent").clear();
  await tx.done;
  if (self.caches) {
    for (const name of await caches.keys()) {
      if (name.startsWith("gw-forms")) await caches.delete(name);
    }
  }
}

// A page with names on it (attendance at the door) leaves the device once what was typed
// into it has been sent, unless another of its sheets still waits.
async function forgetPage(url) {
  if (!self.caches) return;
  const db = await database();
  if ((await db.getAll("queue")).some((e) => e.url === url)) return;
  const cache = await caches.open("gw-forms");
  await cache.delete(url, { ignoreSearch: true });
}

async function freshToken(tokenUrl) {
  const response = await fetch(tokenUrl, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error("token");
  return (await response.json()).csrf;
}

async function sendOne(entry, csrf, deviceId) {
  const body = new FormData();
  for (const [name, value, filename] of entry.fields) {
    if (name === "csrfmiddlewaretoken") continue;
    if (value instanceof Blob) body.append(name, value, filename || "photo");
    else body.append(name, value);
  }
  body.append("csrfmiddlewaretoken", csrf);
  body.append("field_captured_at", entry.capturedAt);
  body.append("field_device", deviceId);
  const response = await fetch(entry.url, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { [HEADER]: "1", "X-CSRFToken": csrf },
  });
  if (response.status === 200 || response.status === 422) {
    const data = await response.json();
    return data;
  }
  throw new Error(`status ${response.status}`);
}

// Send what waits, in order, one at a time; an entry is deleted only when the server says it
// is stored. A rejected one keeps its fields and the server's message; anything else (no
// network, the server down, signed out) stops the run, to be tried again later.
async function sendAllUnlocked(tokenUrl) {
  const db = await database();
  const waiting = (await db.getAll("queue")).filter((e) => e.status !== "rejected");
  if (!waiting.length) return { sent: 0, failed: false };
  let csrf;
  try {
    csrf = await freshToken(tokenUrl);
  } catch {
    return { sent: 0, failed: true };
  }
  const deviceId = await device();
  let sent = 0;
  for (const entry of waiting) {
    let result;
    try {
      result = await sendOne(entry, csrf, deviceId);
    } catch {
      return { sent, failed: true };
    }
    const tx = db.transaction(["queue", "sent"], "readwrite", STRICT);
    if (result.status === "stored") {
      await tx.objectStore("queue").delete(entry.id);
      await tx.objectStore("sent").put(true, entry.key);
      sent += 1;
    } else {
      await tx.objectStore("queue").put({ ...entry, status: "rejected", message: result.message });
    }
    await tx.done;
    if (result.status === "stored" && entry.forget) await forgetPage(entry.url);
  }
  return { sent, failed: false };
}

export async function sendAll(tokenUrl) {
  if (self.navigator && navigator.locks) {
    return navigator.locks.request(LOCK, { ifAvailable: true }, (lock) =>
      lock ? sendAllUnlocked(tokenUrl) : { sent: 0, failed: false, busy: true },
    );
  }
  return sendAllUnlocked(tokenUrl);
}
