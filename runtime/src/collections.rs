//! Lists and maps read out of a parsed document, by the same rules for JSON ([`json::de`]) and
//! CBOR ([`cbor::de`]): in a dense collection a `null` item is skipped, in a sparse one it is
//! kept as `None`, and an item's error carries its index or key. Each format only finds the
//! items (its array, its map entries with text keys) and hands them here.
//!
//! [`json::de`]: crate::json::de
//! [`cbor::de`]: crate::cbor::de

use std::collections::HashMap;

use crate::json::DeserializeError;

/// A parsed document value that may be `null`.
pub(crate) trait Nullable {
    /// Whether the value is `null` (CBOR: or `undefined`).
    fn is_null(&self) -> bool;
}

impl Nullable for crate::json::Value {
    fn is_null(&self) -> bool {
        crate::json::Value::is_null(self)
    }
}

#[cfg(feature = "cbor")]
impl Nullable for crate::cbor::Value {
    fn is_null(&self) -> bool {
        crate::cbor::Value::is_null(self)
    }
}

/// A dense list: `null` items are skipped; errors carry the item's index.
pub(crate) fn list<V: Nullable, T>(
    items: &[V],
    mut f: impl FnMut(&V) -> Result<T, DeserializeError>,
) -> Result<Vec<T>, DeserializeError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if !item.is_null() {
            out.push(f(item).map_err(|e| e.at_index(i))?);
        }
    }
    Ok(out)
}

/// A sparse list: `null` items are kept as `None`.
pub(crate) fn sparse_list<V: Nullable, T>(
    items: &[V],
    mut f: impl FnMut(&V) -> Result<T, DeserializeError>,
) -> Result<Vec<Option<T>>, DeserializeError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(if item.is_null() {
            None
        } else {
            Some(f(item).map_err(|e| e.at_index(i))?)
        });
    }
    Ok(out)
}

/// A dense map: entries with `null` values are skipped; errors carry the key. `entries` yields
/// each key (or the error of a key that is not text) with its value.
pub(crate) fn map<'a, V: Nullable + 'a, T>(
    entries: impl ExactSizeIterator<Item = Result<(&'a str, &'a V), DeserializeError>>,
    mut f: impl FnMut(&V) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, T>, DeserializeError> {
    let mut out = HashMap::with_capacity(entries.len());
    for entry in entries {
        let (k, item) = entry?;
        if !item.is_null() {
            out.insert(k.to_owned(), f(item).map_err(|e| e.at(k))?);
        }
    }
    Ok(out)
}

/// A sparse map: `null` values are kept as `None`.
pub(crate) fn sparse_map<'a, V: Nullable + 'a, T>(
    entries: impl ExactSizeIterator<Item = Result<(&'a str, &'a V), DeserializeError>>,
    mut f: impl FnMut(&V) -> Result<T, DeserializeError>,
) -> Result<HashMap<String, Option<T>>, DeserializeError> {
    let mut out = HashMap::with_capacity(entries.len());
    for entry in entries {
        let (k, item) = entry?;
        let value = if item.is_null() {
            None
        } else {
            Some(f(item).map_err(|e| e.at(k))?)
        };
        out.insert(k.to_owned(), value);
    }
    Ok(out)
}
