// Opens a search page in headless Chromium (through playwright-core), waits for Pagefind's
// results, and prints one JSON line: {"links": [...], "filters": [labels], "errors": [...]}.
//
//   node tests/browser/search.js URL CHROMIUM FILTER_GROUPS
//
// playwright-core is found through NODE_PATH (see tests/search_browser.rs).
const { chromium } = require("playwright-core");

(async () => {
  const [url, executablePath, wanted] = process.argv.slice(2);
  const want = Number(wanted || 1);
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
    // the interface draws its filter groups as their data arrives, on a busy machine well after
    // the first results: wait until `want` groups are drawn (at most 45 s), then name them
    const labels = () =>
      page.$$eval(".pagefind-ui__filter-group-label", (els) => els.map((e) => e.textContent.trim()));
    let filters = await labels();
    for (let waited = 0; filters.length < want && waited < 180; waited++) {
      await page.waitForTimeout(250);
      filters = await labels();
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
