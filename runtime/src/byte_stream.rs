//! [`ByteStream`]: the type of `@streaming` blob members, for uploads and downloads alike.
//!
//! ```no_run
//! # async fn demo() -> Result<(), smithy_client_runtime::byte_stream::ByteStreamError> {
//! use smithy_client_runtime::ByteStream;
//!
//! // Uploads: from memory, from a file (re-readable, so retries and signing work), or from
//! // any async reader of known length (sent once, as it is read).
//! let small = ByteStream::from("hello");
//! let file = ByteStream::from_path("archive.tar").await?;
//! let piped = ByteStream::from_reader(tokio::io::empty(), 0);
//!
//! // Downloads: read chunk by chunk, never held whole...
//! # let mut download = ByteStream::from("x");
//! while let Some(chunk) = download.next().await {
//!     let chunk = chunk?;
//!     // write `chunk` somewhere
//! }
//! // ...or collected, with a bound.
//! # let download = ByteStream::from("x");
//! let bytes = download.collect_with_limit(10 * 1024 * 1024).await?.into_bytes();
//! # Ok(()) }
//! ```

use std::error::Error;
use std::fmt;
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use tokio::io::{AsyncRead, ReadBuf};

use crate::transport::{BoxByteStream, BoxError, CollectError, SdkBody};

/// Chunk size for reading files and readers: large enough for throughput, small enough that
/// many concurrent transfers stay cheap.
const CHUNK_SIZE: usize = 64 * 1024;

/// A stream of bytes: the body of a `@streaming` blob member.
///
/// Reading it (with [`next`](Self::next), as a [`Stream`], or through
/// [`into_async_read`](Self::into_async_read)) consumes it.
#[derive(Debug, Default)]
pub struct ByteStream {
    body: SdkBody,
}

/// Reading a [`ByteStream`] failed.
#[derive(Debug)]
pub struct ByteStreamError {
    kind: ByteStreamErrorKind,
}

#[derive(Debug)]
enum ByteStreamErrorKind {
    Io(io::Error),
    TooLarge(usize),
    Read(BoxError),
}

impl ByteStreamError {
    fn read(error: BoxError) -> Self {
        // An I/O error stays an `io::Error` (its kind matters to callers).
        match error.downcast::<io::Error>() {
            Ok(io) => Self {
                kind: ByteStreamErrorKind::Io(*io),
            },
            Err(other) => Self {
                kind: ByteStreamErrorKind::Read(other),
            },
        }
    }

    /// The checksum mismatch that ended a download whose response checksum was checked
    /// (flexible checksums: [`crate::checksum`]).
    pub fn checksum_mismatch(&self) -> Option<&crate::checksum::ChecksumMismatch> {
        match &self.kind {
            ByteStreamErrorKind::Read(e) => e.downcast_ref(),
            _ => None,
        }
    }

    /// Whether [`ByteStream::collect_with_limit`] stopped at its limit.
    pub fn is_too_large(&self) -> bool {
        matches!(self.kind, ByteStreamErrorKind::TooLarge(_))
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ByteStreamErrorKind::Io(e) => write!(f, "reading the byte stream failed: {e}"),
            ByteStreamErrorKind::TooLarge(limit) => {
                write!(f, "byte stream larger than the limit of {limit} bytes")
            }
            ByteStreamErrorKind::Read(e) => write!(f, "reading the byte stream failed: {e}"),
        }
    }
}

impl Error for ByteStreamError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            ByteStreamErrorKind::Io(e) => Some(e),
            ByteStreamErrorKind::TooLarge(_) => None,
            ByteStreamErrorKind::Read(e) => Some(e.as_ref()),
        }
    }
}

impl From<ByteStreamError> for io::Error {
    fn from(e: ByteStreamError) -> Self {
        match e.kind {
            ByteStreamErrorKind::Io(io) => io,
            _ => io::Error::other(e),
        }
    }
}

/// The bytes of a whole [`ByteStream`], from [`ByteStream::collect`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AggregatedBytes(Bytes);

impl AggregatedBytes {
    /// The bytes.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// A copy as a `Vec`.
    pub fn to_vec(&self) -> Vec<u8> {
        self.0.to_vec()
    }
}

impl ByteStream {
    /// Wraps a body.
    pub fn new(body: SdkBody) -> Self {
        Self { body }
    }

    /// A stream over static bytes.
    pub fn from_static(bytes: &'static [u8]) -> Self {
        Self::new(SdkBody::from(bytes))
    }

    /// A stream over a file, read in chunks as it is sent. The length is taken now and sent
    /// as `Content-Length`; the file is reopened for each retry and, where a service needs a
    /// hash of the whole body before it is sent (Glacier's tree hash), read once more to
    /// compute it. A file that shrinks before it is read fails the read; bytes beyond the
    /// length taken now are not sent.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self, ByteStreamError> {
        let path = path.as_ref().to_path_buf();
        let io_error = |e: io::Error| {
            let message = format!("{}: {e}", path.display());
            ByteStreamError {
                kind: ByteStreamErrorKind::Io(io::Error::new(e.kind(), message)),
            }
        };
        let metadata = tokio::fs::metadata(&path).await.map_err(io_error)?;
        if !metadata.is_file() {
            return Err(io_error(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a regular file",
            )));
        }
        let length = metadata.len();
        let rebuild = move || -> BoxByteStream {
            let path = path.clone();
            Box::pin(ReaderStream::opening(path, length))
        };
        Ok(Self::new(SdkBody::retryable_stream(rebuild, Some(length))))
    }

    /// A stream over `reader`, which must yield exactly `length` bytes (sent as
    /// `Content-Length`). It is read once, as the request is sent, so a call that sends it is
    /// not retried, and a service that needs a hash of the whole body before it is sent
    /// (Glacier) refuses it before sending (use [`from_path`](Self::from_path) or bytes in
    /// memory there). SigV4 signs it as `UNSIGNED-PAYLOAD`.
    pub fn from_reader(reader: impl AsyncRead + Send + 'static, length: u64) -> Self {
        let stream = ReaderStream::new(Box::pin(reader), length);
        Self::new(SdkBody::from_stream(Box::pin(stream), Some(length)))
    }

    /// A one-shot stream over any `Stream` of chunks, read as the request is sent. With a
    /// `length` it is sent with `Content-Length` (the stream must yield exactly that many
    /// bytes); without one, with chunked transfer encoding, which `@requiresLength` operations
    /// and most AWS services refuse. Like [`from_reader`](Self::from_reader), it is not retried.
    pub fn from_stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        struct Boxed<S>(Pin<Box<S>>);
        impl<S, E> Stream for Boxed<S>
        where
            S: Stream<Item = Result<Bytes, E>>,
            E: Into<BoxError>,
        {
            type Item = Result<Bytes, BoxError>;
            fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
                let inner = self.get_mut().0.as_mut();
                inner
                    .poll_next(cx)
                    .map(|next| next.map(|r| r.map_err(Into::into)))
            }
        }
        Self::new(SdkBody::from_stream(
            Box::pin(Boxed(Box::pin(stream))),
            length,
        ))
    }

    /// The length in bytes, when known.
    pub fn content_length(&self) -> Option<u64> {
        self.body.content_length()
    }

    /// The bytes, when the stream is in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        self.body.bytes()
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole stream into memory. Unbounded: for downloads of unknown size prefer
    /// [`collect_with_limit`](Self::collect_with_limit).
    pub async fn collect(self) -> Result<AggregatedBytes, ByteStreamError> {
        self.collect_with_limit(usize::MAX).await
    }

    /// Reads the whole stream into memory, failing once it is longer than `limit` bytes.
    pub async fn collect_with_limit(
        self,
        limit: usize,
    ) -> Result<AggregatedBytes, ByteStreamError> {
        match self.body.collect_limited(limit).await {
            Ok(bytes) => Ok(AggregatedBytes(bytes)),
            Err(CollectError::TooLarge(limit)) => Err(ByteStreamError {
                kind: ByteStreamErrorKind::TooLarge(limit),
            }),
            Err(CollectError::Read(e)) => Err(ByteStreamError::read(e)),
        }
    }

    /// The stream as a Tokio [`AsyncRead`] (for `tokio::io::copy` into a file).
    pub fn into_async_read(self) -> impl AsyncRead + Send + Sync + Unpin + 'static {
        StreamReader {
            stream: self,
            chunk: Bytes::new(),
        }
    }

    /// The underlying body (for the request pipeline).
    pub fn into_inner(self) -> SdkBody {
        self.body
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().body)
            .poll_next(cx)
            .map(|next| next.map(|chunk| chunk.map_err(ByteStreamError::read)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.body.size_hint()
    }
}

impl From<SdkBody> for ByteStream {
    fn from(body: SdkBody) -> Self {
        Self::new(body)
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(SdkBody::from(bytes))
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(SdkBody::from(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(SdkBody::from(text))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::new(SdkBody::from(text))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(SdkBody::from(bytes))
    }
}

type BoxReader = Pin<Box<dyn AsyncRead + Send + 'static>>;

/// Reads an [`AsyncRead`] in chunks, exactly `remaining` bytes: a reader that ends early is an
/// error (the declared `Content-Length` would be a lie), bytes beyond it are not read.
struct ReaderStream {
    state: ReaderState,
    remaining: u64,
}

enum ReaderState {
    /// A file not opened yet (opening is itself asynchronous).
    Opening(Pin<Box<dyn std::future::Future<Output = io::Result<tokio::fs::File>> + Send>>),
    Reading(BoxReader),
    Done,
}

impl ReaderStream {
    fn new(reader: BoxReader, length: u64) -> Self {
        Self {
            state: ReaderState::Reading(reader),
            remaining: length,
        }
    }

    fn opening(path: std::path::PathBuf, length: u64) -> Self {
        Self {
            state: ReaderState::Opening(Box::pin(tokio::fs::File::open(path))),
            remaining: length,
        }
    }
}

impl Stream for ReaderStream {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                ReaderState::Done => return Poll::Ready(None),
                ReaderState::Opening(open) => match open.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(file)) => this.state = ReaderState::Reading(Box::pin(file)),
                    Poll::Ready(Err(e)) => {
                        this.state = ReaderState::Done;
                        return Poll::Ready(Some(Err(Box::new(e))));
                    }
                },
                ReaderState::Reading(reader) => {
                    if this.remaining == 0 {
                        this.state = ReaderState::Done;
                        return Poll::Ready(None);
                    }
                    let want = usize::try_from(this.remaining)
                        .unwrap_or(usize::MAX)
                        .min(CHUNK_SIZE);
                    let mut buf = BytesMut::zeroed(want);
                    let mut read_buf = ReadBuf::new(&mut buf);
                    match reader.as_mut().poll_read(cx, &mut read_buf) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Err(e)) => {
                            this.state = ReaderState::Done;
                            return Poll::Ready(Some(Err(Box::new(e))));
                        }
                        Poll::Ready(Ok(())) => {
                            let n = read_buf.filled().len();
                            if n == 0 {
                                this.state = ReaderState::Done;
                                let e = io::Error::new(
                                    io::ErrorKind::UnexpectedEof,
                                    format!(
                                        "the source ended {} bytes before its declared length",
                                        this.remaining
                                    ),
                                );
                                return Poll::Ready(Some(Err(Box::new(e))));
                            }
                            buf.truncate(n);
                            this.remaining -= n as u64;
                            return Poll::Ready(Some(Ok(buf.freeze())));
                        }
                    }
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

/// A [`ByteStream`] read through [`AsyncRead`].
struct StreamReader {
    stream: ByteStream,
    chunk: Bytes,
}

impl AsyncRead for StreamReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.chunk.is_empty() {
            match Pin::new(&mut this.stream).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Err(e.into())),
                Poll::Ready(Some(Ok(chunk))) => this.chunk = chunk,
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk.split_to(n));
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests;
