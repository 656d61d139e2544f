//! Command-line arguments, parsed with clap, and their conversion into checked options.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "rally", version, about = "Static site generator for purpose-driven brand hubs")]
pub struct Cli {
    /// The site folder.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a starter hub: mission, values, FAQ, an impact report, two updates and site.yaml.
    Init(InitArgs),
    /// Render the site into public/ (or --output).
    Build(BuildArgs),
    /// Build, serve and rebuild on change with live reload.
    Serve(ServeArgs),
    /// Build in memory and report broken links and content problems.
    Check(CheckArgs),
    /// Create a content file with the right front matter.
    #[command(subcommand)]
    New(NewCommand),
    /// Turn another site (a WordPress export, a Hugo or Jekyll site) into a Rally site folder.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the configuration of a Git-based CMS from Rally's content model.
    #[command(subcommand)]
    Cms(CmsCommand),
    /// Print a shell's completion script for rally: bash, zsh, fish or powershell.
    Completions(CompletionsArgs),
    /// Print the man page (roff) of rally, or write a page per command into a folder.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rally.1 and a page per subcommand (rally-build.1, ...) into this folder instead of
    /// printing rally.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CmsCommand {
    /// static/admin/config.yml and index.html for Decap CMS or Sveltia CMS.
    Decap(DecapArgs),
}

#[derive(Debug, Args)]
pub struct DecapArgs {
    /// The CMS's backend: git-gateway (Netlify), github, gitlab, ...
    #[arg(long, default_value = "git-gateway")]
    pub backend: String,
    /// The repository, OWNER/NAME (for github and gitlab).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// The branch the CMS commits to.
    #[arg(long, default_value = "main")]
    pub branch: String,
    /// Replace the files if they exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A WordPress (or Squarespace) export, WXR: posts, pages, media, menu, authors, old URLs.
    Wordpress(WordpressArgs),
    /// A Hugo site's folder: config, content (with translations), static/ and data/.
    Hugo(SiteImportArgs),
    /// A Jekyll site's folder: _config.yml, _posts/, pages, _data/ and static files.
    Jekyll(SiteImportArgs),
}

#[derive(Debug, Args)]
pub struct SiteImportArgs {
    /// The site's folder.
    #[arg(value_name = "SITE")]
    pub source: PathBuf,
    /// The site folder to write: missing or empty (with --force, only missing files are added).
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// The section whose pages become updates (default: posts, post, blog or news).
    #[arg(long, value_name = "NAME")]
    pub updates_section: Option<String>,
    /// Write into a folder that is not empty, adding only the files it lacks.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct WordpressArgs {
    /// The export file (Tools → Export in WordPress).
    #[arg(value_name = "EXPORT.xml")]
    pub export: PathBuf,
    /// The site folder to write: missing or empty (with --force, only missing files are added).
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// A copy of the old site's wp-content/uploads folder, to copy the media from.
    #[arg(long, value_name = "DIR", conflicts_with = "download")]
    pub uploads: Option<PathBuf>,
    /// Download the media from the old site over HTTP(S).
    #[arg(long)]
    pub download: bool,
    /// Write into a folder that is not empty, adding only the files it lacks.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the site (default: --root).
    pub dir: Option<PathBuf>,
    /// The built-in theme to use.
    #[arg(long, default_value = "beacon")]
    pub theme: String,
    /// Write into a folder that is not empty.
    #[arg(long)]
    pub force: bool,
    /// Also write a CI workflow that builds the site, caches .rally-cache/, publishes it and
    /// rebuilds it daily: `github` (GitHub Pages) or `gitlab` (GitLab Pages).
    #[arg(long, value_enum)]
    pub ci: Option<Ci>,
}

/// Where `rally init --ci` sets the site up to be built and published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    Github,
    Gitlab,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ContentArgs {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Build as at this time (RFC 3339 or YYYY-MM-DD; default: now): what is future-dated, which
    /// events are upcoming. For reproducible builds.
    #[arg(long, value_name = "TIME", value_parser = build_time)]
    pub now: Option<jiff::Timestamp>,
}

/// Reads `--now`: an RFC 3339 time, or a date (midnight UTC).
fn build_time(s: &str) -> std::result::Result<jiff::Timestamp, String> {
    let s = s.trim();
    s.parse::<jiff::Timestamp>()
        .or_else(|_| {
            s.parse::<jiff::civil::Date>()
                .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC))
                .map(|z| z.timestamp())
        })
        .map_err(|_| format!("`{s}` is not a time: write 2026-04-18 or 2026-04-18T10:00:00Z"))
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: public/ in the site folder).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Override site.yaml's base_url (e.g. for a preview deployment); an absolute http(s) URL.
    #[arg(long, value_name = "URL", value_parser = absolute_base_url)]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub content: ContentArgs,
    /// Minify the HTML output.
    #[arg(long)]
    pub minify: bool,
    /// Also write .br and .gz beside every text file, for hosts that serve them.
    #[arg(long)]
    pub compress: bool,
    /// Replace the output folder even if it holds files no earlier build wrote (it has no
    /// .rally-output file): everything in it is deleted.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Offer the editor (/__rally/edit/) on an address other than loopback too, to browsers
    /// that open it with this token first: /__rally/edit/?token=TOKEN.
    #[arg(long, value_name = "TOKEN", value_parser = edit_token)]
    pub edit_token: Option<String>,
    #[command(flatten)]
    pub content: ContentArgs,
}

/// Checks `--edit-token`: long enough not to be guessed, and plain enough for a URL and a cookie.
fn edit_token(s: &str) -> Result<String, String> {
    if s.len() < 16 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err("use at least 16 letters, digits, `-` or `_`, e.g. the output of `openssl rand -hex 16`".into());
    }
    Ok(s.to_string())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CampaignKindArg {
    Pledge,
    Petition,
    Fundraiser,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub content: ContentArgs,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A dated progress update: content/updates/YYYY-MM-DD-slug.md
    Update {
        /// The update's title.
        title: String,
    },
    /// An impact report for a period such as 2026-Q1: content/impact/2026-q1.md
    Report {
        /// The reporting period: a year (2026), half (2026-H1), quarter (2026-Q1) or month (2026-03).
        #[arg(value_parser = period)]
        period: String,
    },
    /// An event: content/events/YYYY-MM-DD-slug.md
    Event {
        /// The event's title.
        title: String,
        /// When it starts: a date (all day), or a time with an offset (2026-04-18T10:00:00+01:00).
        #[arg(long, value_name = "TIME")]
        start: String,
        /// Its IANA time zone (e.g. Europe/London), for times without an offset.
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
    },
    /// A campaign (pledge, petition or fundraiser): content/campaigns/slug.md
    Campaign {
        /// The campaign's title.
        title: String,
        /// What people are asked to do.
        #[arg(long, value_enum, default_value_t = CampaignKindArg::Pledge)]
        kind: CampaignKindArg,
    },
    /// A translation of a page into one of the site's languages: content/PATH.LANG.md
    Translation {
        /// Path of the original, relative to content/ (".md" optional), e.g. faq.
        path: String,
        /// The language code, one of `languages` in site.yaml (e.g. fr).
        lang: String,
    },
    /// A plain page at a path under content/ (e.g. about/team).
    Page {
        /// Path of the page, relative to content/ (".md" optional).
        path: String,
    },
}

/// Checks `--base-url`: published sites need an absolute http(s) address for their feeds, sitemap
/// and canonical links.
fn absolute_base_url(s: &str) -> Result<String, String> {
    match crate::config::split_base_url(s) {
        Some((url, _)) if url.starts_with("https://") || url.starts_with("http://") => Ok(s.trim().to_string()),
        _ => {
            Err("expected an absolute http(s) URL such as https://example.org/ or https://example.org/sub/path/".into())
        }
    }
}

/// Checks a reporting period (see `rally_build::new::period`).
pub fn period(s: &str) -> Result<String, String> {
    rally_build::new::period(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        for (given, period_) in [
            ("2026", "2026"),
            ("2026-Q4", "2026-Q4"),
            ("2026-q1", "2026-Q1"),
            ("2026-H2", "2026-H2"),
            ("2026-01", "2026-01"),
            ("2026-12", "2026-12"),
        ] {
            assert_eq!(period(given).as_deref(), Ok(period_), "{given}");
        }
        for bad in [
            "2026-Q5",
            "2026-Q0",
            "2026-13",
            "2026-00",
            "2026-H3",
            "abc",
            "",
            "../x",
            "26",
            "2026-1",
            "2026-Q1x",
            "20265",
            "２０２６",
        ] {
            assert!(period(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_url_must_be_absolute() {
        assert!(absolute_base_url("https://preview.example/x/").is_ok());
        assert!(absolute_base_url("http://localhost:8000").is_ok());
        for bad in ["/", "/hub/", "ftp://x", "example.org", "https://", ""] {
            assert!(absolute_base_url(bad).is_err(), "{bad}");
        }
    }
}
