//! The awsQuery/ec2Query form-body writer.
