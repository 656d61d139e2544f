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
}

#[derive(Debug, Args, Clone, Default)]
pub struct ContentArgs {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    pub future: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: public/ in the site folder).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Override site.yaml's base_url (e.g. for a preview deployment).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub content: ContentArgs,
    /// Minify the HTML output.
    #[arg(long)]
    pub minify: bool,
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
    #[command(flatten)]
    pub content: ContentArgs,
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
        /// The reporting period (e.g. 2026-Q1, 2026-H1, 2026).
        period: String,
    },
    /// A plain page at a path under content/ (e.g. about/team).
    Page {
        /// Path of the page, relative to content/ (".md" optional).
        path: String,
    },
}
