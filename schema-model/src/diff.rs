//! The migration planner: the statements that take a database from one snapshot to another.
