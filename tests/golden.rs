//! Golden and structural tests of the chart renderer.
//!
//! Each chart is compared byte for byte with tests/golden/NAME.svg. Run with
//! UPDATE_GOLDEN=1 to rewrite the expected files after an intended change; on
//! a mismatch the actual output is written to target/golden-diff/.

use crate::shenzhen::*;
use planlens_chart::{self as chart, ChartError, Lang, Theme, TrendChart, Value};

/// Compares `svg` with tests/golden/NAME.svg, or rewrites it when UPDATE_GOLDEN=1.
fn check_golden(name: &str, svg: &str) {
    let root = crate::expect::root();
    let expected_path = root.join("tests/golden").join(format!("{name}.svg"));
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(root.join("tests/golden")).expect("create tests/golden");
        std::fs::write(&expected_path, svg).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if expected != svg {
        let diff_dir = root.join("target/golden-diff");
        std::fs::create_dir_all(&diff_dir).expect("create target/golden-diff");
        let actual_path = diff_dir.join(format!("{name}.actual.svg"));
        std::fs::write(&actual_path, svg).expect("write actual output");
        panic!(
            "golden mismatch for {name}: expected {} but got {} (rerun with UPDATE_GOLDEN=1 to accept)",
            expected_path.display(),
            actual_path.display()
        );
    }
}

/// Every chart of the golden set: name, SVG, width, height and labels it must contain.
fn cases() -> Vec<(&'static str, String, u32, u32, Vec<&'static str>)> {
    let light = |w, h| opts(w, h, Theme::Light);
    let dark = |w, h| opts(w, h, Theme::Dark);
    let ok = |r: Result<String, ChartError>| r.expect("chart renders");
    let mut long_title = trend_city(Lang::Zh);
    long_title.frame.title = "深圳生物产业规模目标：2011年700亿元，2012年提高到900亿元".to_string();
    vec![
        (
            "trend_city_light",
            ok(chart::trend(&trend_city(Lang::Zh), &light(640, 400))),
            640,
            400,
            vec!["深圳市", "700", "900", "2011", "2012", "单位：亿元", "目标"],
        ),
        (
            "trend_city_dark",
            ok(chart::trend(&trend_city(Lang::Zh), &dark(640, 400))),
            640,
            400,
            vec!["深圳市", "700", "900"],
        ),
        (
            "trend_city_en",
            ok(chart::trend(&trend_city(Lang::En), &light(640, 400))),
            640,
            400,
            vec!["深圳市", "700", "Unit: 亿元", "Target"],
        ),
        (
            "trend_city_360",
            ok(chart::trend(&long_title, &light(360, 320))),
            360,
            320,
            vec!["深圳市", "700", "900"],
        ),
        (
            "trend_districts_light",
            ok(chart::trend(&trend_districts(), &light(640, 440))),
            640,
            440,
            vec!["福田区", "南山区", "460", "罗湖区", "6"],
        ),
        (
            "trend_range_light",
            ok(chart::trend(&trend_range(), &light(640, 400))),
            640,
            400,
            vec!["10–12", "约15", "9.5", "实际", "目标区间", "单位：%"],
        ),
        (
            "trend_floor_dark",
            ok(chart::trend(&trend_floor(), &dark(640, 400))),
            640,
            400,
            vec!["≥1,000", "≥1,200", "◇ 由下级加总", "1,050"],
        ),
        (
            "allocation_fail_light",
            ok(chart::allocation(
                &allocation_fail(Lang::Zh),
                &light(640, 440),
            )),
            640,
            440,
            vec![
                "福田区",
                "南山区",
                "372",
                "53%",
                "700",
                "712",
                "超出 12",
                "分项合计",
            ],
        ),
        (
            "allocation_fail_dark",
            ok(chart::allocation(
                &allocation_fail(Lang::Zh),
                &dark(640, 440),
            )),
            640,
            440,
            vec!["福田区", "700", "超出 12"],
        ),
        (
            "allocation_fail_360",
            ok(chart::allocation(
                &allocation_fail(Lang::Zh),
                &light(360, 480),
            )),
            360,
            480,
            vec!["福田区", "700", "超出 12"],
        ),
        (
            "allocation_fail_en",
            ok(chart::allocation(
                &allocation_fail(Lang::En),
                &light(640, 440),
            )),
            640,
            440,
            vec!["Sum of parts", "gap +12", "Unit: 亿元"],
        ),
        (
            "allocation_incomplete_light",
            ok(chart::allocation(
                &allocation_incomplete(),
                &light(640, 440),
            )),
            640,
            440,
            vec!["罗湖区", "缺", "数据不全", "900", "460"],
        ),
        (
            "imbalance_light",
            ok(chart::imbalance(
                &imbalance_chart(Lang::Zh),
                &light(640, 360),
            )),
            640,
            360,
            vec!["+12", "−35", "+4.5", "−8 至 +6", "不相符"],
        ),
        (
            "imbalance_dark",
            ok(chart::imbalance(
                &imbalance_chart(Lang::Zh),
                &dark(640, 360),
            )),
            640,
            360,
            vec!["+12", "−35"],
        ),
        (
            "imbalance_360",
            ok(chart::imbalance(
                &imbalance_chart(Lang::Zh),
                &light(360, 360),
            )),
            360,
            360,
            vec!["生物产业规模 2011年", "+12"],
        ),
        (
            "multiples_light",
            ok(chart::multiples(&multiples_chart(), &light(640, 480))),
            640,
            480,
            vec!["福田区", "坪山新区", "460", "288", "2011", "2012"],
        ),
        (
            "multiples_dark",
            ok(chart::multiples(&multiples_chart(), &dark(640, 480))),
            640,
            480,
            vec!["福田区", "460"],
        ),
        (
            "multiples_360",
            ok(chart::multiples(&multiples_chart(), &light(360, 600))),
            360,
            600,
            vec!["福田区", "坪山新区", "460"],
        ),
    ]
}

#[test]
fn golden_files_match() {
    for (name, svg, ..) in cases() {
        check_golden(name, &svg);
    }
}

/// All text content of the document, one entry per text node.
fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn charts_are_well_formed_and_accessible() {
    for (name, svg, w, h, labels) in cases() {
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        let root = doc.root_element();
        assert!(root.has_tag_name("svg"), "{name}: root is not svg");
        assert_eq!(
            root.attribute("viewBox"),
            Some(format!("0 0 {w} {h}").as_str()),
            "{name}"
        );
        assert_eq!(
            root.attribute("width"),
            Some(w.to_string().as_str()),
            "{name}"
        );
        assert_eq!(
            root.attribute("height"),
            Some(h.to_string().as_str()),
            "{name}"
        );
        let mut kids = root.children().filter(|n| n.is_element());
        let title = kids.next().expect("a first child");
        let desc = kids.next().expect("a second child");
        assert!(
            title.has_tag_name("title"),
            "{name}: first child is not <title>"
        );
        assert!(
            desc.has_tag_name("desc"),
            "{name}: second child is not <desc>"
        );
        assert!(
            !title.text().unwrap_or("").trim().is_empty(),
            "{name}: empty title"
        );
        assert!(
            !desc.text().unwrap_or("").trim().is_empty(),
            "{name}: empty desc"
        );
        let all = texts(&doc);
        for l in labels {
            assert!(
                all.iter().any(|t| t.contains(l)),
                "{name}: label {l:?} missing; texts: {all:?}"
            );
        }
        for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let size: f64 = n
                .attribute("font-size")
                .and_then(|s| s.parse().ok())
                .expect("font-size on every text");
            assert!(size >= 11.0, "{name}: font size {size} below 11 px");
        }
        assert!(!svg.contains("stroke=\"#FF0000\""), "{name}: default red");
    }
}

#[test]
fn the_accent_colour_marks_failures_only() {
    for (name, svg, ..) in cases() {
        let has_accent = svg.contains("#D55E00") || svg.contains("#F07A3C");
        let is_fail_chart = name.starts_with("allocation_fail") || name.starts_with("imbalance");
        assert_eq!(has_accent, is_fail_chart, "{name}: accent colour use");
    }
}

#[test]
fn output_is_deterministic() {
    let a = cases();
    let b = cases();
    for ((name, x, ..), (_, y, ..)) in a.iter().zip(b.iter()) {
        assert_eq!(x, y, "{name} differs between two runs");
    }
}

#[test]
fn descriptions_state_the_key_numbers() {
    let svg = chart::trend(&trend_city(Lang::Zh), &opts(640, 400, Theme::Light)).expect("renders");
    let doc = roxmltree::Document::parse(&svg).expect("parses");
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap_or("");
    assert_eq!(
        desc,
        "深圳生物产业规模目标，2011–2012年目标：深圳市：2011年 700亿元，2012年 900亿元。"
    );
}

#[test]
fn hostile_labels_are_escaped() {
    let evil = "<script>alert(1)</script>&\"'";
    let mut t: TrendChart = trend_city(Lang::Zh);
    t.frame.title = evil.to_string();
    t.frame.subtitle = evil.to_string();
    t.frame.unit = evil.to_string();
    t.frame.source = evil.to_string();
    t.series.first_mut().expect("a series").label = evil.to_string();
    let mut a = allocation_fail(Lang::Zh);
    a.frame.title = evil.to_string();
    a.parent_label = evil.to_string();
    a.parts.first_mut().expect("a part").label = evil.to_string();
    let mut i = imbalance_chart(Lang::En);
    i.frame.title = evil.to_string();
    i.bars.first_mut().expect("a bar").label = evil.to_string();
    let mut m = multiples_chart();
    m.frame.title = evil.to_string();
    m.panels.first_mut().expect("a panel").label = evil.to_string();
    let o = opts(640, 400, Theme::Light);
    let svgs = [
        chart::trend(&t, &o),
        chart::allocation(&a, &o),
        chart::imbalance(&i, &o),
        chart::multiples(&m, &o),
    ];
    for svg in svgs {
        let svg = svg.expect("renders");
        assert!(!svg.contains("<script"), "raw <script in output");
        let doc = roxmltree::Document::parse(&svg).expect("escaped output parses");
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or("");
        assert_eq!(title, evil);
        // The title and the changed label are both drawn as text, unescaped in the DOM.
        let n = texts(&doc)
            .iter()
            .filter(|s| s.contains("<script>"))
            .count();
        assert!(n >= 2, "{n} texts with the label: {:?}", texts(&doc));
    }
}

#[test]
fn bad_input_gives_clear_errors() {
    let o = opts(640, 400, Theme::Light);
    let empty = TrendChart::default();
    let e = chart::trend(&empty, &o).expect_err("no series");
    assert!(matches!(e, ChartError::Empty(_)));
    assert!(e.to_string().contains("nothing to draw"));

    let mut nan = trend_city(Lang::Zh);
    nan.series[0].points[0].value = Value::exact(f64::NAN);
    let e = chart::trend(&nan, &o).expect_err("NaN");
    assert!(matches!(e, ChartError::NonFinite(_)));
    assert!(e.to_string().contains("深圳市 2011"), "{e}");

    for (w, h) in [(199, 400), (640, 4001), (0, 0)] {
        let e = chart::trend(&trend_city(Lang::Zh), &opts(w, h, Theme::Light)).expect_err("size");
        assert!(matches!(e, ChartError::Size { .. }));
        assert!(e.to_string().contains("200 to 4000"), "{e}");
    }
    for (w, h) in [(200, 200), (4000, 4000)] {
        assert!(chart::trend(&trend_city(Lang::Zh), &opts(w, h, Theme::Light)).is_ok());
    }

    let mut no_parts = allocation_fail(Lang::Zh);
    no_parts.parts.clear();
    assert!(matches!(
        chart::allocation(&no_parts, &o),
        Err(ChartError::Empty(_))
    ));
    let mut inf = allocation_fail(Lang::Zh);
    inf.parent = Value::exact(f64::INFINITY);
    assert!(matches!(
        chart::allocation(&inf, &o),
        Err(ChartError::NonFinite(_))
    ));
    let mut no_bars = imbalance_chart(Lang::Zh);
    no_bars.bars.clear();
    assert!(matches!(
        chart::imbalance(&no_bars, &o),
        Err(ChartError::Empty(_))
    ));
    let mut nan_bar = imbalance_chart(Lang::Zh);
    nan_bar.bars[0].diff_hi = f64::NAN;
    assert!(matches!(
        chart::imbalance(&nan_bar, &o),
        Err(ChartError::NonFinite(_))
    ));
    let mut no_panels = multiples_chart();
    no_panels.panels.clear();
    assert!(matches!(
        chart::multiples(&no_panels, &o),
        Err(ChartError::Empty(_))
    ));
}

#[test]
fn odd_but_valid_input_still_renders() {
    let o = opts(640, 400, Theme::Light);
    // One point, a ceiling, negative values, a value without bounds, and many series.
    let mut t = trend_city(Lang::En);
    t.series = vec![
        series("A", vec![target(2020, Value::ceiling(-5.0))]),
        series("B", vec![actual(2020, Value::default())]),
    ];
    let svg = chart::trend(&t, &o).expect("renders");
    assert!(svg.contains("≤−5"));
    let mut many = trend_districts();
    for k in 0..30 {
        many.series.push(district_series(
            &format!("区{k}"),
            f64::from(k),
            f64::from(k * 2),
        ));
    }
    assert!(chart::trend(&many, &opts(200, 200, Theme::Dark)).is_ok());
    let mut big = allocation_incomplete();
    big.parent = Value::range(15000.0, 16000.0).approx();
    big.status = chart::Status::Uncertain;
    for k in 0..60 {
        big.parts.push(chart::Part {
            label: format!("很长很长很长很长的名字{k}"),
            value: Some(Value::floor(f64::from(k)).derived()),
        });
    }
    let svg = chart::allocation(&big, &opts(360, 400, Theme::Light)).expect("renders");
    // 15,000–16,000 亿元 is shown in 万亿元.
    assert!(svg.contains("单位：万亿元"), "{svg:.2000}");
    assert!(roxmltree::Document::parse(&svg).is_ok());
}
