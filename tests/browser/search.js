// Opens a search page in headless Chromium (through playwright-core), waits for Pagefind's
// results, and prints one JSON line: {"links": [...], "filters": [names], "errors": [...]}.
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
    // the filters of the index, as Pagefind gives them to the page (the interface shows only
    // those its latest results have loaded, which depends on timing)
    const filters = await page.evaluate(async () => {
      const bundle = document.querySelector("#search").getAttribute("data-bundle");
      const pagefind = await import(`${bundle}pagefind.js`);
      await pagefind.options({ baseUrl: "/" });
      return Object.keys(await pagefind.filters()).sort();
    });
    const links = await page.$$eval(".pagefind-ui__result-link", (els) => els.map((e) => e.getAttribute("href")));
    console.log(JSON.stringify({ links, filters, errors }));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
