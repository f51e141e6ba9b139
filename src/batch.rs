//! Batch: converts a folder of plans in parallel and writes datasets (issue 9). Not built yet.
