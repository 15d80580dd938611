//! Pagination: streams of pages and of items for `@paginated` operations.
//!
//! Generated code supplies three small pieces per operation: a function that sends one page
//! request for a given continuation token (a normal call, so retries, timeouts and idempotency
//! tokens apply to every page), a function that reads the next token from an output, and, when
//! the operation names its items, a function that takes the items out of an output. Everything
//! else (when to stop, error handling, flattening) lives here once.
//!
//! Both streams implement [`futures_core::Stream`] and also offer an inherent
//! [`next`](PageStream::next) and [`collect_all`](PageStream::collect_all), so callers do not
//! need the `futures` crate:
//!
//! ```no_run
//! # use smithy_client_runtime::paginate::PageStream;
//! # async fn demo(mut pages: PageStream<Vec<u32>, std::io::Error>) {
//! while let Some(page) = pages.next().await {
//!     match page {
//!         Ok(page) => println!("{page:?}"),
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! # }
//! ```
//!
//! Tokens are of any type `T` that can be cloned and compared (`String` for most services, a
//! map of attribute values for DynamoDB's `ExclusiveStartKey`/`LastEvaluatedKey`, or a
//! structure). The streams are generic over it, but every operation of one token type shares
//! one instantiation, so generated crates compile the stream logic once per output type as
//! before.
//!
//! A stream stops after the page whose next token is absent or empty (what "empty" means is
//! the `is_empty` function the generated code passes: an empty string, an empty map or list,
//! or a structure with nothing set), and after a page whose next token equals (by value) the
//! token that requested it: a service that hands back the same token would otherwise make the
//! stream request the same page forever. The first error ends the stream too (it was already
//! retried according to the client's retry settings).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::SdkError;

/// The future of one page request.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

/// Sends the page request for a continuation token (`None`: the first page without a token).
pub type FetchPage<O, E, T = String> = Box<dyn FnMut(Option<T>) -> PageFuture<O, E> + Send>;

enum State<O, E, T> {
    /// The next request to send, with its token.
    Ready(Option<T>),
    /// A request in flight, with the token it was sent with.
    InFlight {
        future: PageFuture<O, E>,
        sent: Option<T>,
    },
    /// An error to report before stopping (input validation failed before any request).
    /// Boxed so the stream stays `Unpin` whatever `E` is.
    Failed(Box<SdkError<E>>),
    Done,
}

/// A stream of pages: `Result<Output, SdkError<Error>>`, one request per page, sent lazily when
/// the stream is polled. `T` is the continuation token's type.
pub struct PageStream<O, E, T = String> {
    fetch: Option<FetchPage<O, E, T>>,
    next_token: fn(&O) -> Option<&T>,
    is_empty: fn(&T) -> bool,
    state: State<O, E, T>,
}

impl<O, E, T: Clone + PartialEq> PageStream<O, E, T> {
    /// A stream that starts with `first_token` (normally the token the caller set on the input,
    /// usually none), sends pages with `fetch` and reads each page's next token with
    /// `next_token`. `is_empty` says whether a token means "no more pages".
    pub fn new(
        first_token: Option<T>,
        next_token: fn(&O) -> Option<&T>,
        is_empty: fn(&T) -> bool,
        fetch: impl FnMut(Option<T>) -> PageFuture<O, E> + Send + 'static,
    ) -> Self {
        Self {
            fetch: Some(Box::new(fetch)),
            next_token,
            is_empty,
            // An empty starting token means "from the beginning", like a missing one.
            state: State::Ready(first_token.filter(|t| !is_empty(t))),
        }
    }

    /// A stream that yields `error` once and ends: the input could not be built, so no request
    /// is sent.
    pub fn failed(error: SdkError<E>) -> Self {
        Self {
            fetch: None,
            next_token: |_| None,
            is_empty: |_| true,
            state: State::Failed(Box::new(error)),
        }
    }

    /// The next page, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Every page until the end, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<O>, SdkError<E>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<O, SdkError<E>>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Failed(e) => return Poll::Ready(Some(Err(*e))),
                State::Ready(token) => {
                    let Some(fetch) = self.fetch.as_mut() else {
                        return Poll::Ready(None);
                    };
                    let future = fetch(token.clone());
                    self.state = State::InFlight {
                        future,
                        sent: token,
                    };
                }
                State::InFlight { mut future, sent } => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.state = State::InFlight { future, sent };
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(page)) => {
                        self.state = match (self.next_token)(&page) {
                            None => State::Done,
                            Some(next) if (self.is_empty)(next) => State::Done,
                            Some(next) if sent.as_ref() == Some(next) => {
                                // The token itself is not logged: it is opaque service state
                                // and may hold key values.
                                tracing::warn!(
                                    "the service returned the token of the page just requested \
                                     as the next token; stopping pagination instead of looping"
                                );
                                State::Done
                            }
                            Some(next) => State::Ready(Some(next.to_owned())),
                        };
                        return Poll::Ready(Some(Ok(page)));
                    }
                },
            }
        }
    }
}

impl<O, E, T: Clone + PartialEq + Unpin> Stream for PageStream<O, E, T> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (boxes, function pointers and an `Unpin` token), so the stream
        // is too.
        self.get_mut().poll_page(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.state {
            State::Done => (0, Some(0)),
            State::Failed(_) => (1, Some(1)),
            _ => (0, None),
        }
    }
}

impl<O, E, T> fmt::Debug for PageStream<O, E, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Tokens are opaque service state and can be long; only the position is shown.
        let state = match &self.state {
            State::Ready(None) => "first page",
            State::Ready(Some(_)) => "next page",
            State::InFlight { .. } => "request in flight",
            State::Failed(_) => "failed",
            State::Done => "done",
        };
        f.debug_struct("PageStream").field("state", &state).finish()
    }
}

/// A stream of the items of every page, flattened: `Result<Item, SdkError<Error>>`. Map-valued
/// items come as `(key, value)` pairs.
pub struct ItemStream<O, E, C: IntoIterator, T = String> {
    pages: PageStream<O, E, T>,
    items: fn(O) -> C,
    current: Option<C::IntoIter>,
}

impl<O, E, C: IntoIterator, T: Clone + PartialEq> ItemStream<O, E, C, T>
where
    C::IntoIter: Unpin,
{
    /// Flattens `pages`, taking each page's items with `items`.
    pub fn new(pages: PageStream<O, E, T>, items: fn(O) -> C) -> Self {
        Self {
            pages,
            items,
            current: None,
        }
    }

    /// The next item, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<C::Item, SdkError<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every item until the end, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<C::Item>, SdkError<E>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<C::Item, SdkError<E>>>> {
        loop {
            if let Some(item) = self.current.as_mut().and_then(Iterator::next) {
                return Poll::Ready(Some(Ok(item)));
            }
            // The current page is used up (or there was none): fetch the next one. Empty pages
            // are skipped, which matters for services that return a token with no items.
            self.current = None;
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    self.current = Some((self.items)(page).into_iter());
                }
            }
        }
    }
}

impl<O, E, C: IntoIterator, T: Clone + PartialEq + Unpin> Stream for ItemStream<O, E, C, T>
where
    C::IntoIter: Unpin,
{
    type Item = Result<C::Item, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<O, E, C: IntoIterator, T> fmt::Debug for ItemStream<O, E, C, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ConstructionError;
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    #[derive(Debug)]
    struct Page {
        token: Option<String>,
        items: Vec<u32>,
    }

    type Log = Arc<Mutex<Vec<Option<String>>>>;

    /// A fake service: answers requests with `pages` in order and logs the token of each.
    fn stream(
        first: Option<&str>,
        pages: Vec<Result<Page, &'static str>>,
    ) -> (PageStream<Page, ConstructionError>, Log) {
        let log: Log = Arc::default();
        let pages = Arc::new(Mutex::new(VecDeque::from(pages)));
        let seen = log.clone();
        let s = PageStream::new(
            first.map(str::to_owned),
            |p: &Page| p.token.as_ref(),
            String::is_empty,
            move |token| {
                seen.lock().unwrap().push(token);
                let next = pages.lock().unwrap().pop_front();
                Box::pin(async move {
                    match next {
                        Some(Ok(p)) => Ok(p),
                        Some(Err(msg)) => Err(SdkError::Construction(ConstructionError::new(msg))),
                        None => Err(SdkError::Construction(ConstructionError::new(
                            "requested a page past the end",
                        ))),
                    }
                })
            },
        );
        (s, log)
    }

    fn page(token: Option<&str>, items: &[u32]) -> Result<Page, &'static str> {
        Ok(Page {
            token: token.map(str::to_owned),
            items: items.to_vec(),
        })
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn walks_pages_until_the_token_is_missing() {
        let (s, log) = stream(
            None,
            vec![
                page(Some("a"), &[1, 2]),
                page(Some("b"), &[3]),
                page(None, &[4]),
            ],
        );
        let pages = block_on(s.collect_all()).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(
            *log.lock().unwrap(),
            vec![None, Some("a".to_owned()), Some("b".to_owned())]
        );
    }

    #[test]
    fn an_empty_token_ends_the_stream() {
        let (s, log) = stream(None, vec![page(Some("a"), &[1]), page(Some(""), &[2])]);
        assert_eq!(block_on(s.collect_all()).unwrap().len(), 2);
        assert_eq!(log.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_repeated_token_ends_the_stream_after_that_page() {
        let (s, log) = stream(
            Some("start"),
            vec![
                page(Some("x"), &[1]),
                page(Some("x"), &[2]),
                page(None, &[3]),
            ],
        );
        let pages = block_on(s.collect_all()).unwrap();
        assert_eq!(pages.iter().map(|p| p.items[0]).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(
            *log.lock().unwrap(),
            vec![Some("start".to_owned()), Some("x".to_owned())]
        );
        // The caller's own starting token counts as "previous" for the first page.
        let (s, log) = stream(Some("same"), vec![page(Some("same"), &[1])]);
        assert_eq!(block_on(s.collect_all()).unwrap().len(), 1);
        assert_eq!(log.lock().unwrap().len(), 1);
    }

    #[test]
    fn items_flatten_and_skip_empty_pages() {
        let (s, _) = stream(
            None,
            vec![
                page(Some("a"), &[1, 2]),
                page(Some("b"), &[]),
                page(None, &[3]),
            ],
        );
        let items = block_on(ItemStream::new(s, |p: Page| p.items).collect_all()).unwrap();
        assert_eq!(items, [1, 2, 3]);
    }

    #[test]
    fn the_first_error_is_yielded_and_ends_the_stream() {
        let (mut s, log) = stream(
            None,
            vec![page(Some("a"), &[1]), Err("boom"), page(None, &[2])],
        );
        block_on(async {
            assert!(s.next().await.unwrap().is_ok());
            let err = s.next().await.unwrap().unwrap_err();
            assert!(err.to_string().contains("boom"), "{err}");
            assert!(s.next().await.is_none());
            assert!(s.next().await.is_none());
        });
        assert_eq!(log.lock().unwrap().len(), 2);

        let (s, _) = stream(None, vec![page(Some("a"), &[1]), Err("boom")]);
        let mut items = ItemStream::new(s, |p: Page| p.items);
        block_on(async {
            assert_eq!(items.next().await.unwrap().unwrap(), 1);
            assert!(items.next().await.unwrap().is_err());
            assert!(items.next().await.is_none());
        });
    }

    #[test]
    fn failed_yields_its_error_once_without_requests() {
        let mut s: PageStream<Page, ConstructionError> = PageStream::failed(
            SdkError::Construction(ConstructionError::new("missing Catalog")),
        );
        assert_eq!(Stream::size_hint(&s), (1, Some(1)));
        block_on(async {
            assert!(s.next().await.unwrap().is_err());
            assert!(s.next().await.is_none());
        });
        assert_eq!(Stream::size_hint(&s), (0, Some(0)));
    }

    #[test]
    fn streams_are_send_and_usable_through_the_stream_trait() {
        fn assert_send<T: Send>(_: &T) {}
        let (s, _) = stream(None, vec![page(Some("a"), &[1]), page(None, &[2, 3])]);
        assert_send(&s);
        let mut items = ItemStream::new(s, |p: Page| p.items);
        assert_send(&items);
        let collected = block_on(async {
            let mut out = Vec::new();
            while let Some(item) =
                std::future::poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await
            {
                out.push(item.unwrap());
            }
            out
        });
        assert_eq!(collected, [1, 2, 3]);
        assert!(format!("{items:?}").contains("done"));
    }

    #[test]
    fn map_tokens_page_compare_by_value_and_end_when_empty() {
        use std::collections::HashMap;
        type Key = HashMap<String, String>;
        struct MapPage {
            next: Option<Key>,
        }
        let key = |k: &str| Key::from([("pk".to_owned(), k.to_owned())]);
        let replies = Arc::new(Mutex::new(VecDeque::from([
            Some(key("a")),
            Some(key("b")),
            Some(Key::new()),
        ])));
        let log: Arc<Mutex<Vec<Option<Key>>>> = Arc::default();
        let seen = log.clone();
        let s: PageStream<MapPage, ConstructionError, Key> = PageStream::new(
            None,
            |p: &MapPage| p.next.as_ref(),
            HashMap::is_empty,
            move |token| {
                seen.lock().unwrap().push(token);
                let next = replies.lock().unwrap().pop_front().flatten();
                Box::pin(async move { Ok(MapPage { next }) })
            },
        );
        assert_eq!(block_on(s.collect_all()).unwrap().len(), 3);
        assert_eq!(
            *log.lock().unwrap(),
            vec![None, Some(key("a")), Some(key("b"))]
        );

        // A map equal by value to the one just sent ends the stream.
        let s: PageStream<MapPage, ConstructionError, Key> = PageStream::new(
            Some(key("x")),
            |p: &MapPage| p.next.as_ref(),
            HashMap::is_empty,
            move |_| {
                Box::pin(async move {
                    Ok(MapPage {
                        next: Some(key("x")),
                    })
                })
            },
        );
        assert_eq!(block_on(s.collect_all()).unwrap().len(), 1);
    }
}
