$version: "2"
namespace example.bad

string Name

integer Name
