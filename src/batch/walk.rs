//! Finding the inputs of a batch: every `.pdf` and `.txt` (any case) under a folder, minus
//! hidden entries, the output folder and what `.jplanignore` or `--exclude` names.
//!
//! Ignore patterns are a small subset of gitignore, one per line (`#` starts a comment):
//! - `*` matches any run of characters except `/`, `?` one character except `/`,
//!   `**` any run including `/`;
//! - a pattern with no `/` matches a file or folder name at any depth (`*.expected.txt`);
//! - a pattern with a `/` inside matches the whole path from the batch folder
//!   (`pdf/broken/*.pdf`; a leading `/` is allowed and ignored);
//! - a trailing `/` matches folders only (`bad/`), and ignoring a folder ignores all below it.
//!
//! Matching is case-sensitive, like git. A `.jplanignore` may sit in any folder: its patterns
//! apply below that folder, relative to it (so `corpus/pdf/.jplanignore` also works when
//! `corpus/pdf` itself is the batch folder). `--exclude` patterns are relative to the batch
//! folder. Symbolic links to folders are not followed (no loops).

use std::path::{Path, PathBuf};

/// The file in the batch folder that lists ignore patterns.
pub const IGNORE_FILE: &str = ".jplanignore";

/// One ignore pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    glob: Vec<char>,
    /// Matched against the whole relative path (else against the name).
    anchored: bool,
    dir_only: bool,
    /// The pattern as written, for messages.
    pub text: String,
}

impl Pattern {
    /// Parse one pattern line; `None` for blank lines and comments.
    pub fn parse(line: &str) -> Option<Pattern> {
        let text = line.trim();
        if text.is_empty() || text.starts_with('#') {
            return None;
        }
        let mut body = text;
        let dir_only = body.ends_with('/');
        body = body.trim_end_matches('/');
        let leading = body.starts_with('/');
        body = body.trim_start_matches('/');
        if body.is_empty() {
            return None;
        }
        Some(Pattern {
            glob: body.chars().collect(),
            anchored: leading || body.contains('/'),
            dir_only,
            text: text.to_string(),
        })
    }

    /// Does the pattern match the entry at relative path `rel` (`/`-separated)?
    pub fn matches(&self, rel: &str, is_dir: bool) -> bool {
        if self.dir_only && !is_dir {
            return false;
        }
        let subject = if self.anchored {
            rel
        } else {
            rel.rsplit('/').next().unwrap_or(rel)
        };
        let s: Vec<char> = subject.chars().collect();
        glob_match(&self.glob, &s)
    }
}

/// Wildcard match of `p` against the whole of `s` (see the module comment).
fn glob_match(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') => {
            let double = p.get(1) == Some(&'*');
            let rest = if double {
                // `**/` also matches zero folders: `a/**/b` matches `a/b`.
                let r = p.get(2..).unwrap_or(&[]);
                if r.first() == Some(&'/') && glob_match(r.get(1..).unwrap_or(&[]), s) {
                    return true;
                }
                r
            } else {
                p.get(1..).unwrap_or(&[])
            };
            for i in 0..=s.len() {
                if glob_match(rest, s.get(i..).unwrap_or(&[])) {
                    return true;
                }
                match s.get(i) {
                    Some('/') if !double => return false,
                    None => return false,
                    _ => {}
                }
            }
            false
        }
        Some('?') => match s.first() {
            Some(c) if *c != '/' => {
                glob_match(p.get(1..).unwrap_or(&[]), s.get(1..).unwrap_or(&[]))
            }
            _ => false,
        },
        Some(c) => {
            s.first() == Some(c) && glob_match(p.get(1..).unwrap_or(&[]), s.get(1..).unwrap_or(&[]))
        }
    }
}

/// A set of ignore patterns, each with the folder (relative, `/`-separated, empty for the
/// batch folder) whose `.jplanignore` gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IgnoreRules {
    pub patterns: Vec<(String, Pattern)>,
}

impl IgnoreRules {
    /// The `--exclude` patterns, relative to the batch folder.
    pub fn new(extra: &[String]) -> IgnoreRules {
        IgnoreRules {
            patterns: extra
                .iter()
                .filter_map(|p| Pattern::parse(p))
                .map(|p| (String::new(), p))
                .collect(),
        }
    }

    /// Add the patterns of `dir/.jplanignore` (if present), for the folder `base` (relative).
    pub fn add_file(&mut self, dir: &Path, base: &str) -> std::io::Result<()> {
        match std::fs::read_to_string(dir.join(IGNORE_FILE)) {
            Ok(text) => {
                self.patterns.extend(
                    text.lines()
                        .filter_map(Pattern::parse)
                        .map(|p| (base.to_string(), p)),
                );
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The `--exclude` patterns plus those of `dir/.jplanignore`. (The `.jplanignore` files of
    /// subfolders are read by [`find_inputs`] as it goes down.)
    pub fn load(dir: &Path, extra: &[String]) -> std::io::Result<IgnoreRules> {
        let mut rules = IgnoreRules::new(extra);
        rules.add_file(dir, "")?;
        Ok(rules)
    }

    /// Is the entry at `rel` (relative to the batch folder) ignored?
    pub fn is_ignored(&self, rel: &str, is_dir: bool) -> bool {
        self.patterns.iter().any(|(base, p)| {
            if base.is_empty() {
                p.matches(rel, is_dir)
            } else {
                rel.strip_prefix(base.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                    .is_some_and(|r| p.matches(r, is_dir))
            }
        })
    }
}

/// Is this a file name a batch converts (`.pdf`, `.txt`, any case)?
pub fn is_input_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".pdf") || lower.ends_with(".txt")
}

/// An input found by [`find_inputs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Relative to the batch folder, `/`-separated: the key of manifest lines and dataset rows.
    pub rel: String,
    pub path: PathBuf,
}

/// Every input under `dir`, sorted by `rel` (byte order), and the folders or ignore files
/// that could not be read (with the reason). `rules` holds the patterns of `dir` itself (see
/// [`IgnoreRules::load`]); those of subfolders are added on the way down. `skip_dir` (the
/// output folder, when inside `dir`) is not entered.
pub fn find_inputs(
    dir: &Path,
    rules: &IgnoreRules,
    skip_dir: Option<&Path>,
) -> (Vec<Input>, Vec<(PathBuf, std::io::Error)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), rules.clone())];
    while let Some((d, mut rules)) = stack.pop() {
        if d != dir {
            let base = super::fsutil::relative_slash(&d, dir);
            if let Err(e) = rules.add_file(&d, &base) {
                errors.push((d.join(IGNORE_FILE), e));
            }
        }
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                errors.push((d, e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push((d.clone(), e));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let rel = super::fsutil::relative_slash(&path, dir);
            let Ok(ft) = entry.file_type() else { continue };
            // A symlink to a file counts as the file; one to a folder is not followed.
            let is_dir = ft.is_dir();
            let is_file = ft.is_file() || (ft.is_symlink() && path.is_file());
            if rules.is_ignored(&rel, is_dir) {
                continue;
            }
            if is_dir {
                let is_out = skip_dir.is_some_and(|s| {
                    std::fs::canonicalize(&path)
                        .map(|c| c == s)
                        .unwrap_or(false)
                });
                if !is_out {
                    stack.push((path, rules.clone()));
                }
            } else if is_file && is_input_name(&name) {
                inputs.push(Input { rel, path });
            }
        }
    }
    inputs.sort_by(|a, b| a.rel.cmp(&b.rel));
    (inputs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(s: &str) -> Pattern {
        Pattern::parse(s).unwrap()
    }

    #[test]
    fn name_patterns_match_at_any_depth() {
        let p = pat("*.expected.txt");
        assert!(p.matches("pdf/a.expected.txt", false));
        assert!(p.matches("a.expected.txt", false));
        assert!(!p.matches("pdf/a.txt", false));
    }

    #[test]
    fn folder_patterns_match_folders_only() {
        let p = pat("bad/");
        assert!(p.matches("x/bad", true));
        assert!(!p.matches("x/bad", false));
    }

    #[test]
    fn anchored_patterns_match_the_whole_path() {
        let p = pat("pdf/*.pdf");
        assert!(p.matches("pdf/a.pdf", false));
        assert!(!p.matches("x/pdf/a.pdf", false));
        assert!(!p.matches("pdf/sub/a.pdf", false));
        let p = pat("**/draft/*.txt");
        assert!(p.matches("a/b/draft/x.txt", false));
        assert!(p.matches("draft/x.txt", false));
        assert!(pat("/top.txt").matches("top.txt", false));
        assert!(!pat("/top.txt").matches("sub/top.txt", false));
    }

    #[test]
    fn nested_ignore_files_apply_below_their_folder() {
        let rules = IgnoreRules {
            patterns: vec![
                ("pdf".into(), pat("bad.pdf")),
                ("pdf".into(), pat("/top.pdf")),
            ],
        };
        assert!(rules.is_ignored("pdf/bad.pdf", false));
        assert!(rules.is_ignored("pdf/sub/bad.pdf", false));
        assert!(!rules.is_ignored("bad.pdf", false));
        assert!(!rules.is_ignored("pdfx/bad.pdf", false));
        assert!(rules.is_ignored("pdf/top.pdf", false));
        assert!(!rules.is_ignored("pdf/sub/top.pdf", false));
    }

    #[test]
    fn comments_and_blanks_are_not_patterns() {
        assert!(Pattern::parse("# note").is_none());
        assert!(Pattern::parse("   ").is_none());
        assert!(Pattern::parse("/").is_none());
    }

    #[test]
    fn input_names_are_case_insensitive() {
        assert!(is_input_name("PLAN.PDF"));
        assert!(is_input_name("a.Txt"));
        assert!(!is_input_name("a.json"));
        assert!(!is_input_name("pdf"));
    }

    /// The README's demo `jplan batch corpus/ -o out/` converts plans, not the expected outputs
    /// and reference extractions kept next to them (`corpus/.jplanignore`).
    #[test]
    fn demo_batch_of_the_corpus_leaves_out_expected_files() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("corpus");
        let rules = IgnoreRules::load(&corpus, &[]).unwrap();
        let (inputs, errors) = find_inputs(&corpus, &rules, None);
        assert!(errors.is_empty(), "{errors:?}");
        let rels: Vec<&str> = inputs.iter().map(|i| i.rel.as_str()).collect();
        for r in &rels {
            assert!(
                !r.ends_with("expected.txt") && !r.ends_with(".pdftotext.txt"),
                "the demo batch would convert {r} as a plan"
            );
        }
        assert!(rels.contains(&"versions/komae/old.txt"));
        assert!(rels.contains(&"plans/004_cde0dcee2913256b.txt"));
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        assert!(readme.contains("batch corpus/ -o out/"), "the demo command");
    }
}
