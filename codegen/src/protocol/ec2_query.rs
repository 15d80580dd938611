//! ec2Query: awsQuery's generator ([`super::aws_query::QueryProtocol`]) in the EC2 dialect.
//! Keys are `@ec2QueryName`, else the capitalised `@xmlName`, else the capitalised member
//! name; lists are always flattened (`Name.N`) and empty ones are not sent; the output is the
//! children of `<OpResponse>` (no Result wrapper); errors are `<Response><Errors><Error>`.

use super::aws_query::QueryProtocol;
use super::query_body::Dialect;

/// The ec2Query generator.
pub static EC2_QUERY: QueryProtocol = QueryProtocol {
    dialect: Dialect::Ec2Query,
};
