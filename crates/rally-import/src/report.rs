//! `IMPORT-REPORT.md`: what was converted (counts per kind), then every item that was not
//! converted faithfully, with its source (WordPress item id and title, or file and line) and why.

use indexmap::IndexMap;

#[derive(Debug, Default)]
pub struct Report {
    /// What the report is about, e.g. "WordPress export `site.xml`".
    pub source: String,
    counts: IndexMap<String, usize>,
    problems: Vec<(String, String, String)>,
    notes: IndexMap<String, Vec<String>>,
}

impl Report {
    pub fn new(source: String) -> Report {
        Report { source, ..Report::default() }
    }

    /// Adds one to a count.
    pub fn count(&mut self, kind: &str) {
        self.add(kind, 1);
    }

    pub fn add(&mut self, kind: &str, n: usize) {
        *self.counts.entry(kind.to_string()).or_default() += n;
    }

    pub fn get(&self, kind: &str) -> usize {
        self.counts.get(kind).copied().unwrap_or(0)
    }

    /// An item not converted faithfully: its WordPress id.
    pub fn problem(&mut self, id: u64, title: &str, why: &str) {
        self.problem_at(format!("item {id}"), title, why);
    }

    /// An item not converted faithfully, at any source (a file and line).
    pub fn problem_at(&mut self, source: String, title: &str, why: &str) {
        self.problems.push((source, title.to_string(), why.to_string()));
    }

    pub fn problems(&self) -> usize {
        self.problems.len()
    }

    /// A line under a heading of its own (old addresses that could not be redirected, failed
    /// downloads).
    pub fn note(&mut self, heading: &str, line: String) {
        self.notes.entry(heading.to_string()).or_default().push(line);
    }

    /// The report as Markdown.
    pub fn render(&self) -> String {
        let mut s = format!(
            "# Import report\n\nImported from {}.\n\n## Converted\n\n| what | count |\n| --- | ---: |\n",
            self.source
        );
        for (k, n) in &self.counts {
            s.push_str(&format!("| {k} | {n} |\n"));
        }
        s.push_str("\n## Not converted faithfully\n\n");
        if self.problems.is_empty() {
            s.push_str("Nothing: every item was converted.\n");
        } else {
            s.push_str("| source | title | why |\n| --- | --- | --- |\n");
            for (src, title, why) in &self.problems {
                s.push_str(&format!("| {} | {} | {} |\n", cell(src), cell(title), cell(why)));
            }
        }
        for (heading, lines) in &self.notes {
            s.push_str(&format!("\n## {heading}\n\n"));
            for l in lines {
                s.push_str(&format!("- {l}\n"));
            }
        }
        s
    }
}

fn cell(s: &str) -> String {
    let s = if s.trim().is_empty() { "(no title)" } else { s };
    s.replace('|', "\\|").replace('\n', " ")
}
