//! The CI workflows `rally init --ci github|gitlab` writes: build the hub with `--locked`, keep
//! `.rally-cache/` (and Cargo's registry and the installed `rally`) between runs, publish on
//! GitHub Pages or GitLab Pages, and run every day, so future-dated updates appear and expiring
//! pages go on their day.

use crate::cli::Ci;

/// Where Rally is installed from in CI.
const SOURCE: &str = "https://github.com/rally-ssg/rally";

/// The workflow file of `ci`: its path in the site folder and its text.
pub fn workflow(ci: Ci) -> (&'static str, String) {
    let version = env!("CARGO_PKG_VERSION");
    match ci {
        Ci::Github => {
            (".github/workflows/rally.yml", GITHUB.replace("__SOURCE__", SOURCE).replace("__VERSION__", version))
        }
        Ci::Gitlab => (".gitlab-ci.yml", GITLAB.replace("__SOURCE__", SOURCE).replace("__VERSION__", version)),
    }
}

const GITHUB: &str = r#"# Builds the hub with Rally and publishes it on GitHub Pages: on every push to main, when run by
# hand, and every day at 05:00 UTC, so that future-dated updates appear and expiring pages go on
# their day. In the repository's Settings > Pages, set the source to "GitHub Actions".
name: Publish the hub

on:
  push:
    branches: [main]
  workflow_dispatch:
  schedule:
    - cron: "0 5 * * *"

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Cache Rally and Cargo's registry
        uses: actions/cache@v4
        with:
          path: |
            ~/.cargo/bin/rally
            ~/.cargo/registry/index/
            ~/.cargo/registry/cache/
            ~/.cargo/git/db/
          key: rally-__VERSION__-${{ runner.os }}
      - name: Install Rally
        run: command -v rally || cargo install --locked --git __SOURCE__ rally
      - name: Cache resized photos and share cards
        uses: actions/cache@v4
        with:
          path: .rally-cache/
          key: rally-cache-${{ github.sha }}
          restore-keys: rally-cache-
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build
        run: rally build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const GITLAB: &str = r#"# Builds the hub with Rally and publishes it on GitLab Pages, on every push to the default branch
# and on a schedule. Add the daily run in Build > Pipeline schedules (interval pattern `0 5 * * *`,
# the default branch), so that future-dated updates appear and expiring pages go on their day.
image: rust:1

variables:
  CARGO_HOME: $CI_PROJECT_DIR/.cargo

cache:
  key: rally-__VERSION__
  paths:
    - .cargo/bin/
    - .cargo/registry/index/
    - .cargo/registry/cache/
    - .cargo/git/db/
    - .rally-cache/

pages:
  stage: deploy
  script:
    - export PATH="$CARGO_HOME/bin:$PATH"
    - command -v rally || cargo install --locked --git __SOURCE__ rally
    - rally build --base-url "$CI_PAGES_URL/"
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"#;
