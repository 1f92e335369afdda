"""Output items: each news article, post, release, coverage or covered event.

By job: `reads` (listings, one item, its history), `batches` (checked batches and bulk
loads), `edits` (compare-and-set edits and deletes), `conflicts` (links claimed by more
than one unit); `entry` holds what batches and edits share (rules, duplicates, claims).
One connection per thread: a connection is not shared by concurrent writers.
"""
