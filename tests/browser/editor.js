// Drives the editor of `rally serve` in headless Chromium (through playwright-core), as a writer
// would, and prints one JSON line of what it saw (tests/it/editor_browser.rs judges it):
//
//   node tests/browser/editor.js BASE_URL CHROMIUM SITE_DIR FILE TITLE PHOTO EVENT_TITLE EVENT_START EVENT_ZONE
//
// BASE_URL is the server's address (http://127.0.0.1:PORT), FILE an update under SITE_DIR
// (content/updates/x.md), TITLE the text typed after its title. axe-core runs on the list and the
// form pages (WCAG 2.x A and AA), the keyboard order of the form is recorded with Tab, the
// preview is watched while typing, then `Save` is pressed. Then an event is made with the list's
// `New event` button (EVENT_TITLE, EVENT_START as a date and time, EVENT_ZONE), the photo file
// PHOTO is uploaded through its form (first without alt text, then with alt text of spaces, then
// with alt text), and the event's file is changed on disk while its form is open, before `Save`
// is pressed there. axe-core runs on every state reached. playwright-core and axe-core are found
// through NODE_PATH.
const { chromium } = require("playwright-core");
const { readFileSync, writeFileSync } = require("fs");
const path = require("path");

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const axeRun = async (tags) => {
  const res = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  return res.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
};

// axe on the page as it is now (a state reached by the flow), put in past the page's policy
async function axeHere(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  return page.evaluate(axeRun, tags);
}

async function axe(browser, url, viewport) {
  // axe is put into the page past its policy; the flow below runs under the editor's own
  const context = await browser.newContext({ viewport, bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    return await page.evaluate(axeRun, tags);
  } finally {
    await context.close();
  }
}

// The answers the flow is refused with on purpose (their URL and status): the browser logs each
// as an error, which is not one of the page's.
const refusals = [];
const logged = (status) => `Failed to load resource: the server responded with a status of ${status} `;
const refusal = (e) => refusals.some((r) => e.url === r.url && e.text.startsWith(logged(r.status)));
function refused(answer) {
  refusals.push({ url: answer.url(), status: answer.status() });
  return answer.status();
}

// The text of the element `selector`, trimmed.
const text = async (page, selector) => (await page.locator(selector).first().textContent()).trim();

// `New event` on the list: its form filled in and sent, which lands on the new file's form; the
// file as made, and the page beside the form once the preview shows it.
async function newEvent(page, list, site, found, event) {
  await page.goto(list, { waitUntil: "load" });
  const summary = page.locator("summary", { hasText: "New event" });
  await summary.click();
  const form = page.locator("details", { has: summary }).locator("form");
  await form.getByLabel("Title").fill(event.title);
  await form.getByLabel("Start").fill(event.start);
  await form.getByLabel("Time zone").fill(event.zone);
  found.list_new_event = await axeHere(page);
  const create = form.getByRole("button", { name: "Create" });
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), create.click()]);
  const url = new URL(page.url());
  const made = { url: url.pathname, path: url.searchParams.get("path") };
  made.created = readFileSync(path.join(site, made.path), "utf8");
  made.h1 = await text(page, "h1");
  made.title_value = await page.getByLabel("Title", { exact: false }).first().inputValue();
  await page.waitForFunction(
    (want) => {
      const f = document.querySelector("iframe.preview");
      const h1 = f && !f.hidden && f.contentDocument && f.contentDocument.querySelector("h1");
      return h1 && h1.textContent.includes(want);
    },
    event.title,
    { timeout: 30000 },
  );
  made.preview_src = await page.evaluate(() => document.querySelector("iframe.preview").contentWindow.location.href);
  made.preview_h1 = (await page.frameLocator("iframe.preview").locator("h1").first().textContent()).trim();
  return made;
}

// `Add a photo` on the form of the page open: without alt text (refused in the page), with alt
// text of spaces (refused by the server), then with alt text.
async function uploadPhoto(page, photo, found) {
  const edit = page.url();
  const form = () => page.getByRole("form", { name: "Add a photo" });
  const upload = () => form().getByRole("button", { name: "Upload photo" });
  const out = {};
  await form().getByLabel("Photo", { exact: false }).setInputFiles(photo);
  await upload().click();
  await page.waitForSelector("#alt-problems li", { timeout: 10000 });
  out.missing = await page.evaluate(() => {
    const alt = document.getElementById("alt");
    return {
      problems: document.getElementById("alt-problems").textContent,
      visible: document.getElementById("alt-problems").checkVisibility(),
      invalid: alt.getAttribute("aria-invalid"),
      describedby: alt.getAttribute("aria-describedby"),
      focused: document.activeElement === alt,
    };
  });
  out.missing.stayed = page.url() === edit;
  found.photo_alt_missing = await axeHere(page);
  await form().getByLabel("Alt text", { exact: false }).fill("   ");
  const [blank] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), upload().click()]);
  out.blank = { status: refused(blank), h1: await text(page, "h1"), text: await text(page, "main p") };
  found.photo_refused = await axeHere(page);

  await page.goto(edit, { waitUntil: "load" });
  await form().getByLabel("Photo", { exact: false }).setInputFiles(photo);
  await form().getByLabel("Alt text", { exact: false }).fill("Otters at dawn on the Kell");
  const [done] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), upload().click()]);
  out.done = { status: done.status(), h1: await text(page, "h1"), text: await text(page, "main p") };
  found.photo_uploaded = await axeHere(page);
  await page.goto(edit, { waitUntil: "load" });
  return out;
}

// The event's form open, its file changed on disk meanwhile, the title typed, `Save` pressed:
// what the page shows, and what was written to the file.
async function conflict(page, site, made, found) {
  const file = path.join(site, made.path);
  const theirs = readFileSync(file, "utf8").replace('description: ""', 'description: "Counting otters along the Kell."');
  writeFileSync(file, theirs);
  const title = page.getByLabel("Title", { exact: false }).first();
  await title.focus();
  await page.keyboard.press("End");
  await page.keyboard.type(" (rescheduled)");
  const save = page.getByRole("button", { name: "Save" });
  const [answer] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), save.click()]);
  const out = { theirs, status: refused(answer), h1: await text(page, "h1") };
  out.alert = await text(page, "[role=alert]");
  const version = (heading) => page.locator("section", { has: page.getByRole("heading", { name: heading }) });
  out.on_disk = await version("On disk now").locator("pre").textContent();
  out.yours = await version("Yours").locator("pre").textContent();
  out.keep = await version("On disk now").getByRole("link", { name: "Keep this version" }).count();
  out.mine = await version("Yours").getByRole("button", { name: "Save mine over it" }).count();
  found.conflict = await axeHere(page);
  return out;
}

(async () => {
  const [base, executablePath, site, file, typed, photo, eventTitle, eventStart, eventZone] = process.argv.slice(2);
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
    page.on("pageerror", (e) => errors.push({ text: e.message, url: "" }));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push({ text: m.text(), url: m.location().url });
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

    const event = { title: eventTitle, start: eventStart, zone: eventZone };
    const made = await newEvent(page, list, site, report.axe, event);
    report.event = made;
    report.axe.new_file_form_desktop = await axe(browser, page.url(), { width: 1280, height: 900 });
    report.axe.new_file_form_phone = await axe(browser, page.url(), { width: 390, height: 844 });
    report.photo = await uploadPhoto(page, photo, report.axe);
    report.conflict = await conflict(page, site, made, report.axe);
    report.errors = errors.filter((e) => !refusal(e)).map((e) => `${e.text} (${e.url})`);
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
