// Opens a search page in headless Chromium (through playwright-core), waits for Pagefind's
// results, runs axe-core on the page with its results (phone and desktop, light and dark), and
// prints one JSON line:
// {"links": [...], "filters": [names], "errors": [...], "axe": {"MODE": [violations]}}.
//
//   node tests/browser/search.js URL CHROMIUM
//
// playwright-core and axe-core are found through NODE_PATH (see tests/search_browser.rs).
const { chromium } = require("playwright-core");
const { readFileSync } = require("fs");

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const results = ".pagefind-ui__result-link, .pagefind-ui__message:has-text('No results')";

// axe on the page with its results, in one mode; axe is put into the page past its policy
async function axe(browser, url, viewport, colorScheme) {
  const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector(results, { timeout: 30000 });
    await page.evaluate(axeSource);
    return await page.evaluate(async (tags) => {
      const res = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
    }, tags);
  } finally {
    await context.close();
  }
}

(async () => {
  const [url, executablePath] = process.argv.slice(2);
  const browser = await chromium.launch({ headless: true, executablePath, args: ["--no-sandbox"] });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector(results, { timeout: 30000 }).catch(() => {});
    // the filters of the index, as Pagefind gives them to the page (the interface shows only
    // those its latest results have loaded, which depends on timing)
    const filters = await page.evaluate(async () => {
      const bundle = document.querySelector("#search").getAttribute("data-bundle");
      const pagefind = await import(`${bundle}pagefind.js`);
      await pagefind.options({ baseUrl: "/" });
      return Object.keys(await pagefind.filters()).sort();
    });
    const links = await page.$$eval(".pagefind-ui__result-link", (els) => els.map((e) => e.getAttribute("href")));
    const modes = {
      "desktop-light": [{ width: 1280, height: 900 }, "light"],
      "desktop-dark": [{ width: 1280, height: 900 }, "dark"],
      "mobile-light": [{ width: 390, height: 844 }, "light"],
      "mobile-dark": [{ width: 390, height: 844 }, "dark"],
    };
    const found = {};
    for (const [mode, [viewport, scheme]] of Object.entries(modes)) {
      found[mode] = await axe(browser, url, viewport, scheme);
    }
    console.log(JSON.stringify({ links, filters, errors, axe: found }));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
