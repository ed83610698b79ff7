// Builds field mode's front end into build/field/ (not in the repository): the service
// worker and the page script bundled with Workbox and idb from node_modules, and the app
// icons rendered as PNG from the project's mark (groundwork/static/groundwork/icon.svg).
// Run by `npm run build` (the Makefile's set-up).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Resvg } from "@resvg/resvg-js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = process.env.FIELD_BUILD || join(root, "build", "field");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "queue.js"), join(here, "sw.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outdir: out,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

const mark = readFileSync(join(root, "groundwork", "static", "groundwork", "icon.svg"), "utf8");
for (const size of [192, 512]) {
  const png = new Resvg(mark, { fitTo: { mode: "width", value: size } }).render().asPng();
  writeFileSync(join(out, `icon-${size}.png`), png);
}
console.log(`field mode built into ${out}`);
