// The service worker (served at /sw.js by groundwork/field/views.py, which puts the precache
// list in self.__WB_MANIFEST and the settings in self.GW_FIELD before this bundle).
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";
import { ExpirationPlugin } from "workbox-expiration";
import { sendAll } from "./store.js";

const config = self.GW_FIELD;
const pages = config.pages.map((pattern) => new RegExp(pattern));
const formPages = config.forms.map((pattern) => new RegExp(pattern));

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
// The shell: stylesheets, fonts, scripts and icons (no CDN: all from this server).
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });

// The form pages and the pages that lead to them: the network first, the last copy offline.
// Only pages without anything personal on them are listed (empty forms, public pages).
const isPage = (url) => url.origin === self.location.origin && pages.some((re) => re.test(url.pathname));
const isForm = (url) => url.origin === self.location.origin && formPages.some((re) => re.test(url.pathname));
const forms = new NetworkFirst({
  cacheName: "gw-forms",
  networkTimeoutSeconds: 5,
  matchOptions: { ignoreSearch: true },
  plugins: [new ExpirationPlugin({ maxEntries: 200 })],
});
registerRoute(({ request, url }) => request.mode === "navigate" && isPage(url), forms);
// What the offline pages read (the statements a voting page shows next), kept the same way.
const data = (config.data || []).map((pattern) => new RegExp(pattern));
const isData = (url) => url.origin === self.location.origin && data.some((re) => re.test(url.pathname));
registerRoute(({ request, url }) => request.method === "GET" && isData(url), forms);
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(config.static),
  new CacheFirst({ cacheName: "gw-static", plugins: [new ExpirationPlugin({ maxEntries: 200 })] }),
);

// A page asks for the form pages it links to (not every page it links to), so that they
// open offline later.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "warm" && Array.isArray(data.urls)) {
    event.waitUntil(
      (async () => {
        const cache = await caches.open("gw-forms");
        for (const href of data.urls.slice(0, 30)) {
          const url = new URL(href, self.location.origin);
          if (!isForm(url) || (await cache.match(url.href, { ignoreSearch: true }))) continue;
          // A voting page comes with the statements it shows next.
          const companion = new URL("ahead.json", url);
          const wanted = isData(companion) ? [url, companion] : [url];
          try {
            for (const one of wanted) {
              const response = await fetch(one.href, { credentials: "same-origin" });
              if (response.ok && !response.redirected) await cache.put(one.href, response);
            }
          } catch {
            return;
          }
        }
      })(),
    );
  }
});

async function sendAndTell() {
  const result = await sendAll(config.token);
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "sent", ...result });
  }
  if (result.failed) throw new Error("retry");  // Background Sync tries again later
}

self.addEventListener("sync", (event) => {
  if (event.tag === "gw-field") event.waitUntil(sendAndTell());
});
