$version: "2"
namespace example.bad

@documentation("a \q escape")
string Name
