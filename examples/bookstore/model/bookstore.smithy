$version: "2"

// A small book store API: the example of a service outside AWS. It uses restJson1 (the default
// protocol for HTTP services in Smithy), bearer-token auth, and no `aws.api#service` trait, so
// the generated client needs no region and no AWS credentials: a base URL and a token.
namespace example.bookstore

use aws.protocols#restJson1

/// The book store: shelves of books, each with downloadable files.
@restJson1
@httpBearerAuth
@title("Bookstore")
@paginated(inputToken: "nextToken", outputToken: "nextToken", pageSize: "maxResults")
service Bookstore {
    version: "2024-06-01"
    operations: [
        Ping
        GetBook
        CreateBook
        ListBooks
        DownloadBookFile
    ]
    errors: [
        ValidationError
    ]
}

/// Checks that the service is up. Needs no token.
@readonly
@auth([])
@http(method: "GET", uri: "/ping")
operation Ping {
    input := {}
    output := {
        /// `ok` when the service is up.
        @required
        status: String
    }
}

/// Gets one book of a shelf.
@readonly
@http(method: "GET", uri: "/shelves/{shelf}/books/{bookId}")
operation GetBook {
    input := {
        /// The shelf name.
        @required
        @httpLabel
        shelf: ShelfName

        /// The book id.
        @required
        @httpLabel
        bookId: BookId

        /// Return the book only if its entity tag differs (a cache check).
        @httpHeader("If-None-Match")
        ifNoneMatch: String
    }
    output := {
        /// The book.
        @required
        @httpPayload
        book: Book

        /// The entity tag of this version of the book.
        @httpHeader("ETag")
        etag: String
    }
    errors: [
        NotFound
    ]
}

/// Adds a book to a shelf.
@idempotent
@http(method: "PUT", uri: "/shelves/{shelf}/books/{bookId}", code: 201)
operation CreateBook {
    input := {
        /// The shelf name.
        @required
        @httpLabel
        shelf: ShelfName

        /// The new book's id.
        @required
        @httpLabel
        bookId: BookId

        /// The title.
        @required
        title: String

        /// The author.
        @required
        author: String

        /// Year of publication.
        year: Integer

        /// Free-form tags.
        tags: TagList

        /// Who asked for the book to be added (an audit header).
        @httpHeader("X-Requested-By")
        requestedBy: String
    }
    output := {
        /// The book as stored.
        @required
        book: Book
    }
    errors: [
        NotFound
        Conflict
    ]
}

/// Lists the books of a shelf, a page at a time.
@readonly
@paginated(items: "books")
@http(method: "GET", uri: "/shelves/{shelf}/books")
operation ListBooks {
    input := {
        /// The shelf name.
        @required
        @httpLabel
        shelf: ShelfName

        /// Only books by this author.
        @httpQuery("author")
        author: String

        /// The token of the next page, from the previous page.
        @httpQuery("pageToken")
        nextToken: String

        /// At most this many books per page (1 to 100).
        @httpQuery("pageSize")
        @range(min: 1, max: 100)
        maxResults: Integer
    }
    output := {
        /// The books of this page.
        @required
        books: BookList

        /// The token of the next page; absent on the last page.
        nextToken: String
    }
    errors: [
        NotFound
    ]
}

/// Downloads one file of a book (a chapter, a cover image); the path may have several
/// segments (`chapters/01.txt`).
@readonly
@http(method: "GET", uri: "/books/{bookId}/files/{path+}")
operation DownloadBookFile {
    input := {
        /// The book id.
        @required
        @httpLabel
        bookId: BookId

        /// The file's path inside the book, slashes included.
        @required
        @httpLabel
        path: String
    }
    output := {
        /// The file's bytes.
        @required
        @httpPayload
        content: FileContent

        /// The file's media type.
        @httpHeader("Content-Type")
        contentType: String
    }
    errors: [
        NotFound
    ]
}

/// A book.
structure Book {
    /// The book id.
    @required
    id: BookId

    /// The title.
    @required
    title: String

    /// The author.
    @required
    author: String

    /// Year of publication.
    year: Integer

    /// Free-form tags.
    tags: TagList
}

list BookList {
    member: Book
}

list TagList {
    member: String
}

/// A shelf name: lower-case letters, digits and hyphens.
@pattern("^[a-z0-9-]+$")
@length(min: 1, max: 64)
string ShelfName

/// A book id.
@length(min: 1, max: 64)
string BookId

/// A file's bytes, streamed.
@streaming
blob FileContent

/// The shelf, book or file does not exist.
@error("client")
@httpError(404)
structure NotFound {
    /// What was not found.
    @required
    message: String

    /// The id of the missing resource.
    resourceId: String
}

/// The request is not valid.
@error("client")
@httpError(400)
structure ValidationError {
    /// What is wrong.
    @required
    message: String

    /// The input fields that are wrong.
    fields: FieldList
}

/// One invalid input field.
structure Field {
    /// The field's path in the input.
    @required
    path: String

    /// Why it is invalid.
    @required
    reason: String
}

list FieldList {
    member: Field
}

/// A book with this id already exists.
@error("client")
@httpError(409)
structure Conflict {
    /// Which book.
    @required
    message: String
}
