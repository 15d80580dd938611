//! The generation config beside a model: which operations to generate, and whether to put
//! each operation behind a cargo feature.
//!
//! For a model file `path/glue.json` the config is `path/glue.smithy-codegen.toml`; for a model
//! directory `model/` it is `model/smithy-codegen.toml`. (Named after the model file, not the
//! directory, so that one directory can hold several models, each with its own selection.)
//!
//! ```toml
//! # Generate only these operations and the shapes they use; delete the key for all of them.
//! operations = ["GetJob", "StartJobRun"]
//! # One cargo feature per operation (`get-job`), all on by default (default: false).
//! features_per_operation = true
//! ```
//!
//! `--operations A,B` on the command line replaces the file's list;
//! `--features-per-operation` turns the features on whatever the file says.

use std::path::{Path, PathBuf};

/// What the config file beside a model asks for.
#[derive(Debug, Default, PartialEq)]
pub struct ModelConfig {
    /// `operations`: generate only these (`None`: all).
    pub operations: Option<Vec<String>>,
    /// `features_per_operation`: one cargo feature per operation.
    pub features_per_operation: bool,
}

/// Where the config of the model at `model` lives (it may not exist).
pub fn path_for(model: &Path) -> PathBuf {
    if model.is_dir() {
        return model.join("smithy-codegen.toml");
    }
    let stem = model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    model.with_file_name(format!("{stem}.smithy-codegen.toml"))
}

/// The config beside `model`: the defaults when there is none.
pub fn for_model(model: &Path) -> Result<ModelConfig, String> {
    let path = path_for(model);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ModelConfig::default()),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// Parses a config's text; unknown keys are errors (a misspelt key would silently generate
/// the whole service).
pub fn parse(text: &str) -> Result<ModelConfig, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut config = ModelConfig::default();
    for (key, value) in &table {
        match key.as_str() {
            "operations" => {
                let list = value
                    .as_array()
                    .ok_or("`operations` must be an array of operation names")?;
                let names = list
                    .iter()
                    .map(|v| {
                        v.as_str().map(str::to_string).ok_or_else(|| {
                            format!(
                                "`operations` must hold strings (operation names), found a {}",
                                v.type_str()
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                config.operations = Some(names);
            }
            "features_per_operation" => {
                config.features_per_operation = value.as_bool().ok_or_else(|| {
                    format!(
                        "`features_per_operation` must be true or false, found a {}",
                        value.type_str()
                    )
                })?;
            }
            other => {
                return Err(format!(
                    "unknown key `{other}` (known: operations, features_per_operation)"
                ));
            }
        }
    }
    Ok(config)
}

/// `--operations A,B,...` as a list (empty items dropped).
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_list() {
        let config = parse("operations = [\"GetJob\", \"StartJobRun\"]\n").unwrap();
        assert_eq!(
            config.operations,
            Some(vec!["GetJob".to_string(), "StartJobRun".into()])
        );
        assert!(!config.features_per_operation);
        assert_eq!(parse("# nothing\n").unwrap(), ModelConfig::default());
        assert!(
            parse("features_per_operation = true")
                .unwrap()
                .features_per_operation
        );
    }

    #[test]
    fn rejects_typos_and_wrong_types() {
        assert!(
            parse("operation = [\"GetJob\"]")
                .unwrap_err()
                .contains("unknown key")
        );
        assert!(
            parse("operations = \"GetJob\"")
                .unwrap_err()
                .contains("array")
        );
        assert!(parse("operations = [1]").unwrap_err().contains("strings"));
        assert!(parse("operations = [").is_err());
        assert!(
            parse("features_per_operation = \"yes\"")
                .unwrap_err()
                .contains("true or false")
        );
    }

    #[test]
    fn config_is_named_after_the_model_file() {
        let p = path_for(Path::new("/nonexistent/models/glue.json"));
        assert_eq!(p, Path::new("/nonexistent/models/glue.smithy-codegen.toml"));
        assert_eq!(split_list(" GetJob, ,GetJobs"), vec!["GetJob", "GetJobs"]);
    }
}
