//! Hugo shortcodes (`{{< name args >}}`, `{{% name %}}`) and Jekyll's Liquid tags (`{% name %}`,
//! `{{ var }}`) in a Markdown body: figure, youtube, vimeo, highlight, ref and relref, Liquid
//! highlight, link and post_url become Rally components, code blocks and links; others are kept
//! as text (written so Rally does not read them as components) and reported.

use crate::markdown::arg;
use crate::wordpress::shortcodes::attributes;

/// What converting a body needs: the page's title, and the new address of a file a `ref`,
/// `link` or `post_url` names.
pub struct Ctx<'a> {
    pub title: &'a str,
    pub resolve: &'a dyn Fn(&str) -> Option<String>,
}

/// One tag found: its name, arguments and where it ends.
struct Tag {
    name: String,
    args: Vec<(String, String)>,
    closing: bool,
    end: usize,
}

/// Reads a tag at `s[at..]`, opened by one of `{{<`, `{{%`, `{%` or `{{`.
fn read_tag(s: &str, at: usize) -> Option<(Tag, &'static str)> {
    let rest = &s[at..];
    let (open, close) = if rest.starts_with("{{<") {
        ("{{<", ">}}")
    } else if rest.starts_with("{{%") {
        ("{{%", "%}}")
    } else if rest.starts_with("{%") {
        ("{%", "%}")
    } else if rest.starts_with("{{") {
        ("{{", "}}")
    } else {
        return None;
    };
    let inner_end = rest[open.len()..].find(close)?;
    let inner = rest[open.len()..open.len() + inner_end].trim().trim_matches('-').trim();
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/').trim();
    let name_len = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_len].to_string();
    let args = attributes(&inner[name_len..]);
    Some((Tag { name, args, closing, end: at + open.len() + inner_end + close.len() }, open))
}

fn first(args: &[(String, String)], key: &str) -> Option<String> {
    args.iter().find(|(k, _)| k == key).or_else(|| args.iter().find(|(k, _)| k.is_empty())).map(|(_, v)| v.clone())
}

/// Converts the shortcodes and Liquid tags of `body`; `problems` gets a line per tag kept as
/// text.
pub fn convert(body: &str, ctx: &Ctx, problems: &mut Vec<String>) -> String {
    let mut held = crate::placeholders::Held::default();
    let hold = |s: String, held: &mut crate::placeholders::Held| held.hold(s);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    while let Some(i) = body[at..].find('{').map(|i| at + i) {
        out.push_str(&body[at..i]);
        // Hugo's escaped shortcode `{{</* x */>}}` is written as it shows
        if body[i..].starts_with("{{</*") || body[i..].starts_with("{{%/*") {
            let end = body[i..].find("*/").map_or(body.len(), |e| i + e);
            let close = if body[i..].starts_with("{{<") { ">}}" } else { "%}}" };
            let lit = format!("{} {} {close}", &body[i..i + 3], body[i + 5..end].trim());
            out.push_str(&lit);
            at = body[end..].find("}}").map_or(body.len(), |e| end + e + 2);
            continue;
        }
        let Some((tag, open)) = read_tag(body, i) else {
            out.push('{');
            at = i + 1;
            continue;
        };
        at = tag.end;
        let block_end = |name: &str, from: usize| {
            let end_tags =
                [format!("{{{{< /{name} >}}}}"), format!("{{{{% /{name} %}}}}"), format!("{{% end{name} %}}")];
            end_tags.iter().filter_map(|t| body[from..].find(t.as_str()).map(|e| (from + e, from + e + t.len()))).min()
        };
        let replacement = match (tag.name.as_str(), open) {
            ("highlight", _) if !tag.closing => {
                let (content_end, after) = block_end("highlight", tag.end).unwrap_or((body.len(), body.len()));
                at = after;
                let lang = tag.args.iter().find(|(k, _)| k.is_empty()).map(|(_, v)| v.clone()).unwrap_or_default();
                let code = body[tag.end..content_end].trim_matches('\n');
                Some(hold(format!("```{lang}\n{code}\n```"), &mut held))
            }
            ("figure", "{{<" | "{{%") => {
                let src = first(&tag.args, "src").unwrap_or_default();
                let caption = first_named(&tag.args, "caption").or(first_named(&tag.args, "title")).unwrap_or_default();
                let alt = first_named(&tag.args, "alt").filter(|a| !a.is_empty()).unwrap_or(caption.clone());
                let c = if alt.is_empty() {
                    format!("![](<{src}>)")
                } else if caption.is_empty() {
                    format!("{{{{ figure(src={}, alt={}) }}}}", arg(&src), arg(&alt))
                } else {
                    format!("{{{{ figure(src={}, alt={}, caption={}) }}}}", arg(&src), arg(&alt), arg(&caption))
                };
                Some(hold(c, &mut held))
            }
            ("youtube", "{{<" | "{{%") => first(&tag.args, "id").map(|id| {
                let title = first_named(&tag.args, "title").unwrap_or_else(|| ctx.title.to_string());
                hold(format!("{{{{ video(youtube={}, title={}) }}}}", arg(&id), arg(&title)), &mut held)
            }),
            ("vimeo", "{{<" | "{{%") => first(&tag.args, "id").map(|id| {
                problems.push("the Vimeo video is a link".to_string());
                hold(format!("[Video on Vimeo](<https://vimeo.com/{id}>)"), &mut held)
            }),
            ("ref" | "relref", "{{<" | "{{%") | ("link" | "post_url", "{%") => {
                let target = tag.args.first().map(|(_, v)| v.clone()).unwrap_or_default();
                match (ctx.resolve)(&target) {
                    Some(url) => Some(hold(url, &mut held)),
                    None => {
                        problems.push(format!("`{}` names `{target}`, which is not in the import", tag.name));
                        Some(body[i..tag.end].to_string())
                    }
                }
            }
            ("raw" | "endraw", "{%") => Some(String::new()),
            ("site.baseurl" | "site.url", "{{") => Some(String::new()),
            ("page.title", "{{") => Some(ctx.title.to_string()),
            // `{{ 'about/' | relative_url }}`
            (quoted, "{{") if quoted.starts_with(['\'', '"']) && tag.args.iter().any(|(_, v)| v.ends_with("_url")) => {
                Some(format!("/{}", quoted.trim_matches(['\'', '"']).trim_start_matches('/')))
            }
            _ => None,
        };
        match replacement {
            Some(r) => out.push_str(&r),
            None => {
                if tag.name.is_empty() || open == "{{" && !tag.name.contains('.') {
                    out.push_str(&body[i..tag.end]);
                } else {
                    let kind = if open == "{%" || open == "{{" { "Liquid tag" } else { "shortcode" };
                    problems.push(format!("{kind} `{}` was kept as text", tag.name));
                    out.push_str(&body[i..tag.end]);
                }
            }
        }
    }
    out.push_str(&body[at..]);
    held.fill(&break_outside_code(&out))
}

fn first_named(args: &[(String, String)], key: &str) -> Option<String> {
    args.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// `{{` and `{%` outside code written so Rally does not read them as components; code (fenced
/// blocks and spans) is left as it is, where Rally does not look for components.
pub fn break_outside_code(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut fence: Option<String> = None;
    for line in md.split_inclusive('\n') {
        let t = line.trim_start();
        let marker: String = t.chars().take_while(|&c| c == '`' || c == '~').collect();
        if let Some(f) = &fence {
            if marker.len() >= f.len() && marker.starts_with(&f[..1]) && t[marker.len()..].trim().is_empty() {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if marker.len() >= 3 {
            fence = Some(marker);
            out.push_str(line);
            continue;
        }
        let mut in_code = false;
        for (k, part) in line.split('`').enumerate() {
            if k > 0 {
                out.push('`');
                in_code = !in_code;
            }
            out.push_str(&if in_code { part.to_string() } else { crate::markdown::break_components(part) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(body: &str) -> (String, Vec<String>) {
        let resolve = |t: &str| (t.contains("first-post")).then(|| "/updates/first-post/".to_string());
        let mut problems = Vec::new();
        let out = convert(body, &Ctx { title: "T", resolve: &resolve }, &mut problems);
        (out, problems)
    }

    #[test]
    fn hugo_shortcodes() {
        let (out, problems) = conv(
            "{{< figure src=\"/img/a.jpg\" caption=\"A boat\" >}}\n{{< youtube dQw4w9WgXcQ >}}\nSee [it]({{< ref \"posts/first-post.md\" >}}).\n{{< highlight go >}}\nfunc() {{x}}\n{{< /highlight >}}\n{{< gist a b >}}\nKeep {{</* figure */>}} in `{{ code }}`.\n",
        );
        assert!(out.starts_with("{{ figure(src=\"/img/a.jpg\", alt=\"A boat\", caption=\"A boat\") }}\n"), "{out}");
        assert!(out.contains("{{ video(youtube=\"dQw4w9WgXcQ\", title=\"T\") }}"), "{out}");
        assert!(out.contains("See [it](/updates/first-post/)."), "{out}");
        assert!(out.contains("```go\nfunc() {{x}}\n```"), "{out}");
        assert!(out.contains("{&#123;< gist a b >}}"), "{out}");
        assert!(out.contains("Keep {&#123;< figure >}} in `{{ code }}`."), "{out}");
        assert_eq!(problems, ["shortcode `gist` was kept as text"]);
    }

    #[test]
    fn liquid_tags() {
        let (out, problems) = conv(
            "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n[Next]({% post_url 2020-01-01-first-post %}) [Missing]({% link about.md %})\n![x]({{ site.baseurl }}/a.png) {% include note.html %}\n",
        );
        assert!(out.starts_with("```ruby\nputs 1\n```\n"), "{out}");
        assert!(out.contains("[Next](/updates/first-post/)"), "{out}");
        assert!(out.contains("![x](/a.png)"), "{out}");
        assert!(out.contains("{&#37; include note.html %}"), "{out}");
        assert_eq!(
            problems,
            ["`link` names `about.md`, which is not in the import", "Liquid tag `include` was kept as text"]
        );
    }
}
