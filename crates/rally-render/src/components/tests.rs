use super::builtin;
use crate::phrases::Words;

fn en() -> Words<'static> {
    Words::new(crate::strings::builtin(), "en")
}

fn ok(r: Result<String, super::Failure>) -> String {
    match r {
        Ok(h) => h,
        Err(super::Failure::Call(m)) => panic!("{m}"),
        Err(super::Failure::Template(d)) => panic!("{d}"),
    }
}

fn err(r: Result<String, super::Failure>) -> String {
    match r {
        Err(super::Failure::Call(m)) => m,
        _ => panic!("expected a problem with the call"),
    }
}

#[test]
fn links_may_be_relative_or_web_mail_and_phone_addresses() {
    for good in [
        "https://give.example/",
        "http://x.example",
        "/join/",
        "join/",
        "mailto:a@b.example",
        "tel:+44",
        "#top",
        "a?b=c:d",
    ] {
        assert!(builtin::safe_url(good).is_ok(), "{good}");
    }
    for bad in ["javascript:alert(1)", "JavaScript:x", "data:text/html,x", "vbscript:x", " "] {
        assert!(builtin::safe_url(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_cta_is_an_escaped_button_link() {
    insta::assert_snapshot!(ok(builtin::cta("Give <now> & \"today\"", "https://give.example/?a=1&b=2")));
    assert!(err(builtin::cta("x", "javascript:alert(1)")).contains("javascript:alert(1)"));
}

#[test]
fn a_video_is_a_poster_linking_to_the_video() {
    insta::assert_snapshot!(ok(builtin::video(&en(), "abcdefghijk", "Our <river>")));
    assert!(err(builtin::video(&en(), "abc\"def", "T")).contains("not a YouTube video id"));
}

#[test]
fn a_callout_labels_its_kind() {
    insta::assert_snapshot!(ok(builtin::callout(&en(), "warning", None, "<p>Body</p>")));
    insta::assert_snapshot!(ok(builtin::callout(&en(), "tip", Some("Before you go"), "<p>Body</p>")));
    assert!(err(builtin::callout(&en(), "danger", None, "")).contains("the kinds are `note`, `tip`, `warning`"));
}

#[test]
fn a_gallery_wraps_its_photos_with_an_optional_caption() {
    let body = "<ul>\n<li><img src=\"/images/a.jpg\" alt=\"A\"> Boats</li>\n</ul>\n";
    assert_eq!(
        builtin::gallery(None, body),
        "<div class=\"component component-gallery\">\n<ul>\n<li><img src=\"/images/a.jpg\" alt=\"A\"> Boats</li>\n</ul>\n</div>\n"
    );
    let captioned = builtin::gallery(Some("The <harbour>"), body);
    assert!(captioned.starts_with("<figure class=\"component component-gallery\">\n<ul>"), "{captioned}");
    assert!(captioned.ends_with("</ul>\n<figcaption>The &lt;harbour&gt;</figcaption>\n</figure>\n"), "{captioned}");
}

#[test]
fn callouts_and_videos_speak_the_page_language() {
    let fr = Words::new(crate::strings::builtin(), "fr");
    assert!(ok(builtin::callout(&fr, "warning", None, "")).contains("<p class=\"callout-title\">Attention</p>"));
    assert!(ok(builtin::video(&fr, "abcdefghijk", "T")).contains(">Lecture sur YouTube</span>"));
}
