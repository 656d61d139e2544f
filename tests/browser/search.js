// Opens a search page in headless Chromium (through playwright-core), waits for Pagefind's
// results, and prints one JSON line: {"links": [...], "filters": N, "errors": [...]}.
//
//   node tests/browser/search.js URL CHROMIUM
//
// playwright-core is found through NODE_PATH (see tests/search_browser.rs).
const { chromium } = require("playwright-core");

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
    await page
      .waitForSelector(".pagefind-ui__result-link, .pagefind-ui__message:has-text('No results')", { timeout: 30000 })
      .catch(() => {});
    // the interface draws its filter groups as their data arrives, after the first results on a
    // busy machine: wait until their number has held for a second (at most 15 s)
    const count = () => page.$$eval(".pagefind-ui__filter-group-label", (els) => els.length);
    let filters = await count();
    for (let held = 0, waited = 0; held < 4 && waited < 60; waited++) {
      await page.waitForTimeout(250);
      const now = await count();
      held = now === filters && now > 0 ? held + 1 : 0;
      filters = now;
    }
    const links = await page.$$eval(".pagefind-ui__result-link", (els) => els.map((e) => e.getAttribute("href")));
    console.log(JSON.stringify({ links, filters, errors }));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
