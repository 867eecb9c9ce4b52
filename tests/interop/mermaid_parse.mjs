// Parse every ```mermaid block of a Markdown file with Mermaid's own parser, in Node (no browser).
// Mermaid wants DOMPurify's browser hooks even to parse; parsing needs no sanitising, so they are stubbed.
// Usage: node mermaid_parse.mjs NODE_MODULES FILE.md  -> exit 1 and one line per diagram that fails.
import { readFileSync } from 'fs';
import { pathToFileURL } from 'url';
import path from 'path';

const [modules, file] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(path.join(modules, rel)).href);
const { default: DOMPurify } = await load('dompurify/dist/purify.es.mjs');
DOMPurify.addHook = () => {};
DOMPurify.sanitize = (text) => text;
// A sequence diagram's `box [colour] title` asks the browser whether its first word is a CSS colour
// (window.CSS.supports); Node has no window: the colours archkit writes (transparent, #hex, rgb(), hsl())
// answer yes, any other word no (it is then part of the title, as a browser reads a non-colour).
globalThis.window = { CSS: { supports: (property, value) =>
  property === 'color' && /^(transparent|#[0-9a-f]{3,8}|(rgb|hsl)a?\(.*\))$/i.test(value) } };
const { default: mermaid } = await load('mermaid/dist/mermaid.core.mjs');
const blocks = readFileSync(file, 'utf8').split(/^```mermaid\n/m).slice(1).map((b) => b.split(/^```$/m)[0]);
let failed = 0;
for (const [i, block] of blocks.entries()) {
  try {
    await mermaid.parse(block);
  } catch (error) {
    failed += 1;
    console.log(`diagram ${i + 1}: ${String(error).slice(0, 400)}`);
  }
}
console.log(`${blocks.length} diagrams parsed, ${failed} failed`);
process.exit(failed ? 1 : 0);
