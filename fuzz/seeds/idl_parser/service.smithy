$version: "2"
$operationInputSuffix: "Request"

metadata tags = ["a", "b"]

namespace example.fuzz

use smithy.test#httpRequestTests

/// A service.
@title("Fuzz")
service Svc {
    version: "2024-01-01"
    operations: [Get]
    resources: [Thing]
    rename: { "other#Name": "OtherName" }
}

resource Thing {
    identifiers: { id: String }
    properties: { size: Integer }
    read: Get
}

@readonly
operation Get {
    input := for Thing with [Base] {
        @required
        $id
    }
    output := {
        size: Integer = 0
        tags: Tags
    }
    errors: [Oops]
}

@mixin
structure Base {
    extra: String
}

@error("client")
structure Oops {
    message: String
}

list Tags {
    member: String
}

map Counts {
    key: String
    value: Integer
}

enum Color {
    RED = "red"
    GREEN
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

union Choice {
    a: String
    b: Blob
}

@documentation("""
    Text block with "quotes" and \t escapes.
      indented
    """)
string Name

apply Name @pattern("^[a-z]+$")
apply Oops {
    @retryable
    @httpError(400)
}
