//! Calls the book store with a bearer token and a base URL: pings it, adds a book, lists a
//! shelf page by page and downloads a file.
//!
//! ```text
//! BOOKSTORE_URL=https://books.example.com BOOKSTORE_TOKEN=... \
//!   cargo run -p bookstore --example bookstore -- fiction
//! ```
//!
//! No region and no AWS credentials: the service is not an AWS service, and its model says
//! it takes a bearer token (`@httpBearerAuth`).

use std::process::ExitCode;

use bookstore::Client;
use bookstore::config::Config;
use bookstore::operation::get_book::GetBookError;

#[tokio::main]
async fn main() -> ExitCode {
    let shelf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fiction".to_owned());
    let (Ok(url), Ok(token)) = (
        std::env::var("BOOKSTORE_URL"),
        std::env::var("BOOKSTORE_TOKEN"),
    ) else {
        eprintln!("set BOOKSTORE_URL (the service's base URL) and BOOKSTORE_TOKEN");
        return ExitCode::from(2);
    };
    match run(&url, &token, &shelf).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(url: &str, token: &str, shelf: &str) -> Result<(), Box<dyn std::error::Error>> {
    // The whole configuration of a service outside AWS: where it is, and the token.
    let client = Client::new(
        Config::builder()
            .endpoint_url(url)
            .bearer_token(token)
            .build(),
    );

    // `@auth([])`: sent without the token.
    let ping = client.ping().send().await?;
    println!("service status: {}", ping.status());

    let created = client
        .create_book()
        .shelf(shelf)
        .book_id("b-1969")
        .title("The Left Hand of Darkness")
        .author("Ursula K. Le Guin")
        .year(1969)
        .send()
        .await?;
    println!("added {:?}", created.book().title());

    // Every page of the shelf (the paginator sends `pageToken` until there is none).
    let books = client
        .list_books()
        .shelf(shelf)
        .into_paginator()
        .page_size(50)
        .items()
        .collect_all()
        .await?;
    for book in &books {
        println!("{}: {} ({})", book.id(), book.title(), book.author());
    }

    // A modeled error is a typed value.
    match client
        .get_book()
        .shelf(shelf)
        .book_id("no-such-book")
        .send()
        .await
    {
        Ok(found) => println!("found {}", found.book().title()),
        Err(e) => match e.as_service_error() {
            Some(GetBookError::NotFound(missing)) => println!("not found: {}", missing.message()),
            _ => return Err(e.into()),
        },
    }

    // The file is streamed: read chunk by chunk, never held whole.
    let mut file = client
        .download_book_file()
        .book_id("b-1969")
        .path("chapters/01.txt")
        .send()
        .await?;
    let mut size = 0;
    while let Some(chunk) = file.content.next().await {
        size += chunk?.len();
    }
    println!(
        "chapter 1: {size} bytes of {}",
        file.content_type().unwrap_or("unknown type")
    );
    Ok(())
}
