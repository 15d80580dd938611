//! The example service outside AWS (`examples/bookstore/`), as its users would call it: the
//! generated `bookstore` crate against a hyper server on 127.0.0.1 that plays the book store.
//! The server checks what a real one would (the bearer token, paths, query strings, headers
//! and JSON bodies) and answers pages, a file download and each modeled error.
//!
//! No region, no AWS credentials, no AWS endpoint anywhere: a base URL and a token.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bookstore::Client;
use bookstore::config::Config;
use bookstore::error::SdkError;
use bookstore::operation::create_book::CreateBookError;
use bookstore::operation::get_book::GetBookError;
use bookstore::operation::list_books::ListBooksError;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const TOKEN: &str = "bookstore-secret-token";
/// Upper bound for every test here, so a bug can never hang CI.
const TEST_LIMIT: Duration = Duration::from_secs(30);

/// What the server saw of one request.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    /// Path and query as received (still percent-encoded).
    target: String,
    authorization: Option<String>,
    headers: hyper::HeaderMap,
    body: Bytes,
}

type Reply = (u16, Vec<(&'static str, String)>, Bytes);

fn json_reply(status: u16, body: Value) -> Reply {
    (
        status,
        vec![("content-type", "application/json".to_owned())],
        Bytes::from(body.to_string()),
    )
}

/// A modeled error, named the restJson1 way (`X-Amzn-Errortype`).
fn error_reply(status: u16, name: &str, body: Value) -> Reply {
    let (status, mut headers, body) = json_reply(status, body);
    headers.push(("x-amzn-errortype", name.to_owned()));
    (status, headers, body)
}

/// The five books of shelf `fiction`, served two per page.
fn fiction() -> Vec<Value> {
    (1..=5)
        .map(|i| json!({"id": format!("b{i}"), "title": format!("Book {i}"), "author": "Le Guin"}))
        .collect()
}

/// The book store's routes. Everything but `/ping` needs the bearer token.
fn route(seen: &Seen) -> Reply {
    let (path, query) = seen
        .target
        .split_once('?')
        .unwrap_or((seen.target.as_str(), ""));
    if path == "/ping" {
        return json_reply(200, json!({"status": "ok"}));
    }
    if seen.authorization.as_deref() != Some(&format!("Bearer {TOKEN}")) {
        return error_reply(
            401,
            "Unauthorized",
            json!({"message": "bad or missing token"}),
        );
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (seen.method.as_str(), segments.as_slice()) {
        ("GET", ["shelves", "fiction", "books", "missing"]) => error_reply(
            404,
            "NotFound",
            json!({"message": "no book missing on shelf fiction", "resourceId": "missing"}),
        ),
        ("GET", ["shelves", "fiction", "books", id]) => {
            let (status, mut headers, body) = json_reply(
                200,
                json!({"id": id, "title": "The Dispossessed", "author": "Le Guin", "year": 1974}),
            );
            headers.push(("etag", "\"v1\"".to_owned()));
            (status, headers, body)
        }
        ("PUT", ["shelves", "fiction", "books", id]) => {
            let input: Value = serde_json::from_slice(&seen.body).unwrap_or(Value::Null);
            if *id == "dup" {
                return error_reply(409, "Conflict", json!({"message": "book dup exists"}));
            }
            if input["title"].as_str().is_none_or(str::is_empty) {
                return error_reply(
                    400,
                    "ValidationError",
                    json!({"message": "invalid book", "fields": [
                        {"path": "/title", "reason": "must not be empty"}
                    ]}),
                );
            }
            let mut book = input.clone();
            book["id"] = json!(id);
            json_reply(201, json!({ "book": book }))
        }
        ("GET", ["shelves", "fiction", "books"]) => {
            let page = match query_param(query, "pageToken").as_deref() {
                None => 0,
                Some("p2") => 1,
                Some("p3") => 2,
                Some(other) => {
                    return error_reply(
                        400,
                        "ValidationError",
                        json!({"message": format!("bad page token {other}")}),
                    );
                }
            };
            let size: usize = query_param(query, "pageSize")
                .and_then(|s| s.parse().ok())
                .unwrap_or(2);
            let books: Vec<Value> = fiction().into_iter().skip(page * size).take(size).collect();
            let next = match page {
                0 => Some("p2"),
                1 => Some("p3"),
                _ => None,
            };
            json_reply(200, json!({"books": books, "nextToken": next}))
        }
        ("GET", ["shelves", _, "books"]) => {
            error_reply(404, "NotFound", json!({"message": "no such shelf"}))
        }
        ("GET", ["books", "b1", "files", rest @ ..]) => {
            // The greedy label keeps its slashes; the rest is percent-encoded.
            assert_eq!(rest.join("/"), "chapters/01%20opening.txt");
            (
                200,
                vec![("content-type", "text/plain".to_owned())],
                Bytes::from_static(b"Chapter 1. The wall.\n"),
            )
        }
        _ => error_reply(404, "NotFound", json!({"message": "no route"})),
    }
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

struct BookstoreServer {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for BookstoreServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl BookstoreServer {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let log = seen.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let log = log.clone();
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body
                                .collect()
                                .await
                                .map(|b| b.to_bytes())
                                .unwrap_or_default();
                            let seen = Seen {
                                method: parts.method.to_string(),
                                target: parts
                                    .uri
                                    .path_and_query()
                                    .map(|pq| pq.as_str().to_owned())
                                    .unwrap_or_default(),
                                authorization: parts
                                    .headers
                                    .get("authorization")
                                    .and_then(|v| v.to_str().ok())
                                    .map(str::to_owned),
                                headers: parts.headers,
                                body,
                            };
                            let (status, headers, body) = route(&seen);
                            log.lock().unwrap_or_else(|e| e.into_inner()).push(seen);
                            let mut response = hyper::Response::new(Full::new(body));
                            *response.status_mut() =
                                hyper::StatusCode::from_u16(status).unwrap_or_default();
                            for (name, value) in headers {
                                if let Ok(v) = hyper::header::HeaderValue::from_str(&value) {
                                    response.headers_mut().insert(name, v);
                                }
                            }
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self {
            url: format!("http://{addr}/"),
            seen,
            task,
        }
    }

    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// A client as the README shows it: base URL and bearer token, nothing else.
    fn client(&self) -> Client {
        Client::new(
            Config::builder()
                .endpoint_url(&self.url)
                .bearer_token(TOKEN)
                .build(),
        )
    }
}

/// The bytes of a downloaded file: the payload is a `ByteStream`, read to its end.
async fn file_bytes(
    output: bookstore::operation::download_book_file::DownloadBookFileOutput,
) -> Vec<u8> {
    output
        .content
        .collect()
        .await
        .expect("the download reads to its end")
        .to_vec()
}

#[tokio::test]
async fn get_book_sends_the_token_label_and_header_and_reads_payload_and_etag() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        let out = server
            .client()
            .get_book()
            .shelf("fiction")
            .book_id("b 1/x")
            .if_none_match("\"v0\"")
            .send()
            .await
            .expect("GetBook");
        assert_eq!(out.book().title(), "The Dispossessed");
        assert_eq!(out.book().year(), Some(1974));
        assert_eq!(out.etag(), Some("\"v1\""));
        let seen = server.take();
        assert_eq!(seen.len(), 1);
        let req = &seen[0];
        assert_eq!(req.method, "GET");
        // A non-greedy label encodes `/` too.
        assert_eq!(req.target, "/shelves/fiction/books/b%201%2Fx");
        assert_eq!(
            req.authorization.as_deref(),
            Some("Bearer bookstore-secret-token")
        );
        assert_eq!(req.headers["if-none-match"], "\"v0\"");
        // Nothing AWS: no SigV4 headers.
        for aws in ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            assert!(!req.headers.contains_key(aws), "{aws} sent");
        }
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn create_book_sends_a_json_body_and_header_and_reads_the_201() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        let out = server
            .client()
            .create_book()
            .shelf("fiction")
            .book_id("b9")
            .title("The Left Hand of Darkness")
            .author("Le Guin")
            .year(1969)
            .tags("classic")
            .tags("sf")
            .requested_by("librarian")
            .send()
            .await
            .expect("CreateBook");
        assert_eq!(out.book().id(), "b9");
        assert_eq!(out.book().tags(), ["classic", "sf"]);
        let seen = server.take();
        let req = &seen[0];
        assert_eq!(req.method, "PUT");
        assert_eq!(req.target, "/shelves/fiction/books/b9");
        assert_eq!(req.headers["content-type"], "application/json");
        assert_eq!(req.headers["x-requested-by"], "librarian");
        let body: Value = serde_json::from_slice(&req.body).expect("a JSON body");
        assert_eq!(
            body,
            json!({"title": "The Left Hand of Darkness", "author": "Le Guin", "year": 1969,
                   "tags": ["classic", "sf"]})
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn list_books_pages_through_every_book_with_query_parameters() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        let books = server
            .client()
            .list_books()
            .shelf("fiction")
            .author("Le Guin")
            .into_paginator()
            .page_size(2)
            .items()
            .collect_all()
            .await
            .expect("ListBooks pages");
        let ids: Vec<&str> = books.iter().map(|b| b.id()).collect();
        assert_eq!(ids, ["b1", "b2", "b3", "b4", "b5"]);
        let targets: Vec<String> = server.take().into_iter().map(|s| s.target).collect();
        assert_eq!(
            targets,
            [
                "/shelves/fiction/books?author=Le%20Guin&pageSize=2",
                "/shelves/fiction/books?author=Le%20Guin&pageSize=2&pageToken=p2",
                "/shelves/fiction/books?author=Le%20Guin&pageSize=2&pageToken=p3",
            ]
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn download_book_file_uses_the_greedy_label_and_returns_the_bytes() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        let out = server
            .client()
            .download_book_file()
            .book_id("b1")
            .path("chapters/01 opening.txt")
            .send()
            .await
            .expect("DownloadBookFile");
        assert_eq!(out.content_type(), Some("text/plain"));
        assert_eq!(file_bytes(out).await, b"Chapter 1. The wall.\n");
        assert_eq!(
            server.take()[0].target,
            "/books/b1/files/chapters/01%20opening.txt"
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn ping_is_a_no_auth_operation_and_sends_no_authorization() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        // Even with a token configured, `@auth([])` sends none.
        let out = server.client().ping().send().await.expect("Ping");
        assert_eq!(out.status(), "ok");
        // And a client with no identity at all can call it.
        let anonymous = Client::new(Config::builder().endpoint_url(&server.url).build());
        anonymous.ping().send().await.expect("anonymous Ping");
        for req in server.take() {
            assert_eq!(req.authorization, None, "{req:?}");
        }
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn modeled_errors_come_back_typed_with_their_members() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        let client = server.client();

        // 404 NotFound with a message and the missing id.
        let err = client
            .get_book()
            .shelf("fiction")
            .book_id("missing")
            .send()
            .await
            .expect_err("a missing book");
        match err.as_service_error() {
            Some(GetBookError::NotFound(e)) => {
                assert_eq!(e.message(), "no book missing on shelf fiction");
                assert_eq!(e.resource_id(), Some("missing"));
            }
            other => panic!("expected NotFound, got {other:?} ({err})"),
        }
        assert!(err.to_string().contains("NotFound"), "{err}");

        // 409 Conflict.
        let err = client
            .create_book()
            .shelf("fiction")
            .book_id("dup")
            .title("Again")
            .author("Someone")
            .send()
            .await
            .expect_err("a duplicate");
        match err.as_service_error() {
            Some(CreateBookError::Conflict(e)) => assert_eq!(e.message(), "book dup exists"),
            other => panic!("expected Conflict, got {other:?} ({err})"),
        }

        // 400 ValidationError (a service-wide error) with its field list.
        let err = client
            .create_book()
            .shelf("fiction")
            .book_id("b10")
            .title("")
            .author("Someone")
            .send()
            .await
            .expect_err("an empty title");
        match err.as_service_error() {
            Some(CreateBookError::ValidationError(e)) => {
                assert_eq!(e.message(), "invalid book");
                assert_eq!(e.fields()[0].path(), "/title");
                assert_eq!(e.fields()[0].reason(), "must not be empty");
            }
            other => panic!("expected ValidationError, got {other:?} ({err})"),
        }

        // 404 on a list call too.
        let err = client
            .list_books()
            .shelf("poetry")
            .send()
            .await
            .expect_err("an unknown shelf");
        assert!(
            matches!(err.as_service_error(), Some(ListBooksError::NotFound(_))),
            "{err:?}"
        );
    })
    .await
    .expect("test timed out");
}

#[tokio::test]
async fn a_missing_token_or_base_url_is_a_clear_error_before_sending() {
    tokio::time::timeout(TEST_LIMIT, async {
        let server = BookstoreServer::start().await;
        let no_token = Client::new(Config::builder().endpoint_url(&server.url).build());
        let err = no_token
            .get_book()
            .shelf("fiction")
            .book_id("b1")
            .send()
            .await
            .expect_err("no token");
        assert!(matches!(err, SdkError::Construction(_)), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("smithy.api#httpBearerAuth"), "{text}");
        assert!(text.contains("bearer_token(..)"), "{text}");

        let no_url = Client::new(Config::builder().bearer_token(TOKEN).build());
        let err = no_url.ping().send().await.expect_err("no base URL");
        let text = err.to_string();
        assert!(text.contains("endpoint_url"), "{text}");
        assert!(!text.contains("region"), "{text}");
        assert!(server.take().is_empty(), "nothing was sent");
    })
    .await
    .expect("test timed out");
}
