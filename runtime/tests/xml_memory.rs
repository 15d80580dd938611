//! Peak heap use of the XML parser on hostile bodies (issue 13 item 6): a counting global
//! allocator records the high-water mark of bytes allocated while `parse` runs, on top of the
//! body the caller already holds.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use smithy_client_runtime::xml::{XmlErrorKind, parse};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

#[allow(unsafe_code)]
// SAFETY: delegates to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes allocated at the peak of `f`, above what was live when it started.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

// One test function: the counters are global, so parallel tests would disturb each other.
#[test]
fn hostile_bodies_parse_in_bounded_memory() {
    // 100 MiB text node: rejected once the 16 MiB text limit is passed, and nothing of the
    // text is copied (the limit is checked on the borrowed slice).
    let mut body = vec![b'x'; 100 << 20];
    body[..3].copy_from_slice(b"<a>");
    let end = body.len() - 4;
    body[end..].copy_from_slice(b"</a>");
    let (result, peak) = peak_during(|| parse(&body).map(|_| ()));
    assert_eq!(result.unwrap_err().kind(), XmlErrorKind::TextTooLong);
    println!("100 MiB text node: peak {peak} bytes above the body");
    assert!(peak < 4 << 20, "peak {peak}");
    drop(body);

    // Billion laughs: rejected at the DOCTYPE, before any entity is looked at.
    let lol = format!(
        "<!DOCTYPE l [<!ENTITY a \"{}\">{}]><l>&e;</l>",
        "lol".repeat(10),
        (b'b'..=b'e')
            .map(|c| format!(
                "<!ENTITY {} \"{}\">",
                c as char,
                format!("&{};", (c - 1) as char).repeat(10)
            ))
            .collect::<String>()
    );
    let (result, peak) = peak_during(|| parse(lol.as_bytes()).map(|_| ()));
    assert_eq!(result.unwrap_err().kind(), XmlErrorKind::DtdNotAllowed);
    assert!(peak < 64 << 10, "peak {peak}");

    // 100,000 deep: stopped at depth 128.
    let deep = "<a>".repeat(100_000);
    let (result, peak) = peak_during(|| parse(deep.as_bytes()).map(|_| ()));
    assert_eq!(result.unwrap_err().kind(), XmlErrorKind::TooDeep);
    assert!(peak < 2 << 20, "peak {peak}");

    // A well-formed 10 MiB document costs a small multiple of its size.
    let wide = "<r>".to_owned() + &"<m>value</m>".repeat(10 << 20 >> 4) + "</r>";
    let (result, peak) =
        peak_during(|| parse(wide.as_bytes()).map(|d| d.root().children().count()));
    assert_eq!(result.unwrap(), 10 << 20 >> 4);
    println!("{} byte document: peak {peak} bytes", wide.len());
    // About 9x for elements this small (one 40-byte arena node per 12-byte element, plus
    // vector growth); realistic AWS documents have longer names and values.
    assert!(peak < 10 * wide.len(), "peak {peak}");
}
