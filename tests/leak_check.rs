//! Writes, from a crate's plan, a test proving that no `@sensitive` value and no credential
//! leaks from the generated client: every operation's input is built with every member set
//! (through the generated builders, as a user would), sent through a replay transport whose
//! canned responses set every output and error member, and no `Debug` (`{:?}` and `{:#?}`, of
//! values and builders), `Display`, error message, error source or TRACE-level `tracing` output
//! may contain the sensitive marker, the secret key or the session token.
//!
//! Values that are not sensitive get a different marker ([`PLAIN_MARKER`]): they may be printed,
//! so only [`SENSITIVE_MARKER`] is searched for. A value is sensitive when its member is
//! (`MemberPlan::sensitive`: the target is `@sensitive`, or a collection of such), when the
//! structure or union holding it is `@sensitive` (which redacts it whole), or when it sits inside
//! such a value (a list or structure below a sensitive member is printed as one redacted value).
//!
//! The writer works from the plan alone, so it serves any model; `tests/tests/secrets_full_model.rs`
//! runs it on the full Partner Central Selling model.

use serde_json::{Map, Value};
use smithy_codegen::naming::ident_text;
use smithy_codegen::plan::{
    CratePlan, EnumPlan, HostPrefixPart, MemberPlan, OperationPlan, StructPlan, TsFormat, TypePath,
    TypeRef, UnionPlan,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Put in every sensitive string, enum, document and blob, and searched for in every output.
/// Lower-case letters and digits only, so it is also a valid host label and URL text.
pub const SENSITIVE_MARKER: &str = "sensitivemarker4c1d9e";
/// Put in every value that is not sensitive (it may legitimately be printed).
pub const PLAIN_MARKER: &str = "plainvalue8b2f";
/// The secret access key of the test credentials.
pub const SECRET_MARKER: &str = "SECRETMARKER6a0e5f1b";
/// The session token of the test credentials.
pub const TOKEN_MARKER: &str = "TOKENMARKER93c7d2a4";

/// Nesting depth of structures and unions after which only required members are set.
const MAX_DEPTH: usize = 16;
/// Structures and unions built for one value after which only required members are set, so a
/// model whose shapes share many sub-shapes cannot make the test explode.
const NODE_BUDGET: usize = 5_000;
/// Calls per operation (or error) made to reach every variant of every union.
const MAX_ROUNDS: usize = 64;
/// The timestamp every timestamp member gets: 2023-11-14T22:13:20Z, a whole second so every
/// wire format round-trips it exactly.
const TIMESTAMP_SECS: i64 = 1_700_000_000;

/// The generated test and what it covers.
#[derive(Debug)]
pub struct LeakTest {
    /// The Rust source of the test (`tests/no_leaks.rs` of the generated crate).
    pub source: String,
    /// Operations with a test function.
    pub operations: usize,
    /// Calls the test makes: successful rounds, one per modeled error (and round), and the
    /// malformed responses.
    pub calls: usize,
    /// Of those, responses made malformed at a sensitive spot (a sensitive number, timestamp,
    /// blob or int enum holding the marker text, or a wrong value under a sensitive map key).
    pub malformed: usize,
    /// Sensitive members (`shape$member`) reachable from any operation's input, output or errors
    /// in the plan.
    pub reachable: BTreeSet<String>,
    /// Sensitive members the test sets (in an input it builds or a response it replays).
    pub set: BTreeSet<String>,
    /// Generated structures, unions and enums that are `@sensitive` themselves and reachable.
    pub sensitive_types: BTreeSet<String>,
}

/// Writes the test for the crate planned as `plan`, whose library is named `crate_ident`
/// (the package name with `-` replaced by `_`).
pub fn write(plan: &CratePlan, crate_ident: &str) -> Result<LeakTest, String> {
    let mut w = Writer {
        krate: crate_ident.to_string(),
        structs: plan.structs.iter().map(|s| (&s.path, s)).collect(),
        unions: plan.unions.iter().map(|u| (&u.path, u)).collect(),
        enums: plan.enums.iter().map(|e| (&e.path, e)).collect(),
        set: BTreeSet::new(),
        malformed: 0,
    };
    let (reachable, sensitive_types) = w.reachable(plan);
    let compress = plan
        .operations
        .iter()
        .any(|op| !op.request_compression.is_empty());
    let mut out = header(crate_ident, compress);
    let mut calls = 0;
    for op in &plan.operations {
        calls += w.operation(op, &mut out)?;
    }
    Ok(LeakTest {
        source: out,
        operations: plan.operations.len(),
        calls,
        malformed: w.malformed,
        reachable,
        set: w.set,
        sensitive_types,
    })
}

/// A value as a Rust expression and as its JSON wire form.
struct Built {
    rust: String,
    json: Value,
}

/// State while building one value.
#[derive(Default)]
struct Ctx {
    /// Structures and unions on the way down (a second visit is a recursion: cut it).
    path: Vec<String>,
    /// Structures and unions built so far for this value.
    nodes: usize,
    /// Unions built with every member available, and the members chosen so far; kept across
    /// the rounds of one operation so the rounds can stop once every member was chosen.
    chosen: BTreeMap<String, (usize, BTreeSet<usize>)>,
    /// The next member to choose, per union (rotates so every member gets its turn).
    turn: BTreeMap<String, usize>,
    /// Where the value being built sits in the JSON document (keys, `0` for list items).
    at: Vec<String>,
    /// Malformed variants of the document: a JSON pointer and a wrong value for a sensitive
    /// spot, which the client must reject without echoing the value or a sensitive map key.
    points: Vec<(String, Value)>,
}

impl Ctx {
    fn fresh_value(&mut self) {
        self.path.clear();
        self.nodes = 0;
        self.at.clear();
        self.points.clear();
    }

    /// Notes that the value at the current spot can be replaced by `wrong` to make the
    /// document malformed there.
    fn point(&mut self, wrong: Value) {
        let pointer: String = self
            .at
            .iter()
            .map(|seg| format!("/{}", seg.replace('~', "~0").replace('/', "~1")))
            .collect();
        self.points.push((pointer, wrong));
    }

    /// Builds a child value at `seg` of the current spot.
    fn within<T>(&mut self, seg: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        self.at.push(seg.to_string());
        let out = f(self);
        self.at.pop();
        out
    }

    /// Whether some union seen in full still has members that were never chosen.
    fn pending(&self) -> bool {
        self.chosen.values().any(|(n, seen)| seen.len() < *n)
    }
}

struct Writer<'p> {
    krate: String,
    structs: BTreeMap<&'p TypePath, &'p StructPlan>,
    unions: BTreeMap<&'p TypePath, &'p UnionPlan>,
    enums: BTreeMap<&'p TypePath, &'p EnumPlan>,
    /// Sensitive members set so far.
    set: BTreeSet<String>,
    /// Malformed responses written so far.
    malformed: usize,
}

/// Standard padded base64, as blobs travel in JSON.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

mod template;
mod writer;

#[cfg(test)]
mod tests;

use template::header;
