//! Colours and type sizes.

use super::input::Theme;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// The colours of one theme.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Palette {
    /// Page background.
    pub bg: Rgb,
    /// Title text.
    pub title: Rgb,
    /// Labels and values.
    pub text: Rgb,
    /// Subtitle, ticks, source.
    pub muted: Rgb,
    /// Gridlines.
    pub grid: Rgb,
    /// Zero line and reference lines.
    pub axis: Rgb,
    /// Bars that are neither a series nor a failure (parent totals, uncertain intervals).
    pub neutral: Rgb,
    /// The one accent colour, used only for failing items.
    pub accent: Rgb,
    /// Series colours (Okabe–Ito, colour-blind safe; orange last so it is not
    /// mistaken for the vermilion accent).
    pub series: [Rgb; 6],
}

impl Palette {
    /// The palette of a theme.
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Palette {
                bg: Rgb(0xFF, 0xFF, 0xFF),
                title: Rgb(0x12, 0x12, 0x12),
                text: Rgb(0x33, 0x33, 0x33),
                muted: Rgb(0x6E, 0x6E, 0x6E),
                grid: Rgb(0xE5, 0xE5, 0xE5),
                axis: Rgb(0x8C, 0x8C, 0x8C),
                neutral: Rgb(0x9A, 0x9A, 0x9A),
                accent: Rgb(0xD5, 0x5E, 0x00),
                series: [
                    Rgb(0x00, 0x72, 0xB2),
                    Rgb(0x00, 0x9E, 0x73),
                    Rgb(0xCC, 0x79, 0xA7),
                    Rgb(0x56, 0xB4, 0xE9),
                    Rgb(0x55, 0x55, 0x55),
                    Rgb(0xE6, 0x9F, 0x00),
                ],
            },
            Theme::Dark => Palette {
                bg: Rgb(0x1B, 0x1C, 0x1F),
                title: Rgb(0xF2, 0xF2, 0xF2),
                text: Rgb(0xDD, 0xDD, 0xDD),
                muted: Rgb(0xA3, 0xA3, 0xA3),
                grid: Rgb(0x38, 0x3A, 0x3E),
                axis: Rgb(0x8A, 0x8A, 0x8A),
                neutral: Rgb(0x80, 0x80, 0x80),
                accent: Rgb(0xF0, 0x7A, 0x3C),
                series: [
                    Rgb(0x56, 0xB4, 0xE9),
                    Rgb(0x2B, 0xC4, 0x96),
                    Rgb(0xE0, 0x8F, 0xBE),
                    Rgb(0xF0, 0xE4, 0x42),
                    Rgb(0xC8, 0xC8, 0xC8),
                    Rgb(0xE6, 0x9F, 0x00),
                ],
            },
        }
    }

    /// Colour of the series at `index`, cycling through the palette.
    pub fn series_color(&self, index: usize) -> Rgb {
        let n = self.series.len();
        self.series
            .get(index % n)
            .copied()
            .unwrap_or(Rgb(0x00, 0x72, 0xB2))
    }
}

/// Font sizes and margins in px, chosen from the chart width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Typo {
    /// Title size.
    pub title: f64,
    /// Subtitle size.
    pub subtitle: f64,
    /// Labels and values.
    pub body: f64,
    /// Ticks, unit, key and source.
    pub small: f64,
    /// Outer margin.
    pub pad: f64,
}

impl Typo {
    /// Sizes for a chart `width` px wide; never below 11 px.
    pub fn for_width(width: u32) -> Self {
        if width < 480 {
            Typo {
                title: 17.0,
                subtitle: 13.0,
                body: 12.0,
                small: 11.0,
                pad: 12.0,
            }
        } else if width < 900 {
            Typo {
                title: 20.0,
                subtitle: 14.0,
                body: 13.0,
                small: 12.0,
                pad: 20.0,
            }
        } else {
            Typo {
                title: 24.0,
                subtitle: 16.0,
                body: 14.0,
                small: 13.0,
                pad: 24.0,
            }
        }
    }
}
