//! `cargo xtask smithy-to-json <file-or-dir>... --out <file>`: reads Smithy IDL and JSON AST
//! files (directories recursively) and writes the merged model as one Smithy JSON AST file, the
//! prelude left out and `apply` statements merged into their shapes (see
//! [`smithy_codegen::json_ast`]).

use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a file name")?)),
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown argument {flag}\n{USAGE}"));
            }
            path => inputs.push(PathBuf::from(path)),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if inputs.is_empty() {
        return Err(format!("no model files or directories given\n{USAGE}"));
    }
    let mut sources = Vec::new();
    for input in &inputs {
        let label = input.display().to_string();
        sources.extend(smithy_codegen::read_sources(input, &label).map_err(|e| e.to_string())?);
    }
    let model = smithy_codegen::json_ast::to_json_ast(&sources).map_err(|e| e.to_string())?;
    let text = render(&model).map_err(|e| e.to_string())?;
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let shapes = model
        .get("shapes")
        .and_then(serde_json::Value::as_object)
        .map_or(0, |s| s.len());
    eprintln!(
        "wrote {shapes} shapes from {} files to {}",
        sources.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Pretty JSON with `"smithy"` first, then `"metadata"` and `"shapes"` (as Smithy writes it; a
/// plain map would sort the keys).
fn render(model: &serde_json::Value) -> serde_json::Result<String> {
    let mut text = String::from("{\n  \"smithy\": \"2.0\"");
    for key in ["metadata", "shapes"] {
        if let Some(v) = model.get(key) {
            let inner = serde_json::to_string_pretty(v)?.replace('\n', "\n  ");
            text.push_str(&format!(",\n  \"{key}\": {inner}"));
        }
    }
    text.push_str("\n}\n");
    Ok(text)
}

const USAGE: &str = "usage: cargo xtask smithy-to-json <file-or-dir>... --out <file>";
