//! Text metrics without a font engine.
//!
//! Widths come from a small table measured on Noto Sans CJK SC at 100 px:
//! CJK ideographs, kana, hangul and fullwidth punctuation are 1 em, ASCII
//! characters have their own advance (digits 0.55 em, space 0.25 em), and
//! anything else falls back to 0.6 em below U+2000 and 1 em above. Bold text
//! is 6 % wider for non-CJK characters. The numbers are deterministic, so the
//! layout is the same natively and in WebAssembly.

/// Advance widths of the printable ASCII characters 0x20..=0x7E in 1/1000 em,
/// ten to a row: the first row is space to ')', the last row is 'z' to '~'.
#[rustfmt::skip]
const ASCII_WIDTHS: [u16; 95] = [
    250, 320, 470, 550, 550, 920, 680, 280, 340, 340,
    470, 550, 280, 350, 280, 390, 550, 550, 550, 550,
    550, 550, 550, 550, 550, 550, 280, 280, 550, 550,
    550, 470, 900, 610, 660, 640, 690, 590, 550, 690,
    730, 290, 530, 650, 540, 810, 720, 740, 630, 740,
    630, 600, 600, 720, 570, 880, 570, 530, 600, 340,
    390, 340, 550, 560, 550, 560, 620, 510, 620, 550,
    320, 560, 610, 270, 270, 550, 280, 930, 610, 610,
    620, 620, 390, 470, 380, 610, 520, 800, 500, 520,
    470, 340, 270, 340, 550,
];

/// Whether a character is drawn a full em wide (CJK and fullwidth forms).
pub(crate) fn is_wide(c: char) -> bool {
    let u = u32::from(c);
    matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303F
        | 0x3040..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Width of one character in em.
pub(crate) fn char_em(c: char, bold: bool) -> f64 {
    let u = u32::from(c);
    let base = if (0x20..=0x7E).contains(&u) {
        let idx = usize::try_from(u - 0x20).unwrap_or(0);
        f64::from(ASCII_WIDTHS.get(idx).copied().unwrap_or(600)) / 1000.0
    } else if is_wide(c) {
        return 1.0;
    } else {
        match c {
            // The en dash.
            '\u{2013}' => 0.54,
            // Minus and plus-minus signs.
            '\u{2212}' | '\u{00B1}' => 0.55,
            // Em dash and ellipsis.
            '\u{2014}' | '\u{2026}' => 1.0,
            // Middle dot, bullet and multiplication sign.
            '\u{00B7}' | '\u{2022}' | '\u{00D7}' => 1.0,
            // The signs ≤ and ≥ are fullwidth in CJK fonts.
            '\u{2264}' | '\u{2265}' => 1.0,
            // Curly quotes are fullwidth in CJK fonts.
            '\u{2018}'..='\u{201F}' => 1.0,
            // The per mille sign.
            '\u{2030}' => 1.0,
            // Check and cross marks.
            '\u{2713}' | '\u{2717}' => 0.7,
            // Geometric shapes such as ◇ and ■.
            '\u{25A0}'..='\u{25FF}' => 1.0,
            // Combining marks and zero-width characters take no room.
            '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200D}' => 0.0,
            _ if u < 0x2000 => 0.6,
            _ => 1.0,
        }
    };
    if bold {
        base * 1.06
    } else {
        base
    }
}

/// Width in px of `s` drawn at `size` px.
pub fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    s.chars().map(|c| char_em(c, bold)).sum::<f64>() * size
}

/// The string cut to fit `max_w` px, ending with "…" when it was cut.
pub fn truncate(s: &str, size: f64, bold: bool, max_w: f64) -> String {
    if text_width(s, size, bold) <= max_w {
        return s.to_string();
    }
    let ellipsis = char_em('…', bold) * size;
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = char_em(c, bold) * size;
        if w + cw + ellipsis > max_w {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end();
    let mut out = trimmed.to_string();
    out.push('…');
    out
}

/// Characters that must not start a line (closing punctuation).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』〕】%％…,.;:?!)]}".contains(c)
}

/// Characters that must not end a line (opening punctuation).
fn no_line_end(c: char) -> bool {
    "（《「『〔【([{“‘".contains(c)
}

/// Splits text into unbreakable tokens: Latin words, single CJK characters and spaces.
fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    let mut in_word = false;
    for c in s.chars() {
        if c == ' ' {
            out.push(" ".to_string());
            glue_next = false;
            in_word = false;
            continue;
        }
        let glue_prev = no_line_start(c) || glue_next || (in_word && !is_wide(c));
        match out.last_mut() {
            Some(last) if glue_prev && last.as_str() != " " => last.push(c),
            _ => out.push(c.to_string()),
        }
        glue_next = no_line_end(c);
        in_word = !is_wide(c);
    }
    out
}

/// Greedy line breaking of `s` into lines no wider than `max_w` px.
///
/// At most `max_lines` lines are returned; when the text is longer the last
/// line ends with "…". Breaks fall between CJK characters and at spaces, never
/// before closing or after opening punctuation.
pub fn wrap(s: &str, size: f64, bold: bool, max_w: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0;
    for tok in tokens(s) {
        let tw = text_width(&tok, size, bold);
        if tok == " " {
            if !cur.is_empty() {
                cur.push(' ');
                cur_w += tw;
            }
            continue;
        }
        if cur_w + tw > max_w && !cur.trim_end().is_empty() {
            lines.push(cur.trim_end().to_string());
            cur = String::new();
            cur_w = 0.0;
        }
        if tw > max_w {
            // A single token wider than the line is split by characters.
            for c in tok.chars() {
                let cw = char_em(c, bold) * size;
                if cur_w + cw > max_w && !cur.is_empty() {
                    lines.push(cur.trim_end().to_string());
                    cur = String::new();
                    cur_w = 0.0;
                }
                cur.push(c);
                cur_w += cw;
            }
        } else {
            cur.push_str(&tok);
            cur_w += tw;
        }
    }
    if !cur.trim_end().is_empty() {
        lines.push(cur.trim_end().to_string());
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        // Here lines.len() > max_lines >= 1, so the split point is inside the vector.
        let rest: Vec<String> = lines.split_off(max_lines - 1);
        let joined = rest.join("");
        let mut cut = truncate(&joined, size, bold, max_w);
        if !cut.ends_with('…') {
            cut.push('…');
        }
        lines.push(cut);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_table() {
        assert!((text_width("1200", 10.0, false) - 22.0).abs() < 1e-9);
        assert!((text_width("深圳市", 12.0, false) - 36.0).abs() < 1e-9);
        assert!((text_width(" ", 100.0, false) - 25.0).abs() < 1e-9);
        assert!(text_width("Wm", 10.0, false) > text_width("il", 10.0, false) * 2.0);
        assert!(text_width("2011", 10.0, true) > text_width("2011", 10.0, false));
        assert!((text_width("（）", 10.0, true) - 20.0).abs() < 1e-9);
        assert_eq!(text_width("", 10.0, false), 0.0);
    }

    #[test]
    fn truncation_adds_an_ellipsis() {
        assert_eq!(truncate("福田区", 10.0, false, 100.0), "福田区");
        let t = truncate("深圳市生物产业发展规划", 10.0, false, 50.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 10.0, false) <= 50.0);
        assert_eq!(truncate("abc", 10.0, false, 1.0), "…");
    }

    #[test]
    fn wrapping_breaks_between_cjk_and_at_spaces() {
        let lines = wrap(
            "深圳市生物产业规模目标，二〇一一至二〇一二年",
            10.0,
            false,
            60.0,
            10,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, 10.0, false) <= 60.0 + 1e-9, "{l}");
            assert!(!l.starts_with('，'));
        }
        let en = wrap("Targets of the biotech industry", 10.0, false, 80.0, 10);
        assert!(en.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')));
        assert_eq!(en.join(" "), "Targets of the biotech industry");
    }

    #[test]
    fn wrapping_limits_lines() {
        let lines = wrap(
            "一二三四五六七八九十一二三四五六七八九十",
            10.0,
            false,
            50.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.last().is_some_and(|l| l.ends_with('…')));
    }
}
