//! The orchestrator's schema.
