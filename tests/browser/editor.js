// Drives the editor of `rally serve` in headless Chromium (through playwright-core), as a writer
// would, and prints one JSON line of what it saw (tests/it/editor_browser.rs judges it):
//
//   node tests/browser/editor.js BASE_URL CHROMIUM SITE_DIR FILE TITLE
//
// BASE_URL is the server's address (http://127.0.0.1:PORT), FILE an update under SITE_DIR
// (content/updates/x.md), TITLE the text typed after its title. axe-core runs on the list and the
// form pages (WCAG 2.x A and AA), the keyboard order of the form is recorded with Tab, the
// preview is watched while typing, then `Save` is pressed. playwright-core and axe-core are found
// through NODE_PATH.
const { chromium } = require("playwright-core");
const { readFileSync } = require("fs");
const path = require("path");

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

async function axe(browser, url, viewport) {
  // axe is put into the page past its policy; the flow below runs under the editor's own
  const context = await browser.newContext({ viewport, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async (tags) => {
      const res = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
    }, tags);
    return found;
  } finally {
    await context.close();
  }
}

(async () => {
  const [base, executablePath, site, file, typed] = process.argv.slice(2);
  const browser = await chromium.launch({ headless: true, executablePath, args: ["--no-sandbox"] });
  const errors = [];
  const report = {};
  try {
    const list = `${base}/__rally/edit/`;
    const edit = `${base}/__rally/edit/file?path=${encodeURIComponent(file)}`;
    report.axe = {
      list_desktop: await axe(browser, list, { width: 1280, height: 900 }),
      list_phone: await axe(browser, list, { width: 390, height: 844 }),
      form_desktop: await axe(browser, edit, { width: 1280, height: 900 }),
      form_phone: await axe(browser, edit, { width: 390, height: 844 }),
    };

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(edit, { waitUntil: "load" });
    const ondisk = readFileSync(path.join(site, file), "utf8");

    // the keyboard: every stop Tab reaches, from the top of the page, until the Save button
    const stops = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate(() => {
        const el = document.activeElement;
        const label = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : el.textContent.trim();
        return { tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "", label };
      });
      stops.push(stop);
      if (stop.tag === "button" && stop.label === "Save") break;
    }
    report.stops = stops;

    // typing into the Title field (found by its label, as a screen reader finds it)
    const title = page.getByLabel("Title", { exact: false }).first();
    report.title_label = await title.evaluate((el) => el.labels[0].textContent.trim());
    const before = await title.inputValue();
    await title.focus();
    await page.keyboard.press("End");
    await page.keyboard.type(typed, { delay: 20 });
    const frame = page.frameLocator("iframe.preview");
    await page.waitForFunction(
      (want) => {
        const f = document.querySelector("iframe.preview");
        const h1 = f && f.contentDocument && f.contentDocument.querySelector("h1");
        return h1 && h1.textContent.includes(want);
      },
      before + typed,
      { timeout: 30000 },
    );
    report.preview_h1 = (await frame.locator("h1").first().textContent()).trim();
    report.preview_src = await page.evaluate(() => document.querySelector("iframe.preview").contentWindow.location.href);
    report.status = await page.locator("#preview-status").textContent();
    report.unsaved_on_disk = readFileSync(path.join(site, file), "utf8") === ondisk;

    // a required field left empty: said under it, as you type
    await title.fill("");
    await page.waitForSelector("#f-title[aria-invalid=true]", { timeout: 10000 });
    report.empty_title = await page.evaluate(() => {
      const el = document.getElementById("f-title");
      return {
        describedby: el.getAttribute("aria-describedby") || "",
        problems: document.getElementById("f-title-problems").textContent,
      };
    });
    await title.fill(before + typed);
    await page.waitForFunction(() => !document.getElementById("f-title").hasAttribute("aria-invalid"), null, {
      timeout: 10000,
    });

    // Save, with the keyboard
    await page.getByRole("button", { name: "Save" }).focus();
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    report.notice = (await page.locator(".notice").first().textContent()).trim();
    report.saved_title = await page.getByLabel("Title", { exact: false }).first().inputValue();
    report.errors = errors;
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
