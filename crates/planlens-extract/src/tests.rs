//! Unit tests of the extractor: numerals, ranges, years, thresholds and what is not a
//! target. The measured quality against the gold set is in `tests/extract.rs`.

use super::*;

fn run(text: &str) -> Vec<Candidate> {
    extract(text, &Options::default()).targets
}

fn d(s: &str) -> Dec {
    planlens::num::parse_decimal(s).unwrap()
}

/// (indicator, year, value as written by `describe`) of every candidate.
fn brief(text: &str) -> Vec<(String, Option<i32>, String)> {
    run(text)
        .iter()
        .map(|c| (c.indicator.clone(), c.year, describe(c)))
        .collect()
}

fn one(text: &str) -> Candidate {
    let c = run(text);
    assert_eq!(c.len(), 1, "{text}: {c:#?}");
    c.into_iter().next().unwrap()
}

#[test]
fn arabic_chinese_mixed_and_full_width_numbers() {
    assert_eq!(
        one("2013年，生物产业规模达到1270亿元。").value,
        Value::Exact {
            value: d("1270"),
            approx: false
        }
    );
    let c = one("2013年，生物产业规模达到一千二百七十亿元。");
    assert_eq!(
        (c.value, c.unit.as_str()),
        (
            Value::Exact {
                value: d("1270"),
                approx: false
            },
            "亿元"
        )
    );
    let c = one("2013年，高新技术产品产值达到1.4万亿元。");
    assert_eq!(
        (describe(&c), c.unit.as_str()),
        ("1.4万亿元".into(), "万亿元")
    );
    let c = one("2012年完成深圳光启高等理工研究院3300万元的实验室研发设备购置。");
    assert_eq!(describe(&c), "3300万元");
    let c = one("２０１３年，专利授权量达到１２３件。");
    assert_eq!((c.year, describe(&c)), (Some(2013), "123件".into()));
    let c = one("2012年，高端科研和管理人才百人左右。");
    assert_eq!(
        c.value,
        Value::Exact {
            value: d("100"),
            approx: true
        }
    );
    let c = one("2013年新增产值两亿元以上。");
    assert_eq!(c.value, Value::Min(d("2")));
}

#[test]
fn value_forms() {
    let v = |s: &str| one(s).value;
    assert_eq!(
        v("2012年引进10―12家企业。"),
        Value::Range {
            min: d("10"),
            max: d("12")
        }
    );
    assert_eq!(
        v("2012年引进1—2家企业。"),
        Value::Range {
            min: d("1"),
            max: d("2")
        }
    );
    assert_eq!(
        v("2012年形成3～4个集群。"),
        Value::Range {
            min: d("3"),
            max: d("4")
        }
    );
    assert_eq!(
        v("2012年形成3~4个集群。"),
        Value::Range {
            min: d("3"),
            max: d("4")
        }
    );
    assert_eq!(
        v("2012年形成3-4个集群。"),
        Value::Range {
            min: d("3"),
            max: d("4")
        }
    );
    assert_eq!(
        v("2012年形成5至10个平台。"),
        Value::Range {
            min: d("5"),
            max: d("10")
        }
    );
    assert_eq!(
        v("2011年力争60%―70%的研发机构落户深圳。"),
        Value::Range {
            min: d("60"),
            max: d("70")
        }
    );
    assert_eq!(v("2013年应用率达60%以上。"), Value::Min(d("60")));
    assert_eq!(v("2013年企业总数超过1000家。"), Value::Min(d("1000")));
    assert_eq!(v("2013年试点总数不低于50家。"), Value::Min(d("50")));
    assert_eq!(v("2013年清洁能源使用率≥70%。"), Value::Min(d("70")));
    assert_eq!(v("2013年至少建成3个专业。"), Value::Min(d("3")));
    assert_eq!(v("2013年能耗控制在5%以内。"), Value::Max(d("5")));
    assert_eq!(v("2013年增幅不超过8%。"), Value::Max(d("8")));
    assert_eq!(v("2013年占比≤20%。"), Value::Max(d("20")));
    assert_eq!(
        v("2012年完成约100亿元的融资任务。"),
        Value::Exact {
            value: d("100"),
            approx: true
        }
    );
    assert_eq!(
        v("2012年超十亿元企业25家左右。"),
        Value::Exact {
            value: d("25"),
            approx: true
        }
    );
    let c = one("201*年三次产业比重调整为3∶42∶55。");
    assert_eq!(c.value, Value::Ratio(vec![d("3"), d("42"), d("55")]));
    assert_eq!(c.indicator, "三次产业比重");
}

#[test]
fn units_as_written() {
    let u = |s: &str| one(s).unit;
    assert_eq!(u("2013年实现数据总量达500PB的访问支持。"), "PB");
    assert_eq!(u("2012年加工能力达到10万片/月。"), "万片/月");
    assert_eq!(u("2012年完成新增办公面积7万平方米。"), "万平方米");
    assert_eq!(u("2015年贡献率提高12个百分点。"), "个百分点");
    assert_eq!(u("2015年能耗指标达到2.0吨标煤/万元。"), "吨标煤/万元");
}

#[test]
fn explicit_and_carried_years() {
    let b =
        brief("2012年，互联网产业规模达到800亿元，新建50个以上市级研发机构，超亿元企业达到30家。");
    assert!(b.iter().all(|(_, y, _)| *y == Some(2012)), "{b:?}");
    assert_eq!(b.len(), 3);
    // into the next sentence of the paragraph, and no further
    let b = brief("2012年，产业规模达到800亿元。初步建成6个产业基地。\n建成4个园区。");
    assert_eq!(
        b.iter().map(|x| x.1).collect::<Vec<_>>(),
        [Some(2012), Some(2012), None]
    );
    assert_eq!(
        one("到2013年底，在战略性新兴产业领域组建市级工程实验室45家以上。").year,
        Some(2013)
    );
    // a heading's year holds for the lines below it until the next heading
    let b = brief(
        "(一)2011年目标。\n生物产业规模达到700亿元。\n(二)2012年目标。\n生物产业规模达到900亿元。",
    );
    assert_eq!(
        b.iter().map(|x| x.1).collect::<Vec<_>>(),
        [Some(2011), Some(2012)]
    );
    // an inline item falls back to the heading's year
    let b = brief("四、2008―2010年主要工作\n工作任务：（1）2011年底前建立1―2个平台。（2）推进9个国家重点实验室建设。");
    assert_eq!(
        b.iter().map(|x| x.1).collect::<Vec<_>>(),
        [Some(2011), Some(2010)]
    );
}

#[test]
fn ranges_periods_and_hidden_years() {
    let c = one("2011—2013年，新建145家重点实验室。");
    assert_eq!(
        (c.year, c.period.as_deref()),
        (Some(2013), Some("2011—2013年"))
    );
    let c = one("至“十二五”末，全市组织实施重大科技项目50项。");
    assert_eq!(
        (c.year, c.period.as_deref()),
        (Some(2015), Some("十二五末"))
    );
    assert!(c.note.is_some());
    let c = one("到十三五末，产值达到100亿元。");
    assert_eq!(c.year, Some(2020));
    // 比“十一五”末 is the base of a comparison, not the year of the target
    let c = one("至“十二五”末，高新技术企业数比“十一五”末提高30%。");
    assert_eq!(c.year, Some(2015));
    for text in [
        "至201*年，研发经费占比达到1.5%。",
        "到20XX年，建立20家以上技术中心。",
        "到20XX 年，建立20家以上技术中心。",
    ] {
        let c = one(text);
        assert_eq!(c.year, None, "{text}");
        assert!(
            c.year_text.as_deref().is_some_and(|t| t.starts_with("20")),
            "{text}"
        );
        assert!(c.note.is_some());
    }
    // a bare 年 where the document lost its years: no year is invented
    let c = one("2011年引进总部企业6―8家，年每年引进总部企业8―10家。"
        .split('，')
        .nth(1)
        .unwrap());
    assert_eq!((c.year, c.year_text), (None, None));
    let b = brief("2011年引进总部企业6―8家，年每年引进总部企业8―10家。");
    assert_eq!(
        b.iter().map(|x| x.1).collect::<Vec<_>>(),
        [Some(2011), None]
    );
}

#[test]
fn thresholds_become_part_of_the_name() {
    let b = brief("2011年，年产值超十亿元企业10家，超亿元企业80家，营业收入超百亿元企业达到1家。");
    assert_eq!(
        b,
        [
            (
                "年产值超十亿元企业".to_string(),
                Some(2011),
                "10家".to_string()
            ),
            ("超亿元企业".to_string(), Some(2011), "80家".to_string()),
            (
                "营业收入超百亿元企业".to_string(),
                Some(2011),
                "1家".to_string()
            ),
        ]
    );
    // a money amount that is the target itself stays one
    assert_eq!(brief("2011年完成投资超过3亿元。").len(), 1);
}

#[test]
fn what_is_not_a_target() {
    for text in [
        "2012年成功举办第五届中国生物产业大会。",
        "完成华星光电8.5代液晶面板生产线项目建设。",
        "推进中芯国际8＋12英寸集成电路芯片生产线。",
        "开展TD-LTE实验网建设，推广4G技术。",
        "2012年完成项目1-10#厂房建设。",
        "形成年产BYD488Q动力总成的能力。",
        "完成GM-R-03地块的整备。",
        "根据《深圳国家创新型城市总体规划(2008―2015)》（深府〔2008〕201号）制定。",
        "深府办〔2010〕98号",
        "二○一一年十二月八日",
        "会议于2010年12月1日召开。",
        "拨打我委服务电话:88128897。",
        "以世界500强、全国500强为重点。",
        "组织实施一批自主创新项目，四个联络处全部挂牌运作。",
        "实现24小时通关。",
        "时间:2019-05-19 01:55:07 网站:公文素材库",
        "对通过认定的企业技术中心，市政府将分别资助20万元。",
        "落实市政府与11所院校的研发机构落户协议。",
    ] {
        assert!(run(text).is_empty(), "{text}: {:#?}", run(text));
    }
}

#[test]
fn baselines_before_the_document_date_are_skipped() {
    let text = "二○一一年十二月八日\n2010年，我市社会研发投入约346.2亿元，占GDP的比重为3.64%。到2013年，全社会研发支出占GDP比重达到4%。";
    let draft = extract(text, &Options::default());
    assert_eq!(draft.targets.len(), 1, "{:#?}", draft.targets);
    assert_eq!(draft.targets.first().map(|c| c.year), Some(Some(2013)));
    // The two figures of 2010 (346.2亿元, 3.64%) are counted as skipped baselines.
    assert_eq!(
        draft.notes,
        ["2 个数字属于成文日期之前的年份或现状描述(成文日期 2011 年)，作为基数未列入目标"]
    );
    // a heading over the present state
    assert!(run("一、试点基础\n总面积7690.47平方公里，常住人口220.5万人。").is_empty());
}

#[test]
fn names_from_subject_or_object() {
    let n = |s: &str| one(s).indicator;
    assert_eq!(n("2011年，生物产业规模达到700亿元。"), "生物产业规模");
    assert_eq!(
        n("2011年，新建、续建40个以上市级研发机构。"),
        "市级研发机构"
    );
    assert_eq!(n("2013年，完成园区50%的建设进度。"), "园区建设进度");
    assert_eq!(
        n("到201*年，高新技术产业增加值年均增长20%以上。"),
        "高新技术产业增加值年均增长率"
    );
    assert_eq!(n("2011年加速器主体结构工程完成75%。"), "加速器主体结构工程");
}

#[test]
fn spans_point_at_the_figure_and_its_sentence() {
    let text = "前言。2012年，超十亿元企业达到约25家左右，其他。";
    let c = one(text);
    assert_eq!(text.get(c.span.0..c.span.1), Some("约25家左右"));
    assert_eq!(
        text.get(c.sentence.0..c.sentence.1),
        Some("2012年，超十亿元企业达到约25家左右，其他。")
    );
}

#[test]
fn repeated_indicator_years_go_to_the_notes() {
    let text = "2013年，引进8家上市企业总部。2013年，引进10―15家上市企业总部。";
    let opts = Options::default();
    let draft = extract(text, &opts);
    assert_eq!(draft.targets.len(), 2);
    assert_eq!(draft.notes.len(), 1, "{:?}", draft.notes);
    let json = to_plan_json(&draft, text, &opts);
    assert_eq!(json.matches("\"indicator\": \"i1\"").count(), 1, "{json}");
    assert!(json.contains("10―15家"), "{json}");
    let file = planlens::SourceFile {
        name: "d.json".into(),
        text: json,
    };
    assert!(planlens::Model::load(&[file]).is_ok());
}

#[test]
fn the_draft_file_loads() {
    let text = "(一)2011年目标。\n生物产业规模达到700亿元，超亿元企业80家。\n到201*年，三次产业比重调整为3∶42∶55，研发投入占比达到2.5%以上。\n二、措施\n争取设立5―6只创业投资基金。\n比例为1∶2∶3。";
    let opts = Options {
        area_name: Some("深圳市".into()),
        plan_id: None,
        file_name: "plans/sz draft.txt".into(),
    };
    let draft = extract(text, &opts);
    let json = to_plan_json(&draft, text, &opts);
    assert!(json.contains("\"id\": \"sz draft\""), "{json}");
    assert!(json.contains("\"year_text\": \"未注明\""), "{json}");
    assert!(json.contains("三次产业比重(第2项)"), "{json}");
    assert!(json.contains("\"additive\": false"), "{json}");
    let file = planlens::SourceFile {
        name: "d.json".into(),
        text: json.clone(),
    };
    let model = planlens::Model::load(&[file]);
    assert!(model.is_ok(), "{:?}\n{json}", model.err());
}

/// (area name, indicator, value as written by `describe`).
type Figure = (String, String, String);
/// (area name, parent's name).
type Tree = Vec<(String, Option<String>)>;

/// (area name, indicator, value) of every candidate, with the parent of each area.
fn by_area(text: &str, opts: &Options) -> (Vec<Figure>, Tree) {
    let draft = extract(text, opts);
    let name = |k: usize| {
        draft
            .areas
            .get(k)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    let figures = draft
        .targets
        .iter()
        .map(|c| (name(c.area), c.indicator.clone(), describe(c)))
        .collect();
    let tree = draft
        .areas
        .iter()
        .map(|a| (a.name.clone(), a.parent.map(name)))
        .collect();
    (figures, tree)
}

fn triples(v: &[(&str, &str, &str)]) -> Vec<Figure> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

fn tree(v: &[(&str, Option<&str>)]) -> Tree {
    v.iter()
        .map(|(a, p)| (a.to_string(), p.map(str::to_string)))
        .collect()
}

const ALLOCATION: &str =
    "到2012年，全市生物产业规模达到900亿元，其中南山区460亿元、宝安区288亿元、福田区30亿元。";

#[test]
fn an_allocation_sentence_gives_one_indicator_over_areas() {
    let (figures, areas) = by_area(ALLOCATION, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("全市", "生物产业规模", "900亿元"),
            ("南山区", "生物产业规模", "460亿元"),
            ("宝安区", "生物产业规模", "288亿元"),
            ("福田区", "生物产业规模", "30亿元"),
        ])
    );
    assert_eq!(
        areas,
        tree(&[
            ("全市", None),
            ("南山区", Some("全市")),
            ("宝安区", Some("全市")),
            ("福田区", Some("全市")),
        ])
    );
    let draft = extract(ALLOCATION, &Options::default());
    assert!(draft.targets.iter().all(|c| c.year == Some(2012)));
    assert!(draft
        .targets
        .iter()
        .all(|c| c.sentence == (0, ALLOCATION.len())));
    let parts: Vec<_> = draft.targets.iter().map(|c| c.part_of).collect();
    assert_eq!(parts, [None, Some(0), Some(0), Some(0)]);
}

#[test]
fn the_whole_is_named_by_the_area_option_or_the_sentence() {
    let opts = Options {
        area_name: Some("深圳市".into()),
        ..Options::default()
    };
    let (figures, areas) = by_area(ALLOCATION, &opts);
    assert_eq!(figures.first().map(|f| f.0.as_str()), Some("深圳市"));
    assert_eq!(areas.get(1), tree(&[("南山区", Some("深圳市"))]).first());
    let text = "到2012年，深圳市生物产业规模达到900亿元，其中南山区460亿元、宝安区288亿元。";
    let (figures, areas) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("深圳市", "生物产业规模", "900亿元"),
            ("南山区", "生物产业规模", "460亿元"),
            ("宝安区", "生物产业规模", "288亿元"),
        ])
    );
    assert_eq!(areas.first(), tree(&[("深圳市", None)]).first());
    // --area without a suffix is recognised as the whole by its name
    let opts = Options {
        area_name: Some("深圳".into()),
        ..Options::default()
    };
    let text = "2012年，深圳生物产业规模达到900亿元，其中南山区460亿元。";
    let (figures, _) = by_area(text, &opts);
    assert_eq!(
        figures,
        triples(&[
            ("深圳", "生物产业规模", "900亿元"),
            ("南山区", "生物产业规模", "460亿元"),
        ])
    );
}

#[test]
fn allocation_forms() {
    let expect = triples(&[
        ("全市", "生物产业规模", "900亿元"),
        ("南山区", "生物产业规模", "460亿元"),
        ("宝安区", "生物产业规模", "288亿元"),
        ("福田区", "生物产业规模", "30亿元"),
    ]);
    for text in [
        // 其中 lists separated by 、，；
        "2012年，全市生物产业规模达到900亿元，其中南山区460亿元，宝安区288亿元，福田区30亿元。",
        "2012年，全市生物产业规模达到900亿元，其中：南山区460亿元；宝安区288亿元；福田区30亿元。",
        "2012年，全市生物产业规模达到900亿元，其中，南山区达到460亿元、宝安区达到288亿元、福田区达到30亿元。",
        // 分别: names zipped with values
        "2012年，全市生物产业规模达到900亿元，其中南山区、宝安区、福田区分别达到460亿元、288亿元、30亿元。",
        "2012年，全市生物产业规模达到900亿元，其中南山区、宝安区和福田区分别为460亿元、288亿元和30亿元。",
        "2012年，全市生物产业规模达到900亿元，南山区、宝安区分别达到460亿元、288亿元，福田区30亿元。",
        // without 其中
        "2012年，全市生物产业规模达到900亿元，南山区460亿元，宝安区288亿元，福田区30亿元。",
        // the indicator repeated with the area
        "2012年，全市生物产业规模达到900亿元，其中南山区生物产业规模460亿元、宝安区288亿元、福田区30亿元。",
        // in the next sentence or line
        "2012年，全市生物产业规模达到900亿元。其中，南山区460亿元、宝安区288亿元、福田区30亿元。",
        "2012年，全市生物产业规模达到900亿元，其中：\n南山区460亿元；\n宝安区288亿元；\n福田区30亿元。",
        "2012年，全市生物产业规模达到900亿元，其中：\n\n　　南山区460亿元；\n\n　　宝安区288亿元；\n\n　　福田区30亿元。",
    ] {
        let (figures, _) = by_area(text, &Options::default());
        assert_eq!(figures, expect, "{text}");
        assert!(
            run(text).iter().all(|c| c.year == Some(2012)),
            "{text}"
        );
    }
    // bounds, ranges and approximations for the parts
    let text = "2012年，全市生物产业规模达到900亿元以上，其中南山区400亿元以上、宝安区250―300亿元、福田区约30亿元。";
    let (figures, _) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("全市", "生物产业规模", "≥900亿元"),
            ("南山区", "生物产业规模", "≥400亿元"),
            ("宝安区", "生物产业规模", "250―300亿元"),
            ("福田区", "生物产业规模", "约30亿元"),
        ])
    );
    // counts: the parts after a named object, and a street under a district
    let text = "2012年，建成10个产业基地，其中南山区4个、宝安区3个。";
    let (figures, _) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("全市", "产业基地", "10个"),
            ("南山区", "产业基地", "4个"),
            ("宝安区", "产业基地", "3个"),
        ])
    );
    let text = "2012年，南山区生物产业规模达到460亿元，其中粤海街道200亿元、西丽街道100亿元。";
    let (figures, areas) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("南山区", "生物产业规模", "460亿元"),
            ("粤海街道", "生物产业规模", "200亿元"),
            ("西丽街道", "生物产业规模", "100亿元"),
        ])
    );
    assert_eq!(
        areas,
        tree(&[
            ("全市", None),
            ("南山区", Some("全市")),
            ("粤海街道", Some("南山区")),
            ("西丽街道", Some("南山区")),
        ])
    );
}

#[test]
fn lists_that_are_not_areas_stay_as_they_were() {
    for text in [
        "2012年，新增企业技术中心50家，其中：国家级10家，省级20家。",
        "2012年，建设5个产业园区，其中国家级园区2个。",
        "2012年，建成10个产业基地，其中高新区4个、示范区3个。",
        "到20XX年，全市年专利申请量达到1600件以上，其中发明专利占35%以上。",
        // different units or years, or a sibling of the same level
        "2012年，全市生物产业规模达到900亿元，南山区建成3个基地。",
        "2012年，全市生物产业规模达到900亿元，南山区投资50亿元。",
        "2012年，南山区生物产业规模达到460亿元，宝安区288亿元。",
        "2012年，全市生物产业规模达到900亿元，2013年南山区460亿元。",
        // a count of names with a figure each, and more figures than names
        "2012年，全市生物产业规模达到900亿元，南山区、宝安区分别达到460亿元、288亿元、30亿元。",
        // a figureless sentence between
        "2012年，全市生物产业规模达到900亿元。各区要加快发展。南山区460亿元。",
    ] {
        let draft = extract(text, &Options::default());
        assert_eq!(draft.areas.len(), 1, "{text}: {:#?}", draft.areas);
        assert!(
            draft
                .targets
                .iter()
                .all(|c| c.area == 0 && c.part_of.is_none()),
            "{text}"
        );
    }
    let b = brief("2012年，新增企业技术中心50家，其中：国家级10家，省级20家。");
    assert_eq!(
        b.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["新增企业技术中心", "国家级", "省级"]
    );
}

/// Loads a draft and runs the checks: the `area_sum` finding of the plan's own area.
fn area_sum(text: &str) -> Option<planlens::check::Status> {
    let opts = Options::default();
    let draft = extract(text, &opts);
    let json = to_plan_json(&draft, text, &opts);
    let file = planlens::SourceFile {
        name: "d.json".into(),
        text: json.clone(),
    };
    let model = planlens::Model::load(&[file]).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let report = planlens::check::run(&model, &planlens::check::Options::default()).unwrap();
    let root = model.area_id("area");
    report
        .findings
        .iter()
        .find(|f| f.check == planlens::check::CheckKind::AreaSum && Some(f.area) == root)
        .map(|f| f.status)
}

#[test]
fn the_allocation_draft_loads_and_its_area_sum_is_checked() {
    let opts = Options::default();
    let draft = extract(ALLOCATION, &opts);
    let json = to_plan_json(&draft, ALLOCATION, &opts);
    assert_eq!(json.matches("\"id\": \"i").count(), 1, "{json}");
    assert_eq!(json.matches("\"parent\": \"area\"").count(), 3, "{json}");
    assert_eq!(json.matches("\"indicator\": \"i1\"").count(), 4, "{json}");
    assert_eq!(
        json.matches(&format!("\"source\": \"{ALLOCATION}\""))
            .count(),
        4,
        "{json}"
    );
    // 460 + 288 + 30 = 778 is not 900: only three districts are named
    assert_eq!(area_sum(ALLOCATION), Some(planlens::check::Status::Fail));
    let exact =
        "到2012年，全市生物产业规模达到900亿元，其中南山区460亿元、宝安区288亿元、福田区152亿元。";
    assert_eq!(area_sum(exact), Some(planlens::check::Status::Ok));
    let bounds =
        "到2012年，全市生物产业规模达到900亿元以上，其中南山区460亿元以上、宝安区440亿元以上。";
    assert_eq!(area_sum(bounds), Some(planlens::check::Status::Ok));
}

#[test]
fn the_whole_word_is_no_part_of_a_name() {
    assert_eq!(
        one("2011年，全市生物产业规模达到700亿元。").indicator,
        "生物产业规模"
    );
    assert_eq!(
        one("2011年，全市场化运作基金达到5只。").indicator,
        "全市场化运作基金"
    );
    // a year without allocation and one with it: one indicator
    let text = format!("2011年，全市生物产业规模达到700亿元。\n{ALLOCATION}");
    let opts = Options::default();
    let json = to_plan_json(&extract(&text, &opts), &text, &opts);
    assert_eq!(json.matches("\"id\": \"i").count(), 1, "{json}");
    assert_eq!(json.matches("\"indicator\": \"i1\"").count(), 5, "{json}");
}

#[test]
fn an_item_that_is_no_area_leaves_the_list_open() {
    let text =
        "2012年，全市生物产业规模达到900亿元，其中南山区460亿元、高新区300亿元、宝安区288亿元。";
    let (figures, _) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("全市", "生物产业规模", "900亿元"),
            ("南山区", "生物产业规模", "460亿元"),
            ("全市", "高新区", "300亿元"),
            ("宝安区", "生物产业规模", "288亿元"),
        ])
    );
    // in a list separated by commas it ends the allocation, and takes no parts itself
    let text =
        "2012年，全市生物产业规模达到900亿元，其中南山区460亿元，高新区300亿元，宝安区288亿元。";
    let (figures, _) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("全市", "生物产业规模", "900亿元"),
            ("南山区", "生物产业规模", "460亿元"),
            ("全市", "高新区", "300亿元"),
            ("全市", "宝安区", "288亿元"),
        ])
    );
}

#[test]
fn a_whole_named_before_its_figure() {
    let text = "到2013年，龙岗区建成5个基地，其中坂田街道2个、布吉街道1个。";
    let (figures, areas) = by_area(text, &Options::default());
    assert_eq!(
        figures,
        triples(&[
            ("龙岗区", "基地", "5个"),
            ("坂田街道", "基地", "2个"),
            ("布吉街道", "基地", "1个"),
        ])
    );
    assert_eq!(
        areas,
        tree(&[
            ("全市", None),
            ("龙岗区", Some("全市")),
            ("坂田街道", Some("龙岗区")),
            ("布吉街道", Some("龙岗区")),
        ])
    );
}
