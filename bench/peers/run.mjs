// bench/peers/run.mjs - one JavaScript peer of gisa over the AEB pages, in
// one long-lived node process (driver for bench/peers.sh).
//
//   node bench/peers/run.mjs TOOL MANIFEST OUT.json [PASSES]
//
// MANIFEST has one page a line: id TAB url TAB path-to.html.gz. Each page
// is read and gunzipped (not timed), then TOOL extracts the article body
// from the UTF-8 string with the page's URL (timed: that call and the
// conversion of an HTML result to text, nothing else). OUT gets the AEB
// predictions ({id: {"articleBody": text}}, first pass); stdout one JSON
// line: pages, failed, extract_s (sum of the per-page extraction times of
// the fastest pass), loop_s (that pass's wall time, reading included),
// cpu_s (the process's CPU time in that pass, all its threads: GC too).
// Module loading and JIT warm-up before the first page are not timed.
//
// The packages come from bench/peers/node_modules (npm install --prefix
// bench/peers, done by bench/peers.sh); none of their code is in the tree.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);

// Tags after which a reader sees a new paragraph (or line, for br).
const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'dd',
	'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form',
	'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
	'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'ul']);

// Plain text of an HTML fragment, paragraphs apart by a blank line: for
// the peers whose result is HTML. Uses linkedom's parser.
function htmlText(parseHTML, fragment) {
	const { document } = parseHTML(`<!doctype html><html><body>${fragment}</body></html>`);
	const out = [];
	const walk = (node) => {
		for (let c = node.firstChild; c; c = c.nextSibling) {
			if (c.nodeType === 3) {
				out.push(c.data.replace(/\s+/g, ' '));
			} else if (c.nodeType === 1) {
				const tag = c.localName;
				if (tag === 'script' || tag === 'style' || tag === 'noscript')
					continue;
				if (tag === 'br') {
					out.push('\n');
					continue;
				}
				const block = BLOCKS.has(tag);
				if (block)
					out.push('\n\n');
				else if (tag === 'td' || tag === 'th')
					out.push(' ');
				walk(c);
				if (block)
					out.push('\n\n');
			}
		}
	};
	walk(document.body);
	return out.join('').split('\n').map((l) => l.trim()).join('\n')
		.replace(/\n{3,}/g, '\n\n').trim();
}

// Each tool: load its modules (untimed), return (html, url) -> text.
const TOOLS = {
	// The reference setup of AEB's readability_js: Readability on jsdom,
	// the article's textContent.
	'readability-jsdom': async () => {
		const { Readability } = require('@mozilla/readability');
		const { JSDOM } = require('jsdom');
		return (html, url) => {
			const dom = new JSDOM(html, { url });
			try {
				const a = new Readability(dom.window.document).parse();
				return a && a.textContent ? a.textContent : '';
			} finally {
				dom.window.close();
			}
		};
	},
	// The same Readability on linkedom, a lighter DOM (what
	// article-extractor and defuddle use by default).
	'readability-linkedom': async () => {
		const { Readability } = require('@mozilla/readability');
		const { parseHTML } = require('linkedom');
		return (html, url) => {
			const { document } = parseHTML(html);
			const a = new Readability(document).parse();
			return a && a.textContent ? a.textContent : '';
		};
	},
	'article-extractor': async () => {
		const { extractFromHtml } = await import('@extractus/article-extractor');
		const { parseHTML } = require('linkedom');
		return async (html, url) => {
			const a = await extractFromHtml(html, url);
			return a && a.content ? htmlText(parseHTML, a.content) : '';
		};
	},
	'defuddle': async () => {
		const { Defuddle } = await import('defuddle/node');
		const { parseHTML } = require('linkedom');
		return async (html, url) => {
			const { document } = parseHTML(html);
			const a = await Defuddle(document, url);
			return a && a.content ? htmlText(parseHTML, a.content) : '';
		};
	},
	// A port of python-goose.
	'unfluff': async () => {
		const unfluff = require('unfluff');
		return (html) => {
			const a = unfluff(html);
			return a && a.text ? a.text : '';
		};
	},
};

async function main() {
	const [tool, manifest, outPath, passArg] = process.argv.slice(2);
	const make = TOOLS[tool];
	if (!make || !manifest || !outPath) {
		console.error(`usage: run.mjs {${Object.keys(TOOLS).join('|')}} MANIFEST OUT [PASSES]`);
		process.exit(2);
	}
	const passes = Math.max(1, parseInt(passArg || '1', 10));
	const pages = readFileSync(manifest, 'utf8').split('\n').filter(Boolean)
		.map((l) => l.split('\t'));
	const extract = await make();
	const pred = {};
	let best = null, failed = 0;

	for (let p = 0; p < passes; p++) {
		let ext = 0;
		const t0 = performance.now(), c0 = process.cpuUsage();
		for (const [id, url, path] of pages) {
			const html = gunzipSync(readFileSync(path)).toString('utf8');
			let text = '';
			const s = performance.now();
			try {
				text = await extract(html, url);
			} catch (e) {
				if (p === 0) {
					failed++;
					console.error(`${tool}: ${id}: ${String(e).slice(0, 200)}`);
				}
			}
			ext += performance.now() - s;
			if (p === 0)
				pred[id] = { articleBody: text };
		}
		const loop = performance.now() - t0, c = process.cpuUsage(c0);
		if (!best || ext < best.ext)
			best = { ext, loop, cpu: (c.user + c.system) / 1e6 };
	}
	writeFileSync(outPath, JSON.stringify(pred));
	console.log(JSON.stringify({ pages: pages.length, failed,
		extract_s: best.ext / 1000, loop_s: best.loop / 1000, cpu_s: best.cpu }));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
