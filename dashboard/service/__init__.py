"""What callers ask of the data: figures assembled from store reads and kpi functions, and
every read or change a page makes, named for what the page needs.

The one place that joins the store and kpi, so pages, the command line,
reports and the meeting screen all show the same numbers; and the only way
pages reach the store (tests/test_layers.py). No SQL (the store has it), no
Streamlit (pages wrap these calls in their caches).
"""
