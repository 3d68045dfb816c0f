//! Hand-written inputs mirroring the Shenzhen 2010 biotech plan.
#![allow(dead_code)]

use planlens_chart::{
    AllocationChart, ChartOptions, Frame, ImbalanceBar, ImbalanceChart, Lang, MultiplesChart,
    Panel, Part, PointKind, Status, Theme, TrendChart, TrendPoint, TrendSeries, Value,
};

/// Districts with their 2011 and 2012 targets in 亿元.
pub const DISTRICTS: [(&str, f64, f64); 8] = [
    ("福田区", 28.0, 30.0),
    ("罗湖区", 5.0, 6.0),
    ("南山区", 360.0, 460.0),
    ("盐田区", 19.0, 27.0),
    ("宝安区", 226.0, 288.0),
    ("龙岗区", 20.0, 26.0),
    ("光明新区", 14.0, 20.0),
    ("坪山新区", 28.0, 43.0),
];

pub const SOURCE: &str = "来源：深府办〔2010〕98号，深圳市人民政府办公厅";

pub fn opts(width: u32, height: u32, theme: Theme) -> ChartOptions {
    ChartOptions {
        width,
        height,
        theme,
    }
}

pub fn frame(title: &str, subtitle: &str, unit: &str, lang: Lang) -> Frame {
    Frame {
        title: title.to_string(),
        subtitle: subtitle.to_string(),
        unit: unit.to_string(),
        source: SOURCE.to_string(),
        lang,
    }
}

pub fn target(year: i32, value: Value) -> TrendPoint {
    TrendPoint {
        year,
        kind: PointKind::Target,
        value,
    }
}

pub fn actual(year: i32, value: Value) -> TrendPoint {
    TrendPoint {
        year,
        kind: PointKind::Actual,
        value,
    }
}

pub fn series(label: &str, points: Vec<TrendPoint>) -> TrendSeries {
    TrendSeries {
        label: label.to_string(),
        points,
    }
}

pub fn district_series(name: &str, a: f64, b: f64) -> TrendSeries {
    series(
        name,
        vec![target(2011, Value::exact(a)), target(2012, Value::exact(b))],
    )
}

/// The city's targets for 2011 and 2012.
pub fn trend_city(lang: Lang) -> TrendChart {
    let (title, sub) = match lang {
        Lang::Zh => ("深圳生物产业规模目标", "深圳市，2011–2012年规划目标"),
        Lang::En => (
            "Shenzhen biotech industry targets",
            "Shenzhen, planned size 2011–2012",
        ),
    };
    TrendChart {
        needed: Vec::new(),
        frame: frame(title, sub, "亿元", lang),
        series: vec![district_series("深圳市", 700.0, 900.0)],
    }
}

/// Several districts on one chart, with labels that need nudging apart.
pub fn trend_districts() -> TrendChart {
    TrendChart {
        needed: Vec::new(),
        frame: frame(
            "各区生物产业规模目标",
            "深圳市八个区（新区），2011–2012年规划目标",
            "亿元",
            Lang::Zh,
        ),
        series: DISTRICTS
            .iter()
            .map(|(n, a, b)| district_series(n, *a, *b))
            .collect(),
    }
}

/// A range target, an approximate target and actual values.
pub fn trend_range() -> TrendChart {
    TrendChart {
        needed: Vec::new(),
        frame: frame(
            "生物产业增加值增速",
            "深圳市，实际增速与规划目标",
            "%",
            Lang::Zh,
        ),
        series: vec![series(
            "深圳市",
            vec![
                actual(2009, Value::exact(8.8)),
                actual(2010, Value::exact(9.5)),
                target(2011, Value::range(10.0, 12.0)),
                target(2015, Value::exact(15.0).approx()),
            ],
        )],
    }
}

/// A floor target, a derived value and an actual.
pub fn trend_floor() -> TrendChart {
    TrendChart {
        needed: Vec::new(),
        frame: frame("生物企业数量", "深圳市，规划要求“不少于”", "家", Lang::Zh),
        series: vec![
            series(
                "深圳市",
                vec![
                    actual(2010, Value::exact(860.0)),
                    target(2012, Value::floor(1000.0)),
                    target(2015, Value::floor(1200.0)),
                ],
            ),
            series(
                "各区合计",
                vec![
                    actual(2010, Value::exact(812.0).derived()),
                    target(2012, Value::exact(1050.0).derived()),
                ],
            ),
        ],
    }
}

/// The 2011 split with 南山区 changed from 360 to 372, so the parts exceed the city by 12.
pub fn allocation_fail(lang: Lang) -> AllocationChart {
    let (title, sub) = match lang {
        Lang::Zh => (
            "各区目标之和超出全市目标",
            "2011年生物产业规模目标，深圳市及各区",
        ),
        Lang::En => (
            "District targets exceed the city target",
            "Biotech industry size targets for 2011, Shenzhen and its districts",
        ),
    };
    let parts = DISTRICTS
        .iter()
        .map(|(n, a, _)| Part {
            label: n.to_string(),
            value: Some(Value::exact(if *n == "南山区" { 372.0 } else { *a })),
        })
        .collect();
    AllocationChart {
        frame: frame(title, sub, "亿元", lang),
        parent_label: "深圳市".to_string(),
        parent: Value::exact(700.0),
        parts,
        status: Status::Fail,
        difference: Some(12.0),
    }
}

/// The 2012 split, which adds up, with one district missing.
pub fn allocation_incomplete() -> AllocationChart {
    let parts = DISTRICTS
        .iter()
        .map(|(n, _, b)| Part {
            label: n.to_string(),
            value: if *n == "罗湖区" {
                None
            } else {
                Some(Value::exact(*b))
            },
        })
        .collect();
    AllocationChart {
        frame: frame(
            "2012年生物产业规模目标的分解",
            "深圳市及各区",
            "亿元",
            Lang::Zh,
        ),
        parent_label: "深圳市".to_string(),
        parent: Value::exact(900.0),
        parts,
        status: Status::Incomplete,
        difference: None,
    }
}

/// Three failing checks and one uncertain one.
pub fn imbalance_chart(lang: Lang) -> ImbalanceChart {
    let bar = |label: &str, status, lo, hi| ImbalanceBar {
        label: label.to_string(),
        status,
        diff_lo: lo,
        diff_hi: hi,
    };
    ImbalanceChart {
        frame: frame(
            "四项分解目标对不上",
            "各区目标之和减去全市目标",
            "亿元",
            lang,
        ),
        bars: vec![
            bar("生物产业规模 2011年", Status::Fail, 12.0, 12.0),
            bar("互联网产业规模 2012年", Status::Fail, -35.0, -35.0),
            bar("新能源产业规模 2011年", Status::Fail, 4.5, 4.5),
            bar("新材料产业规模 2015年", Status::Uncertain, -8.0, 6.0),
        ],
    }
}

/// One panel per district.
pub fn multiples_chart() -> MultiplesChart {
    MultiplesChart {
        frame: frame(
            "南山、宝安两区目标最高",
            "各区生物产业规模目标，2011–2012年，纵轴相同",
            "亿元",
            Lang::Zh,
        ),
        panels: DISTRICTS
            .iter()
            .map(|(n, a, b)| Panel {
                label: n.to_string(),
                series: vec![district_series(n, *a, *b)],
            })
            .collect(),
    }
}
