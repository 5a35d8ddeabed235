// Builds the front end into ../static (run by `make frontend`, after `npm ci`):
//   wallet.js  the wallet module (viem's encoders, tree-shaken) as one ES2020 file
//   htmx.js    htmx, copied from the pinned npm package
//   app.css    the stylesheet, minified
// Nothing is fetched at run time: the pages load these three files from /static.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: join(out, "wallet.js"),
  legalComments: "none",
});
await build({
  entryPoints: [join(here, "src", "app.css")],
  bundle: true,
  minify: true,
  outfile: join(out, "app.css"),
});
copyFileSync(join(here, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.js"));
console.log(`front end built into ${out}`);
