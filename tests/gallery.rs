//! The chart gallery (docs/gallery/) as golden files: every chart listed in
//! docs/gallery/charts.tsv is drawn from the transcribed plans through the real CLI and
//! compared byte for byte with the committed SVG. After an intended change, redraw with
//! `make gallery` (scripts/gallery.sh) and commit; a mismatch writes the actual output
//! to target/golden-diff/.

use crate::expect::root;
use assert_cmd::Command;

struct Entry {
    name: String,
    files: Vec<String>,
    args: Vec<String>,
}

fn entries() -> Vec<Entry> {
    let list = std::fs::read_to_string(root().join("docs/gallery/charts.tsv")).unwrap();
    list.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "charts.tsv: four tab-separated columns: {l}");
            Entry {
                name: cols[0].to_string(),
                files: cols[1]
                    .split_whitespace()
                    .map(|f| root().join("plans").join(f).display().to_string())
                    .collect(),
                args: cols[2].split_whitespace().map(str::to_string).collect(),
            }
        })
        .collect()
}

fn draw(e: &Entry) -> String {
    // From the root: a `--spec` path in charts.tsv is relative to it.
    let out = Command::cargo_bin("planlens")
        .unwrap()
        .current_dir(root())
        .arg("chart")
        .args(&e.files)
        .args(&e.args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        e.name,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn arg<'e>(e: &'e Entry, name: &str) -> Option<&'e str> {
    e.args
        .iter()
        .position(|a| a == name)
        .and_then(|i| e.args.get(i + 1))
        .map(String::as_str)
}

#[test]
fn gallery_matches_the_cli_byte_for_byte() {
    let dir = root().join("docs/gallery");
    let mut stale = Vec::new();
    for e in entries() {
        let svg = draw(&e);
        let expected =
            std::fs::read_to_string(dir.join(format!("{}.svg", e.name))).unwrap_or_default();
        if svg != expected {
            let diff = root().join("target/golden-diff");
            std::fs::create_dir_all(&diff).unwrap();
            std::fs::write(diff.join(format!("{}.actual.svg", e.name)), &svg).unwrap();
            stale.push(e.name);
        }
    }
    assert!(
        stale.is_empty(),
        "gallery charts differ from the CLI's output: {stale:?} (actual output in \
         target/golden-diff/; run `make gallery` if the change is intended)"
    );
}

#[test]
fn gallery_charts_are_well_formed_and_complete() {
    let index = std::fs::read_to_string(root().join("docs/gallery/README.md")).unwrap();
    let all = entries();
    assert!(all.len() >= 8, "the gallery shows every chart type");
    for kind in ["trend", "allocation", "imbalance", "multiples"] {
        assert!(
            all.iter().any(|e| arg(e, "--type") == Some(kind)),
            "no {kind} chart in the gallery"
        );
    }
    for e in &all {
        let svg = draw(e);
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|err| panic!("{}: not well-formed: {err}", e.name));
        let svg_el = doc.root_element();
        // The size: the flags', else the spec's, else the default.
        let spec: serde_json::Value = arg(e, "--spec")
            .map(|p| {
                serde_json::from_str(&std::fs::read_to_string(root().join(p)).unwrap()).unwrap()
            })
            .unwrap_or_default();
        let from_spec = |k: &str, d: &str| spec.get(k).map_or(d.to_string(), |v| v.to_string());
        let w = arg(e, "--width").map_or_else(|| from_spec("width", "640"), str::to_string);
        let h = arg(e, "--height").map_or_else(|| from_spec("height", "400"), str::to_string);
        assert_eq!(
            svg_el.attribute("viewBox"),
            Some(format!("0 0 {w} {h}").as_str()),
            "{}",
            e.name
        );
        for tag in ["title", "desc"] {
            let text = svg_el
                .children()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .unwrap_or_default();
            assert!(!text.trim().is_empty(), "{}: empty <{tag}>", e.name);
        }
        let texts: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        let source = if arg(e, "--lang") == Some("en") {
            "Source:"
        } else {
            "来源："
        };
        assert!(texts.contains(source), "{}: no source line", e.name);
        // The multiples and allocation charts come from one plan: no other city's
        // document may appear in their source line.
        if e.files.len() == 1 {
            assert!(
                !texts.contains("西宁") && !texts.contains("唐山"),
                "{}",
                e.name
            );
        }
        assert!(
            index.contains(&format!("({}.svg)", e.name)),
            "docs/gallery/README.md does not show {} (run `make gallery`)",
            e.name
        );
    }
}

#[test]
fn the_imbalance_chart_shows_every_failing_or_uncertain_check() {
    let all = entries();
    let e = all
        .iter()
        .find(|e| e.name == "imbalance-all-plans")
        .unwrap();
    let report = Command::cargo_bin("planlens")
        .unwrap()
        .args(["check", "--format", "json"])
        .args(&e.files)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let summary = &report["summary"];
    let n = summary["fail"].as_u64().unwrap() + summary["uncertain"].as_u64().unwrap();
    let svg = draw(e);
    assert!(
        svg.contains(&format!("{n}项检查未通过或无法确定")),
        "the subtitle counts {n} checks"
    );
}
