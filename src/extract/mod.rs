//! Drafting a plan from its text (issue #8). Work in progress.
