//! `--minify` for HTML: drops indentation and blank lines, leaving `<pre>`, `<textarea>`,
//! `<script>` and `<style>` contents exactly as they are.

/// Minifies an HTML document conservatively (whitespace between lines only).
pub fn html(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut raw_depth = 0usize;
    for line in src.lines() {
        let lower = line.to_ascii_lowercase();
        let opens = ["<pre", "<textarea", "<script", "<style"].iter().map(|t| lower.matches(t).count()).sum::<usize>();
        let closes =
            ["</pre", "</textarea", "</script", "</style"].iter().map(|t| lower.matches(t).count()).sum::<usize>();
        if raw_depth > 0 {
            out.push_str(line);
            out.push('\n');
        } else {
            let t = line.trim();
            if !t.is_empty() {
                out.push_str(if opens > closes { line.trim_start() } else { t });
                out.push('\n');
            }
        }
        raw_depth = (raw_depth + opens).saturating_sub(closes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_preformatted_text() {
        let src = "<main>\n    <p>Hi</p>\n\n    <pre><code>a\n    b\n\n</code></pre>\n  <p>x</p>\n</main>\n";
        assert_eq!(html(src), "<main>\n<p>Hi</p>\n<pre><code>a\n    b\n\n</code></pre>\n<p>x</p>\n</main>\n");
    }
}
