// Convert AsciiDoc files to HTML with Asciidoctor.js (safe mode, as a published site would), in Node.
// Usage: node asciidoctor_convert.mjs NODE_MODULES FILE.adoc...  -> JSON on stdout:
// {"html": {FILE: HTML}, "log": ["SEVERITY: message", ...]}
import { readFileSync } from 'fs';
import { pathToFileURL } from 'url';
import path from 'path';

const [modules, ...files] = process.argv.slice(2);
const asciidoctor = await import(pathToFileURL(path.join(modules, '@asciidoctor/core/src/index.js')).href);
const logger = asciidoctor.MemoryLogger.create();
asciidoctor.LoggerManager.setLogger(logger);
const html = {};
for (const file of files) {
  html[file] = await asciidoctor.convert(readFileSync(file, 'utf8'),
    { safe: 'safe', base_dir: path.dirname(file), standalone: false });
}
const log = logger.getMessages().map((m) => `${m.getSeverity()}: ${m.getText()}`);
process.stdout.write(JSON.stringify({ html, log }));
