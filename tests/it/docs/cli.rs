//! The command line's reference, shell completions and man page, all made from the clap command
//! the arguments are parsed with: `docs/reference/cli.md` is rendered from it here and must be
//! the committed file (`RALLY_BLESS=1` rewrites it), so no flag goes undocumented.

use super::{read, repo};
use assert_cmd::Command;
use clap::CommandFactory;
use std::fmt::Write;
use std::path::Path;

const CLI_REF: &str = "docs/reference/cli.md";

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// How an argument is written: `--output DIR`, `-o`; `TITLE`.
fn written(arg: &clap::Arg) -> String {
    let value = arg.get_value_names().map(|v| v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" "));
    let value = value.unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    let Some(long) = arg.get_long() else { return format!("`{value}`") };
    let takes = arg.get_action().takes_values();
    let mut s = if takes { format!("`--{long} {value}`") } else { format!("`--{long}`") };
    if let Some(short) = arg.get_short() {
        write!(s, ", `-{short}`").unwrap();
    }
    s
}

/// What an argument does, with the values it takes and its default.
fn what(arg: &clap::Arg) -> String {
    let mut s = arg.get_long_help().or(arg.get_help()).map(|h| h.to_string()).unwrap_or_default();
    if !s.is_empty() && !s.ends_with(['.', ')', ':']) {
        s.push('.');
    }
    let values: Vec<String> =
        arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| format!("`{}`", v.get_name())).collect();
    if !values.is_empty() && arg.get_action().takes_values() {
        write!(s, " One of {}.", values.join(", ")).unwrap();
    }
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().to_string()).collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        write!(s, " Default: `{}`.", defaults.join(" ")).unwrap();
    }
    cell(s.trim())
}

fn section(out: &mut String, cmd: &mut clap::Command, path: &str) {
    let usage = cmd.render_usage().to_string();
    let mut about = cmd.get_long_about().or(cmd.get_about()).map(|a| a.to_string()).unwrap_or_default();
    if !about.ends_with(['.', ')']) {
        about.push('.');
    }
    write!(out, "\n## `{path}`\n\n{about}\n\n```text\n{usage}\n```\n").unwrap();
    let args: Vec<&clap::Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && (path == "rally" || !a.is_global_set()))
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    if !args.is_empty() {
        out.push_str("\n| argument | what it does |\n| --- | --- |\n");
        for a in args {
            writeln!(out, "| {} | {} |", written(a), what(a)).unwrap();
        }
    }
    let subs: Vec<String> =
        cmd.get_subcommands().filter(|s| s.get_name() != "help").map(|s| s.get_name().to_string()).collect();
    for name in subs {
        let sub = cmd.find_subcommand_mut(&name).unwrap();
        section(out, sub, &format!("{path} {name}"));
    }
}

/// The command-line reference, rendered from the clap command.
fn cli_reference() -> String {
    let mut cmd = rally::cli::Cli::command();
    cmd.build();
    let mut out = String::from(
        "# Command-line reference\n\n<!-- Made from the command line's own definition (src/cli.rs) by the test docs::cli::the_cli_reference_is_the_command_lines_own: do not edit; run `RALLY_BLESS=1 cargo test --locked --test it docs::cli` to write it again. -->\n\nEvery command, subcommand and flag of `rally`, as `rally --help` gives them. `--root DIR` works with every command. Exit codes: `0` success, `1` the site has errors (or there is no site), `2` bad command-line usage. The [getting started](../getting-started.md) page shows them in use; `rally man` prints the same as a man page.\n",
    );
    section(&mut out, &mut cmd, "rally");
    out
}

#[test]
fn the_cli_reference_is_the_command_lines_own() {
    let made = cli_reference();
    let committed = std::fs::read_to_string(repo().join(CLI_REF)).unwrap_or_default();
    if made == committed {
        return;
    }
    if std::env::var_os("RALLY_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(repo().join(CLI_REF), &made).unwrap();
        return;
    }
    let diff: Vec<String> = made
        .lines()
        .zip(committed.lines().chain(std::iter::repeat("")))
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .take(5)
        .map(|(i, (a, b))| format!("line {}:\n  committed: {b}\n  the CLI:   {a}", i + 1))
        .collect();
    panic!(
        "{CLI_REF} differs from the command line (src/cli.rs):\n{}\nrun `RALLY_BLESS=1 cargo test --locked --test it docs::cli` and commit {CLI_REF}",
        diff.join("\n")
    );
}

#[test]
fn every_subcommand_is_in_the_reference_and_getting_started() {
    let reference = read(Path::new(CLI_REF));
    let started = read(Path::new("docs/getting-started.md"));
    for sub in rally::cli::Cli::command().get_subcommands() {
        let name = format!("rally {}", sub.get_name());
        assert!(reference.contains(&format!("## `{name}`")), "{CLI_REF} has no section for `{name}`");
        assert!(started.contains(&format!("`{name}")), "docs/getting-started.md does not mention `{name}`");
    }
}

fn rally() -> Command {
    Command::cargo_bin("rally").unwrap()
}

#[test]
fn the_bash_completions_load_in_bash() {
    let out = rally().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("rally.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let loaded = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p rally", script.display()))
        .output()
        .expect("bash runs");
    let said = String::from_utf8_lossy(&loaded.stdout);
    assert!(loaded.status.success(), "{}", String::from_utf8_lossy(&loaded.stderr));
    assert!(said.contains("-F _rally") && said.trim_end().ends_with(" rally"), "{said}");
}

#[test]
fn the_completions_of_each_shell_name_the_subcommands() {
    for (shell, start) in [
        ("bash", "_rally()"),
        ("zsh", "#compdef rally"),
        ("fish", "complete -c rally"),
        ("powershell", "using namespace"),
    ] {
        let out = rally().args(["completions", shell]).output().unwrap();
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success() && script.contains(start), "{shell}: {script:.200}");
        for sub in ["build", "serve", "check", "import", "completions"] {
            assert!(script.contains(sub), "{shell} completions lack `{sub}`");
        }
    }
    let out = rally().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown shell is a usage error");
}

/// The requests a man page made by clap_mangen uses.
const ROFF_REQUESTS: &[&str] = &[
    ".TH", ".SH", ".SS", ".TP", ".PP", ".IP", ".RS", ".RE", ".B", ".br", ".ie", ".el", ".ds", ".nf", ".fi", ".sp",
    ".TQ",
];

fn assert_man_page(page: &str, name: &str) {
    let mut lines = page.lines().filter(|l| !l.starts_with(".ie") && !l.starts_with(".el"));
    assert!(
        lines.next().is_some_and(|l| l.starts_with(&format!(".TH {name} 1"))),
        "{name}: no .TH title line:\n{page:.300}"
    );
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION"] {
        assert!(page.lines().any(|l| l == section), "{name}: no {section}");
    }
    for l in page.lines().filter(|l| l.starts_with('.')) {
        let request = l.split_whitespace().next().unwrap();
        assert!(ROFF_REQUESTS.contains(&request), "{name}: `{l}` is not a man page request");
    }
}

#[test]
fn the_man_page_is_roff_that_names_every_subcommand() {
    let out = rally().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert_man_page(&page, "rally");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for sub in rally::cli::Cli::command().get_subcommands() {
        let named = format!("rally\\-{}(1)", sub.get_name());
        assert!(page.contains(&named), "the man page does not name {named}");
    }
    // groff, where it is installed, reads it without a warning
    if let Ok(mut groff) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write as _;
        groff.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let done = groff.wait_with_output().unwrap();
        assert!(done.status.success() && done.stderr.is_empty(), "groff: {}", String::from_utf8_lossy(&done.stderr));
    }
}

#[test]
fn rally_man_writes_a_page_per_command_into_the_folder_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = rally().current_dir(dir.path()).args(["man", "--dir", "man"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (file, name) in
        [("rally.1", "rally"), ("rally-build.1", "rally-build"), ("rally-new-update.1", "rally-new-update")]
    {
        let page = std::fs::read_to_string(dir.path().join("man").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_man_page(&page, name);
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, ["man"], "nothing is written beside the folder named");
    std::fs::write(dir.path().join("file"), "").unwrap();
    let out = rally().current_dir(dir.path()).args(["man", "--dir", "file"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a folder"));
}

#[test]
fn readme_names_the_test_command_ci_runs() {
    let readme = read(Path::new("README.md"));
    let ci = read(Path::new(".ci/run"));
    assert!(readme.contains("```sh\ncargo test --locked\n```"), "README.md no longer shows `cargo test --locked`");
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test --locked"),
        ".ci/run no longer runs README's `cargo test --locked`"
    );
    assert!(
        readme.lines().count() < 200,
        "README.md has {} lines: keep it under 200, the rest goes in docs/",
        readme.lines().count()
    );
}
