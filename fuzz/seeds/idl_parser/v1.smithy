$version: "1.0"
namespace example.v1

integer Count

structure S {
    c: Count
    p: PrimitiveInteger
    @box
    b: Integer
}
