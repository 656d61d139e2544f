//! The history charts as the build writes them, judged by their geometry: no label crosses a
//! line, a point or another label; every horizontal line is labelled; a few reports are each
//! labelled with their period; a goal going down is worded as a reduction.
use crate::common;

use common::*;

/// A text's box, estimated as the chart estimates it: 0.62 em a character, from 0.8 em above the
/// baseline to 0.25 em below.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether the segment from `a` to `b` passes through the box (sampled every 0.25 units).
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let steps = ((b.0 - a.0).hypot(b.1 - a.1) * 4.0).ceil().max(1.0) as usize;
        (0..=steps).any(|i| {
            let t = i as f64 / steps as f64;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            x > self.x0 && x < self.x1 && y > self.y0 && y < self.y1
        })
    }
}

struct Text {
    class: String,
    text: String,
    x: f64,
    y: f64,
    rect: Rect,
}

/// A drawn line's piece: its class, from, to.
type Segment = (String, (f64, f64), (f64, f64));

/// One chart's texts, the segments of its drawn lines and its points.
struct Chart {
    texts: Vec<Text>,
    segments: Vec<Segment>,
    dots: Vec<(String, Rect)>,
}

fn num(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name).unwrap_or_else(|| panic!("{name} in {node:?}")).parse().unwrap()
}

fn parse_chart(svg: &str) -> Chart {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let mut chart = Chart { texts: Vec::new(), segments: Vec::new(), dots: Vec::new() };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let class = node.attribute("class").unwrap_or("").to_string();
        match node.tag_name().name() {
            "text" => {
                let (x, y, size) = (num(node, "x"), num(node, "y"), num(node, "font-size"));
                let text = node.text().unwrap_or("").to_string();
                let w = text.chars().count() as f64 * size * 0.62;
                let x0 = match node.attribute("text-anchor") {
                    Some("end") => x - w,
                    Some("middle") => x - w / 2.0,
                    _ => x,
                };
                let rect = Rect { x0, y0: y - size * 0.8, x1: x0 + w, y1: y + size * 0.25 };
                chart.texts.push(Text { class, text, x, y, rect });
            }
            "line" => {
                let from = (num(node, "x1"), num(node, "y1"));
                chart.segments.push((class, from, (num(node, "x2"), num(node, "y2"))));
            }
            "polyline" => {
                let points: Vec<(f64, f64)> = node
                    .attribute("points")
                    .unwrap()
                    .split(' ')
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                for w in points.windows(2) {
                    chart.segments.push((class.clone(), w[0], w[1]));
                }
            }
            "circle" => {
                let (x, y, r) = (num(node, "cx"), num(node, "cy"), num(node, "r"));
                chart.dots.push((class, Rect { x0: x - r, y0: y - r, x1: x + r, y1: y + r }));
            }
            _ => {}
        }
    }
    chart
}

/// Every `<svg class="chart">` of a page.
fn charts(html: &str) -> Vec<(String, Chart)> {
    html.split("<svg class=\"chart\"")
        .skip(1)
        .map(|rest| {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"{}</svg>",
                rest.split("</svg>").next().unwrap()
            );
            let key = svg.split("aria-labelledby=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            (key, parse_chart(&svg))
        })
        .collect()
}

fn assert_labels_cross_nothing(page: &str, html: &str) {
    let found = charts(html);
    assert!(!found.is_empty(), "{page} has charts");
    for (key, chart) in found {
        for (i, a) in chart.texts.iter().enumerate() {
            for b in &chart.texts[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{page} {key}: `{}` overlaps `{}`", a.text, b.text);
            }
            for (class, p, q) in &chart.segments {
                // The legend's swatches sit beside their words; the gridlines run behind the plot.
                if class == "chart-grid" || p.1 < 20.0 {
                    continue;
                }
                assert!(!a.rect.crossed_by(*p, *q), "{page} {key}: `{}` is crossed by {class} {p:?}-{q:?}", a.text);
            }
            for (_, dot) in &chart.dots {
                assert!(!a.rect.intersects(dot), "{page} {key}: `{}` covers a point", a.text);
            }
        }
        // Every horizontal line across the plot says what it is: a tick's value or the target.
        for (class, p, q) in &chart.segments {
            let data = class == "chart-line" || class == "chart-pace";
            if p.1 != q.1 || p.1 < 20.0 || data {
                continue;
            }
            let labelled = match class.as_str() {
                "chart-grid" => chart.texts.iter().any(|t| t.class == "chart-label" && (t.y - 4.5 - p.1).abs() < 0.01),
                "chart-target" => chart.texts.iter().any(|t| t.class == "chart-target-label"),
                _ => false,
            };
            assert!(labelled, "{page} {key}: an unlabelled {class} line at y = {}", p.1);
        }
    }
}

#[test]
fn chart_labels_cross_no_line_point_or_label() {
    for theme in ["beacon", "grassroots"] {
        let out = &built_example_site(theme).1;
        for page in ["impact/index.html", "fr/impact/index.html"] {
            assert_labels_cross_nothing(&format!("{theme} {page}"), &read(out, page));
        }
    }
}

#[test]
fn a_chart_labels_each_of_a_few_reports_with_its_period() {
    let out = &built_example_site("beacon").1;
    let impact = read(out, "impact/index.html");
    let (_, chart) = charts(&impact).into_iter().find(|(k, _)| k.starts_with("chart-bathing_sites")).unwrap();
    let x = |d: &Rect| (d.x0 + d.x1) / 2.0;
    let points: Vec<f64> = chart.dots.iter().filter(|(c, _)| c == "chart-point").map(|(_, d)| x(d)).collect();
    // Four quarterly reports, 2025-Q4 to 2026-Q3, and a ring at the target on the deadline.
    assert_eq!(points.len(), 4);
    let deadline = chart.dots.iter().find(|(c, _)| c == "chart-goal").map(|(_, d)| x(d)).unwrap();
    let labels: Vec<&Text> = chart.texts.iter().filter(|t| t.class == "chart-label" && t.y > 170.0).collect();
    for (part, x) in ["Q4", "Q1", "Q2", "Q3"].iter().zip(&points) {
        assert!(labels.iter().any(|t| t.text == *part && (t.x - x).abs() < 0.01), "{part} under its point");
    }
    for year in ["2025", "2026", "2030"] {
        assert!(labels.iter().any(|t| t.text == year), "{year} on the axis");
    }
    let (plot_left, plot_right) = (points[0], deadline);
    assert!(
        points[3] - plot_left > (plot_right - plot_left) * 0.3,
        "the reports are not squeezed into the left of the chart: {points:?}"
    );
}

#[test]
fn a_goal_going_down_is_worded_as_a_reduction() {
    for theme in ["beacon", "grassroots"] {
        let out = &built_example_site(theme).1;
        let impact = read(out, "impact/index.html");
        assert!(!impact.contains("1,810 hours</strong> <span>of 200 hours"), "{theme}: {impact}");
        assert!(impact.contains("<strong>1,810 hours</strong> <span>down from 2,400 hours to 200 hours by"), "{theme}");
        let fr = read(out, "fr/impact/index.html");
        assert!(
            fr.contains("<strong>1\u{202f}810 heures</strong> <span>de 2\u{202f}400 heures à 200 heures"),
            "{theme}"
        );
    }
}
