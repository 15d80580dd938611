//! Where a generated crate gets `smithy-client-runtime` from: a path, a git repository or a
//! registry version. The user's choice (`cargo xtask codegen --runtime ...`); the generator only
//! writes it into `Cargo.toml`.

use std::fmt;

/// The source of the runtime dependency in a generated `Cargo.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// `path = "..."`, as written (relative paths are relative to the generated crate).
    Path(String),
    /// `git = "..."`, optionally pinned to a commit, tag or branch with `rev`.
    Git {
        /// The repository URL (`https://...`, `ssh://...`, `file:///...`).
        url: String,
        /// The revision to check out (`rev = "..."`); `None` for the default branch.
        rev: Option<String>,
    },
    /// `version = "..."` from crates.io (a Cargo version requirement such as `0.1` or `=0.1.2`).
    Version(String),
}

impl RuntimeDependency {
    /// Parses the command-line form: `path=<dir>`, `git=<url>[,rev=<rev>]` or
    /// `version=<semver>`. The error says which form was expected.
    pub fn parse(spec: &str) -> Result<Self, String> {
        const FORMS: &str = "expected path=<dir>, git=<url>[,rev=<rev>] or version=<semver>";
        let (kind, value) = spec
            .split_once('=')
            .ok_or_else(|| format!("--runtime {spec:?}: {FORMS}"))?;
        let nonempty = |what: &str, v: &str| {
            if v.trim().is_empty() {
                Err(format!("--runtime {spec:?}: {what} is empty"))
            } else {
                Ok(v.to_string())
            }
        };
        match kind {
            "path" => Ok(Self::Path(nonempty("the path", value)?)),
            "git" => {
                // A URL may contain `,` only in odd places; `,rev=` is the one separator we read.
                let (url, rev) = match value.split_once(",rev=") {
                    Some((url, rev)) => (url, Some(nonempty("rev", rev)?)),
                    None => (value, None),
                };
                Ok(Self::Git {
                    url: nonempty("the git URL", url)?,
                    rev,
                })
            }
            "version" => {
                let v = nonempty("the version", value)?;
                // A version requirement: digits, dots, operators, pre-release/build tags.
                let ok = v
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " .,^~=<>*-+".contains(c))
                    && v.chars().any(|c| c.is_ascii_digit());
                if ok {
                    Ok(Self::Version(v))
                } else {
                    Err(format!(
                        "--runtime {spec:?}: {v:?} is not a Cargo version requirement (e.g. 0.1)"
                    ))
                }
            }
            other => Err(format!(
                "--runtime {spec:?}: unknown form {other:?}; {FORMS}"
            )),
        }
    }

    /// The keys of the dependency's inline table, e.g. `path = "../runtime"`.
    pub fn toml_keys(&self) -> String {
        match self {
            Self::Path(path) => format!("path = {}", toml_string(path)),
            Self::Git { url, rev: None } => format!("git = {}", toml_string(url)),
            Self::Git {
                url,
                rev: Some(rev),
            } => format!("git = {}, rev = {}", toml_string(url), toml_string(rev)),
            Self::Version(version) => format!("version = {}", toml_string(version)),
        }
    }
}

impl fmt::Display for RuntimeDependency {
    /// The command-line form, as [`RuntimeDependency::parse`] reads it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Path(path) => write!(f, "path={path}"),
            Self::Git { url, rev: None } => write!(f, "git={url}"),
            Self::Git {
                url,
                rev: Some(rev),
            } => write!(f, "git={url},rev={rev}"),
            Self::Version(version) => write!(f, "version={version}"),
        }
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped, so a Windows path
/// or an odd URL cannot break the manifest.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_form_and_writes_its_toml() {
        let p = RuntimeDependency::parse("path=../rt").unwrap();
        assert_eq!(p.toml_keys(), r#"path = "../rt""#);
        let g = RuntimeDependency::parse("git=https://example.com/rt.git,rev=abc123").unwrap();
        assert_eq!(
            g.toml_keys(),
            r#"git = "https://example.com/rt.git", rev = "abc123""#
        );
        assert_eq!(g.to_string(), "git=https://example.com/rt.git,rev=abc123");
        let g = RuntimeDependency::parse("git=file:///tmp/rt").unwrap();
        assert_eq!(g.toml_keys(), r#"git = "file:///tmp/rt""#);
        let v = RuntimeDependency::parse("version=0.1").unwrap();
        assert_eq!(v.toml_keys(), r#"version = "0.1""#);
        assert_eq!(
            RuntimeDependency::Path(r#"C:\rt "x""#.into()).toml_keys(),
            r#"path = "C:\\rt \"x\"""#
        );
    }

    #[test]
    fn bad_forms_are_explained() {
        for (spec, says) in [
            ("../rt", "expected path=<dir>"),
            ("svn=x", "unknown form \"svn\""),
            ("path=", "the path is empty"),
            ("git=https://x,rev=", "rev is empty"),
            ("version=latest", "not a Cargo version requirement"),
            ("version=0.1\"", "not a Cargo version requirement"),
        ] {
            let err = RuntimeDependency::parse(spec).unwrap_err();
            assert!(err.contains(says), "{spec}: {err}");
        }
    }
}
