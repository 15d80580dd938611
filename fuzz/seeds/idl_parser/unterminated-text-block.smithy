$version: "2"
namespace example.bad

@documentation("""
    never closed
string Name
