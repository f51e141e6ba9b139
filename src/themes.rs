//! Themes: the reform themes of `rules/themes.toml` assigned to each action item (the taxonomy
//! and its matcher live in [`crate::rules::themes`]); see there for how phrases match.

use crate::model::{ActionItem, ItemTheme, Span};
use crate::normalize::NormLine;
pub use crate::rules::themes::*;

/// Assign themes to `items`; `lines` (the normalized lines of the document, in order) give
/// each evidence its line. Without lines, or when the evidence is split across lines, the
/// span is the item's first line (title) or the item's span (description).
pub fn assign(items: &mut [ActionItem], lines: &[NormLine], rules: &ThemeRules) {
    for item in items.iter_mut() {
        let found = rules.find_item(&item.title, item.description.as_deref());
        item.themes = found
            .into_iter()
            .filter_map(|f| {
                let theme = rules.themes.get(f.theme)?;
                let span = locate(lines, item.span, &f);
                Some(ItemTheme {
                    id: theme.id.clone(),
                    evidence: f.evidence,
                    span,
                })
            })
            .collect();
    }
}

/// The line of `item` (within its span) that holds the evidence.
fn locate(lines: &[NormLine], item: Span, f: &Found) -> Span {
    let fallback = match f.field {
        Field::Title => Span::line(item.page, item.line_start),
        Field::Description => item,
    };
    let needle = fold(&f.evidence).text;
    if needle.is_empty() {
        return fallback;
    }
    let from =
        lines.partition_point(|l| (l.span.page, l.span.line_end) < (item.page, item.line_start));
    for l in lines.iter().skip(from) {
        if l.span.page != item.page || l.span.line_start > item.line_end {
            break;
        }
        if l.furniture {
            continue;
        }
        if fold(&l.text).text.contains(&needle) {
            return l.span;
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ThemeRules {
        let themes = vec![
            Theme {
                id: "outsourcing".into(),
                name_ja: "民間委託".into(),
                name_en: "Outsourcing".into(),
                definition: String::new(),
                signals: vec!["民間委託".into(), "アウトソーシング".into()],
                title_signals: vec!["委託".into()],
                exclude: vec!["委託料の見直し".into()],
            },
            Theme {
                id: "digital".into(),
                name_ja: "DX".into(),
                name_en: "Digital".into(),
                definition: String::new(),
                signals: vec!["AI".into(), "DX".into(), "委託料".into()],
                title_signals: vec![],
                exclude: vec![],
            },
        ];
        ThemeRules::new(themes).unwrap()
    }

    #[test]
    fn full_width_and_spaces_are_folded_and_evidence_is_as_written() {
        let r = rules();
        let got = r.find_in("窓口業務の民間 委託と ＤＸ の推進", false);
        assert_eq!(
            got,
            vec![(0, "民間 委託".to_string()), (1, "ＤＸ".to_string())]
        );
    }

    #[test]
    fn ascii_phrases_need_word_boundaries() {
        let r = rules();
        assert!(r.find_in("e-mail の活用", false).is_empty());
        assert_eq!(
            r.find_in("生成AIの導入", false),
            vec![(1, "AI".to_string())]
        );
    }

    #[test]
    fn exclusions_void_only_their_own_theme() {
        let r = rules();
        // 委託料の見直し voids nothing of outsourcing here (no signal), and the digital theme's
        // (test-only) signal 委託料 is not excluded by another theme's phrase.
        assert_eq!(
            r.find_in("委託料の見直し", false),
            vec![(1, "委託料".to_string())]
        );
    }

    #[test]
    fn title_evidence_comes_first_and_nothing_is_guessed() {
        let r = rules();
        let f = r.find_item("事務の見直し", Some("アウトソーシングを進める"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, Field::Description);
        assert!(r.find_item("市民会館の改修", None).is_empty());
        // A title-only signal counts in the title, not in the description.
        assert_eq!(r.find_item("給食調理の委託", None).len(), 1);
        assert!(r.find_item("給食調理", Some("業者に委託する")).is_empty());
    }

    #[test]
    fn bad_ids_are_rules_errors() {
        let bad =
            "[[theme]]\nid = \"Bad-Id\"\nname_ja = \"x\"\nname_en = \"x\"\ndefinition = \"x\"\n";
        let e = ThemeRules::parse("themes.toml", bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("themes.toml") && e.contains("Bad-Id"), "{e}");
    }
}
