//! Incremental rebuilds of the preview: after every kind of edit, the files kept in memory are
//! exactly those a fresh build makes, and small edits re-render only a few files.

use crate::common;

use rally::live::{LiveSite, Rebuilt};
use std::path::{Path, PathBuf};

const KELL: &str = "content/updates/2025-09-14-kell.md";

fn load(site: &Path) -> LiveSite {
    LiveSite::load(site, &common::options(), None).unwrap_or_else(|d| panic!("{d:?}"))
}

/// Writes `rel`, updates `live` and checks it against a fresh build; returns what it did.
fn edit(live: &mut LiveSite, site: &Path, rel: &str, text: Option<&str>) -> Rebuilt {
    let path = site.join(rel);
    match text {
        Some(t) => common::write(site, rel, t),
        None => std::fs::remove_file(&path).unwrap(),
    }
    let done = live.update(&[path]).unwrap_or_else(|d| panic!("{rel}: {d:?}"));
    same_as_fresh(live, site);
    done
}

fn same_as_fresh(live: &LiveSite, site: &Path) {
    let fresh = load(site);
    let mut a: Vec<&String> = live.files().keys().collect();
    let mut b: Vec<&String> = fresh.files().keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same files");
    for (path, bytes) in fresh.files() {
        assert!(
            live.files()[path] == *bytes,
            "{path} differs from a fresh build:\n{}",
            String::from_utf8_lossy(&live.files()[path])
        );
    }
}

fn text(live: &LiveSite, path: &str) -> String {
    String::from_utf8_lossy(&live.files()[path]).into_owned()
}

fn rendered(done: Rebuilt) -> usize {
    match done {
        Rebuilt::Rendered(n) => n,
        other => panic!("expected an incremental rebuild, got {other:?}"),
    }
}

#[test]
fn small_edits_render_few_files_and_match_a_full_build() {
    let (_g, site) = common::fixture("hub");
    let mut live = load(&site);
    let total = live.files().len();
    let kell = common::read(&site, KELL);

    let body = kell.replace("The water is clearer", "The water is far clearer");
    let n = rendered(edit(&mut live, &site, KELL, Some(&body)));
    assert!(n <= 8, "a body edit renders the page, its alias and the machine files, not {n}");
    assert!(text(&live, "updates/kell/index.html").contains("far clearer"));

    let retitled = body.replace("title: 3 km of the Kell restored", "title: Four km of the Kell restored");
    let n = rendered(edit(&mut live, &site, KELL, Some(&retitled)));
    assert!(n < total / 2, "a new title renders the lists that show it, not {n} of {total} files");
    assert!(text(&live, "index.html").contains("Four km of the Kell restored"));
    assert!(text(&live, "tags/cleanups/index.html").contains("Four km of the Kell restored"));

    let redated = retitled.replace("date: 2025-09-14", "date: 2025-09-01");
    rendered(edit(&mut live, &site, KELL, Some(&redated)));

    let schools = "content/updates/2025-08-01-schools.md";
    let moved = common::read(&site, schools).replace("date: 2025-08-01", "date: 2025-10-01");
    rendered(edit(&mut live, &site, schools, Some(&moved)));
    let moved_back = moved.replace("date: 2025-10-01", "date: 2025-01-01");
    rendered(edit(&mut live, &site, schools, Some(&moved_back)));

    // a tag's shown name is its first spelling in list order: moving an update can change it
    let older = redated.replace("date: 2025-09-01", "date: 2025-04-01");
    assert_eq!(edit(&mut live, &site, KELL, Some(&older)), Rebuilt::RenderedAll);
    assert!(text(&live, "tags/index.html").contains(">Volunteers <"));

    let team = common::read(&site, "content/about/team.md").replace("title: Our team", "title: The team");
    rendered(edit(&mut live, &site, "content/about/team.md", Some(&team)));
    assert!(text(&live, "about/index.html").contains("The team"));
}

#[test]
fn reshaping_edits_render_everything_and_match_a_full_build() {
    let (_g, site) = common::fixture("hub");
    let mut live = load(&site);
    let new = "---\ntitle: Otters are back\ndate: 2025-10-01\ntags: [wildlife]\n---\nSeen at dawn.\n";
    assert_eq!(edit(&mut live, &site, "content/updates/2025-10-01-otters.md", Some(new)), Rebuilt::RenderedAll);
    assert!(live.files().contains_key("tags/wildlife/index.html"));

    let draft = common::read(&site, "content/updates/2025-05-01-draft.md").replace("draft: true", "draft: false");
    assert_eq!(edit(&mut live, &site, "content/updates/2025-05-01-draft.md", Some(&draft)), Rebuilt::RenderedAll);

    let kell = common::read(&site, KELL);
    let retagged = kell.replace("tags: [cleanups, volunteers]", "tags: [cleanups]");
    assert_eq!(edit(&mut live, &site, KELL, Some(&retagged)), Rebuilt::RenderedAll);

    let mission = common::read(&site, "content/mission.md").replace("title:", "title: The");
    assert_eq!(edit(&mut live, &site, "content/mission.md", Some(&mission)), Rebuilt::RenderedAll);

    assert_eq!(edit(&mut live, &site, "content/updates/2025-10-01-otters.md", None), Rebuilt::RenderedAll);
    assert!(!live.files().contains_key("tags/wildlife/index.html"));

    assert_eq!(edit(&mut live, &site, "site.yaml", Some(&common::read(&site, "site.yaml"))), Rebuilt::Reloaded);
}

#[test]
fn errors_keep_the_files_and_are_cleared_by_a_fix() {
    let (_g, site) = common::fixture("hub");
    let mut live = load(&site);
    let before = live.files().clone();
    let path: PathBuf = site.join(KELL);
    let kell = common::read(&site, KELL);

    common::write(&site, KELL, &kell.replace("date: 2025-09-14", "date: 2025-02-30"));
    let errors = live.update(std::slice::from_ref(&path)).unwrap_err();
    assert!(errors.iter().any(|d| d.path.ends_with("2025-09-14-kell.md") && d.line == 3), "{errors:?}");
    assert_eq!(live.files().len(), before.len());
    assert!(live.files().iter().all(|(k, v)| before[k] == *v), "a failed rebuild changes no file");

    // another file's edit does not hide the error
    let team = common::read(&site, "content/about/team.md").replace("Six staff", "Seven staff");
    let errors = edit_err(&mut live, &site, "content/about/team.md", &team);
    assert!(errors.iter().any(|d| d.path.ends_with("2025-09-14-kell.md")), "{errors:?}");

    common::write(&site, KELL, &kell);
    live.update(&[path]).unwrap();
    same_as_fresh(&live, &site);
    assert!(text(&live, "about/team/index.html").contains("Seven staff"));

    common::write(&site, "site.yaml", "title: [\n");
    assert!(live.update(&[site.join("site.yaml")]).is_err());
    let errors = edit_err(&mut live, &site, "content/about/team.md", &team);
    assert!(errors.iter().any(|d| d.path.ends_with("site.yaml")), "a broken config stays reported: {errors:?}");
}

fn edit_err(live: &mut LiveSite, site: &Path, rel: &str, text: &str) -> Vec<rally::error::Diagnostic> {
    common::write(site, rel, text);
    live.update(&[site.join(rel)]).unwrap_err()
}

#[test]
fn copied_files_keep_winning_over_generated_ones() {
    let (_g, site) = common::fixture("hub");
    common::write(&site, "static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    let mut live = load(&site);
    assert!(text(&live, "robots.txt").contains("Disallow: /drafts/"));
    let kell = common::read(&site, KELL).replace("The water is clearer", "The water is far clearer");
    rendered(edit(&mut live, &site, KELL, Some(&kell)));
    assert!(text(&live, "robots.txt").contains("Disallow: /drafts/"), "a re-render leaves the site's own file");
}

#[test]
fn a_preview_follows_the_base_path_of_its_config() {
    let (_g, site) = common::fixture("hub");
    let mut live = LiveSite::load(&site, &common::options(), Some("http://127.0.0.1:1111")).unwrap();
    assert!(text(&live, "index.html").contains("href=\"http://127.0.0.1:1111/hub/\""), "canonical under /hub/");
    let yaml = common::read(&site, "site.yaml").replace("https://org.example/hub/", "https://org.example/news/");
    common::write(&site, "site.yaml", &yaml);
    assert_eq!(live.update(&[site.join("site.yaml")]).unwrap(), Rebuilt::Reloaded);
    assert!(text(&live, "index.html").contains("href=\"http://127.0.0.1:1111/news/\""));
    common::write(&site, "site.yaml", "title: [\n");
    assert!(live.update(&[site.join("site.yaml")]).is_err());
    let team = common::read(&site, "content/about/team.md").replace("Six staff", "Seven staff");
    common::write(&site, "content/about/team.md", &team);
    let errors = live.update(&[site.join("content/about/team.md")]).unwrap_err();
    assert!(errors.iter().any(|d| d.path.ends_with("site.yaml")), "a broken config stays reported: {errors:?}");
    assert!(live.update(std::slice::from_ref(&site)).is_err(), "the site folder itself: read everything again");
}

/// What `rally check` reports for the site as it is on disk.
fn full_check(site: &Path) -> Vec<String> {
    let built = rally::pipeline::build_in_memory(site, &common::options()).unwrap();
    rally::check::check(&built, common::options().now).0.iter().map(|d| d.to_string()).collect()
}

#[test]
fn the_preview_check_after_an_incremental_rebuild_is_the_full_check() {
    let (_g, site) = common::fixture("hub");
    let mut live = load(&site);
    let mut problems = rally::serve::problems::Problems::default();
    let now = common::options().now;
    let shown = |d: Vec<rally::error::Diagnostic>| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    assert_eq!(shown(problems.check(&live, true, now)), full_check(&site));
    let edits = [
        "See [the map](/no-such-page/), [the FAQ](@/faq.md#no-such-question) and ![](/images/none.svg).\n",
        "See [the FAQ](@/faq.md) and ![Kell](/images/kell.svg).\n",
    ];
    for body in edits {
        let kell = common::read(&site, KELL);
        let (front, _) = kell.rsplit_once("---\n").unwrap();
        let done = edit(&mut live, &site, KELL, Some(&format!("{front}---\n{body}")));
        rendered(done);
        let found = shown(problems.check(&live, false, now));
        assert_eq!(found, full_check(&site), "after: {body}");
        assert_eq!(found.iter().any(|d| d.contains("link `/no-such-page/` leads nowhere")), body.contains("no-such"));
        // the FAQ links to a heading the edit took away: found in the ids of the re-rendered page
        assert!(found.iter().any(|d| d.contains("`@/updates/2025-09-14-kell.md#readings` leads nowhere")));
    }
}

#[test]
fn components_follow_edits_to_their_page_and_to_the_goals_they_show() {
    let (_g, site) = common::fixture("hub");
    let mut live = load(&site);
    let kell = common::read(&site, KELL);
    let with =
        format!("{kell}\n{{{{ goal(key=\"river_km_restored\") }}}}\n\n{{% callout() %}}\nSee *this*.\n{{% end %}}\n");
    let n = rendered(edit(&mut live, &site, KELL, Some(&with)));
    assert!(n < 20, "an edit to a page's components re-renders that page and its lists, not {n} files");
    let page = text(&live, "updates/kell/index.html");
    assert!(page.contains("component-goal") && page.contains("<em>this</em>"), "{page}");
    let report = "content/impact/2025-q3.md";
    let more = common::read(&site, report).replace("value: 42.5", "value: 47.5");
    edit(&mut live, &site, report, Some(&more));
    assert!(rendered_goal(&text(&live, "updates/kell/index.html")).contains("47.5"), "the card shows the new figure");
}

fn rendered_goal(page: &str) -> String {
    let at = page.find("component-goal").expect("the goal component");
    page[at..at + 600.min(page.len() - at)].to_string()
}

#[test]
fn editing_a_translation_or_its_original_rebuilds_both_languages() {
    let (_g, site) = common::fixture("rtl");
    let mut live = load(&site);
    let faq_ar = common::read(&site, "content/faq.ar.md").replace("أسئلة شائعة", "الأسئلة الشائعة");
    edit(&mut live, &site, "content/faq.ar.md", Some(&faq_ar));
    assert!(text(&live, "ar/faq/index.html").contains("الأسئلة الشائعة"));
    let faq = common::read(&site, "content/faq.md").replace("title: Questions", "title: Your questions");
    edit(&mut live, &site, "content/faq.md", Some(&faq));
    assert!(text(&live, "faq/index.html").contains("Your questions"));
    let readings = common::read(&site, "content/updates/2026-05-01-readings.md")
        .replace("Every site passed.", "Every site passed again.");
    edit(&mut live, &site, "content/updates/2026-05-01-readings.md", Some(&readings));
    assert!(
        text(&live, "ar/updates/readings/index.html").contains("passed again"),
        "the fallback follows its original"
    );
    edit(&mut live, &site, "content/faq.ar.md", None);
    assert!(text(&live, "ar/faq/index.html").contains("class=\"untranslated\""));
}

/// Every content kind, each edited in its body, its title and a key of its own kind: after each
/// edit the preview's files are those of a fresh build.
#[test]
fn every_kind_of_edit_to_every_content_kind_matches_a_full_build() {
    let (_g, site) = common::fixture("hub");
    common::write(
        &site,
        "content/events/2027-06-05-swim.md",
        "---\ntitle: Swim day\nstart: 2027-06-05\nend: 2027-06-06\nlocation: { name: Kell weir }\n---\nBring a towel.\n",
    );
    common::write(
        &site,
        "content/campaigns/kell-pledge.md",
        "---\ntitle: Kell pledge\nkind: pledge\ntarget: 500\ncount: 120\n---\nSign it.\n",
    );
    common::write(&site, "content/_index.md", "---\ntitle: River Commons\n---\nWelcome.\n");
    let mut live = load(&site);
    // (file, a body edit, a title edit, an edit of a key of the file's kind), each as (from, to)
    type Swap = (&'static str, &'static str);
    let edits: [(&str, Swap, Swap, Swap); 10] = [
        (
            "content/_index.md",
            ("Welcome.", "Welcome, neighbours."),
            ("title: River", "title: The River"),
            ("---\n", "---\ndescription: Clean rivers\n"),
        ),
        (
            "content/mission.md",
            ("\n---\n", "\n---\nA new first line.\n"),
            ("title:", "title: The"),
            ("statement:", "statement: Now,"),
        ),
        (
            "content/values.md",
            ("\n---\n", "\n---\nWe hold these.\n"),
            ("title:", "title: All"),
            ("title:", "weight: 2\ntitle:"),
        ),
        ("content/faq.md", ("\n---\n", "\n---\nAsk us.\n"), ("title:", "title: More"), ("title:", "weight: 2\ntitle:")),
        (
            "content/impact/2025-q3.md",
            ("\n---\n", "\n---\nA good quarter.\n"),
            ("title:", "title: The"),
            ("value: 42.5", "value: 44"),
        ),
        (
            KELL,
            ("The water is clearer", "The water is much clearer"),
            ("title: 3 km", "title: Three km"),
            ("date: 2025-09-14", "date: 2025-09-20"),
        ),
        (
            "content/events/2027-06-05-swim.md",
            ("Bring a towel.", "Bring two towels."),
            ("title: Swim day", "title: Big swim day"),
            ("end: 2027-06-06", "end: 2027-06-07"),
        ),
        (
            "content/campaigns/kell-pledge.md",
            ("Sign it.", "Sign it today."),
            ("title: Kell pledge", "title: The Kell pledge"),
            ("count: 120", "count: 140"),
        ),
        (
            "content/about/_index.md",
            ("\n---\n", "\n---\nWho we are.\n"),
            ("title:", "title: All"),
            ("title:", "weight: 3\ntitle:"),
        ),
        (
            "content/about/team.md",
            ("Six staff", "Seven staff"),
            ("title: Our team", "title: The team"),
            ("weight: 1", "weight: 4"),
        ),
    ];
    for (rel, body, title, key) in edits {
        for (from, to) in [body, title, key] {
            let text = common::read(&site, rel);
            assert!(text.contains(from), "{rel} has `{from}`");
            edit(&mut live, &site, rel, Some(&text.replacen(from, to, 1)));
        }
    }
    assert!(text(&live, "events/swim/index.html").contains("Bring two towels."));
    assert!(text(&live, "events/swim/index.html").contains("June 5–7, 2027"));
    assert!(text(&live, "index.html").contains("Welcome, neighbours."));
}

/// The feeds are made again only when they show the edited update; the sitemap only when a date
/// there changes. Either way the files are those of a fresh build.
#[test]
fn feeds_and_sitemap_follow_only_the_edits_they_show() {
    let (_g, site) = common::fixture_with_cards("hub");
    let yaml = common::read(&site, "site.yaml")
        .replace("feeds: { atom: true, rss: true }", "feeds: { atom: true, rss: true, limit: 1 }");
    common::write(&site, "site.yaml", &yaml);
    let mut live = load(&site);
    let schools = "content/updates/2025-08-01-schools.md";
    let older = common::read(&site, schools);
    let (front, body) = older.split_once("\n---\n").unwrap();
    // an update the one-entry feed does not show: its page, its email edition (HTML and text) and
    // its share card, and nothing made from the whole site
    let n = rendered(edit(&mut live, &site, schools, Some(&format!("{front}\n---\n{body}\nOne more line.\n"))));
    assert_eq!(n, 4, "only the update's page, its email edition and its card");
    // a new date moves it in the sitemap (and to the top of the feed)
    let redated = common::read(&site, schools).replace("date: 2025-08-01", "date: 2025-12-01");
    edit(&mut live, &site, schools, Some(&redated));
    assert!(text(&live, "atom.xml").contains("schools"), "the newest update is the feed's entry");
    let newest = common::read(&site, schools).replace("One more line.", "Two more lines.");
    edit(&mut live, &site, schools, Some(&newest));
    assert!(text(&live, "atom.xml").contains("Two more lines."));
}

/// The hub fixture in three languages: English, French (Kell's update and the FAQ translated) and
/// German (the team page translated).
fn hub_in_three_languages() -> (tempfile::TempDir, PathBuf) {
    let (g, site) = common::fixture("hub");
    let yaml = common::read(&site, "site.yaml")
        .replace("language: en\n", "language: en\nlanguages:\n  fr: { name: Français }\n  de: { name: Deutsch }\n");
    common::write(&site, "site.yaml", &yaml);
    common::write(
        &site,
        "content/updates/2025-09-14-kell.fr.md",
        "---\ntitle: 3 km de la Kell restaurés\nsummary: Notre plus grand nettoyage.\n---\nQuatre-vingts bénévoles samedi.\n\n<!-- more -->\n\nL'eau est plus claire.\n",
    );
    common::write(&site, "content/faq.fr.md", "---\ntitle: Questions\n---\n## Puis-je nager ?\n\nPas encore.\n");
    common::write(&site, "content/about/team.de.md", "---\ntitle: Unser Team\n---\nSechs Angestellte.\n");
    (g, site)
}

/// A body edit in a site of several languages re-renders the page in every language that shows
/// it (untranslated, or translated over its data) and what lists it there, and no more; a
/// translation's body edit re-renders its own language alone. After each edit the preview's files
/// are those of a fresh build.
#[test]
fn body_edits_in_a_site_of_several_languages_render_few_files_in_each_language() {
    let (_g, site) = hub_in_three_languages();
    let mut live = load(&site);
    let total = live.files().len();
    let kell = common::read(&site, KELL).replace("The water is clearer", "The water is far clearer");
    let n = rendered(edit(&mut live, &site, KELL, Some(&kell)));
    assert!(n <= 3 * 8, "a body edit renders the page, its alias and the feeds in each language, not {n} of {total}");
    assert!(text(&live, "updates/kell/index.html").contains("far clearer"));
    assert!(text(&live, "de/updates/kell/index.html").contains("far clearer"), "shown untranslated in German");
    assert!(text(&live, "fr/updates/kell/index.html").contains("plus claire"), "translated in French");

    let fr = "content/updates/2025-09-14-kell.fr.md";
    let before = live.files().clone();
    let kell_fr = common::read(&site, fr).replace("plus claire", "bien plus claire");
    let n = rendered(edit(&mut live, &site, fr, Some(&kell_fr)));
    assert!(n <= 8, "a translation's body edit renders its page in its language, not {n}");
    assert!(text(&live, "fr/updates/kell/index.html").contains("bien plus claire"));
    let changed: Vec<&String> =
        live.files().iter().filter(|(p, b)| before.get(*p) != Some(b)).map(|(p, _)| p).collect();
    assert!(changed.iter().all(|p| p.starts_with("fr/")), "nothing of the other languages changes: {changed:?}");

    // a summary in one language is shown in that language's lists
    let summary_fr = kell_fr.replace("Notre plus grand nettoyage.", "Le plus grand nettoyage.");
    rendered(edit(&mut live, &site, fr, Some(&summary_fr)));
    assert!(text(&live, "fr/updates/index.html").contains("Le plus grand nettoyage."));
    let summary = common::read(&site, KELL).replace("summary: Our", "summary: Now our");
    rendered(edit(&mut live, &site, KELL, Some(&summary)));
    assert!(text(&live, "de/updates/index.html").contains("Now our biggest"));

    // a new `updated` date is the sitemap's, which names the page in every language
    let updated = common::read(&site, KELL).replace("date: 2025-09-14\n", "date: 2025-09-14\nupdated: 2025-10-02\n");
    rendered(edit(&mut live, &site, KELL, Some(&updated)));
    assert!(text(&live, "sitemap.xml").contains("2025-10-02"));

    let team = "content/about/team.md";
    let n = rendered(edit(&mut live, &site, team, Some(&common::read(&site, team).replace("Six", "Seven"))));
    assert!(n < total / 10, "{n} of {total}");
    assert!(text(&live, "fr/about/team/index.html").contains("Seven staff"));
    assert!(text(&live, "de/about/team/index.html").contains("Sechs Angestellte"));
    let de = "content/about/team.de.md";
    rendered(edit(&mut live, &site, de, Some(&common::read(&site, de).replace("Sechs", "Sieben"))));
    assert!(text(&live, "de/about/team/index.html").contains("Sieben Angestellte"));

    // an original and its translation saved together
    let both = [site.join(KELL), site.join(fr)];
    common::write(&site, KELL, &common::read(&site, KELL).replace("Eighty volunteers", "Ninety volunteers"));
    common::write(&site, fr, &common::read(&site, fr).replace("Quatre-vingts", "Quatre-vingt-dix"));
    rendered(live.update(&both).unwrap());
    same_as_fresh(&live, &site);
    assert!(text(&live, "fr/updates/kell/index.html").contains("Quatre-vingt-dix"));
}

/// Share cards of a site of several languages, drawn for the pages an edit in place re-renders in
/// each language, are those of a fresh build.
#[test]
fn edits_in_place_in_a_site_of_several_languages_draw_the_cards_of_a_full_build() {
    let (_g, site) = hub_in_three_languages();
    let yaml = common::read(&site, "site.yaml").replace("cards: { enabled: false }\n", "");
    common::write(&site, "site.yaml", &yaml);
    let mut live = load(&site);
    let cards = |live: &LiveSite| live.files().keys().filter(|p| p.starts_with("fr/") && p.ends_with(".png")).count();
    assert!(cards(&live) > 0, "the French pages have cards");
    let kell = common::read(&site, KELL).replace("summary: Our", "summary: Now our");
    rendered(edit(&mut live, &site, KELL, Some(&kell)));
    let fr = "content/updates/2025-09-14-kell.fr.md";
    rendered(edit(&mut live, &site, fr, Some(&common::read(&site, fr).replace("Notre plus", "Le plus"))));
}

/// Edits that reshape a site of several languages (a new title or date, a new or deleted
/// translation, a new page) read it again; a broken translation is reported as a build reports
/// it, and its fix is made in place again. After each edit the files are those of a fresh build.
#[test]
fn reshaping_edits_in_a_site_of_several_languages_match_a_full_build() {
    let (_g, site) = hub_in_three_languages();
    let mut live = load(&site);
    let retitled = common::read(&site, KELL).replace("title: 3 km", "title: Three km");
    assert_eq!(edit(&mut live, &site, KELL, Some(&retitled)), Rebuilt::Reloaded);
    assert!(text(&live, "de/index.html").contains("Three km"));
    let schools = "content/updates/2025-08-01-schools.fr.md";
    assert_eq!(edit(&mut live, &site, schools, Some("---\ntitle: Les écoles\n---\nBonjour.\n")), Rebuilt::Reloaded);
    assert!(text(&live, "fr/updates/schools/index.html").contains("Les écoles"));
    let fr = "content/updates/2025-09-14-kell.fr.md";
    let title_fr = common::read(&site, fr).replace("title: 3 km", "title: Trois km");
    assert_eq!(edit(&mut live, &site, fr, Some(&title_fr)), Rebuilt::Reloaded);
    // the FAQ is shown beyond its page (the landing page's teaser): its translation's edit too
    let faq = common::read(&site, "content/faq.fr.md").replace("Pas encore.", "Pas encore, hélas.");
    assert_eq!(edit(&mut live, &site, "content/faq.fr.md", Some(&faq)), Rebuilt::Reloaded);
    let otters = "content/updates/2025-10-01-otters.md";
    let new = "---\ntitle: Otters are back\ndate: 2025-10-01\ntags: [wildlife]\n---\nSeen at dawn.\n";
    assert_eq!(edit(&mut live, &site, otters, Some(new)), Rebuilt::Reloaded);
    assert!(live.files().contains_key("de/tags/wildlife/index.html"));

    let broken = common::read(&site, fr).replace("---\ntitle:", "---\ndate: 2025-01-01\ntitle:");
    let errors = edit_err(&mut live, &site, fr, &broken);
    assert!(errors.iter().any(|d| d.path.ends_with("2025-09-14-kell.fr.md") && d.message.contains("`date`")));
    let fixed = broken.replace("date: 2025-01-01\n", "").replace("L'eau", "Enfin, l'eau");
    assert_eq!(edit(&mut live, &site, fr, Some(&fixed)), Rebuilt::Reloaded);
    rendered(edit(&mut live, &site, fr, Some(&fixed.replace("Enfin", "Oui, enfin"))));

    assert_eq!(edit(&mut live, &site, fr, None), Rebuilt::Reloaded);
    assert!(text(&live, "fr/updates/kell/index.html").contains("class=\"untranslated\""));
    assert_eq!(edit(&mut live, &site, schools, None), Rebuilt::Reloaded);
    rendered(edit(&mut live, &site, KELL, Some(&common::read(&site, KELL).replace("Eighty", "Eighty-one"))));
}

/// After edits in place in a site of several languages, the preview's check is `rally check`'s:
/// an original's edit makes its translation outdated, and the translation's new hash makes it
/// current again.
#[test]
fn the_preview_check_follows_edits_in_place_of_translations() {
    let (_g, site) = hub_in_three_languages();
    let live = load(&site);
    let i = live.site().pages.iter().position(|p| p.rel == "updates/2025-09-14-kell.md").unwrap();
    let hash = rally::languages::translate::text_hash(&live.site().pages[i]);
    let fr = "content/updates/2025-09-14-kell.fr.md";
    let text = common::read(&site, fr);
    let made_from = |hash: &str| text.replacen("---\n", &format!("---\ntranslated_from: \"{hash}\"\n"), 1);
    common::write(&site, fr, &made_from(&hash));
    let mut live = load(&site);
    let mut problems = rally::serve::problems::Problems::default();
    let now = common::options().now;
    let shown = |d: Vec<rally::error::Diagnostic>| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let outdated = |found: &[String]| {
        found.iter().any(|d| d.contains("kell.fr.md") && d.contains("changed since this translation"))
    };
    let found = shown(problems.check(&live, true, now));
    assert_eq!(found, full_check(&site));
    assert!(!outdated(&found), "{found:?}");

    let kell = common::read(&site, KELL).replace("The water is clearer", "The water is far clearer");
    rendered(edit(&mut live, &site, KELL, Some(&kell)));
    let found = shown(problems.check(&live, false, now));
    assert_eq!(found, full_check(&site));
    assert!(outdated(&found), "{found:?}");

    let hash = rally::languages::translate::text_hash(&live.site().pages[i]);
    rendered(edit(&mut live, &site, fr, Some(&made_from(&hash))));
    let found = shown(problems.check(&live, false, now));
    assert_eq!(found, full_check(&site));
    assert!(!outdated(&found), "{found:?}");
}
