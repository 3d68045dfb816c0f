//! A table in the text: a web page's table pasted as text (one cell per line, seed 001
//! as published), TSV or CSV. `extract` drafts prose; the table module reads tables, and
//! [`table_in`] is where the two meet, so that `planlens extract`, the page's "Draft from
//! text" and `planlens import` read one table with one piece of code.

use super::Options;
use planlens_table::{self as table, Grid, ImportError, ImportOptions};

/// A table found in the text: its grid and, when it imports, the plan it gives.
#[derive(Debug, Clone)]
pub struct TableInText {
    /// The table as read.
    pub grid: Grid,
    /// The `planlens/1` plan of the table, or why it does not import.
    pub plan: Result<String, ImportError>,
}

/// The table the text holds, if any, imported with the draft's area as the name of the
/// total row's area (`--area 深圳市` names 全市) and the draft's plan id.
pub fn table_in(text: &str, opts: &Options) -> Option<TableInText> {
    let name = if opts.file_name.is_empty() {
        "text.txt"
    } else {
        &opts.file_name
    };
    let grid = table::grid_from_text(name, text)?;
    let import = ImportOptions {
        area_total: opts.area_name.clone().filter(|a| !a.trim().is_empty()),
        plan_id: opts.plan_id.clone(),
        ..ImportOptions::default()
    };
    let plan = table::import(std::slice::from_ref(&grid), &import).map(|i| i.plan_json);
    Some(TableInText { grid, plan })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_web_table_is_read_as_a_table() {
        let text = "单位：亿元\n\n2011年\n\n生物\n\n互联网\n\n全  市\n\n7\n\n5\n\n福田区\n\n3\n\n2\n\n罗湖区\n\n4\n\n3\n";
        let opts = Options {
            file_name: "t.txt".into(),
            ..Options::default()
        };
        let found = table_in(text, &opts).expect("a table");
        let plan = found.plan.expect("it imports");
        assert!(plan.contains(r#""parent": "全市""#), "{plan}");
        assert!(table_in("到2012年，全市生物产业规模达到900亿元。", &opts).is_none());
    }
}
