"""Figures assembled for a caller: store reads in, kpi functions over them, dataclasses out.

The one place that joins the store and kpi, so pages, the command line,
reports and the meeting screen all show the same numbers. No SQL (the store
has it), no Streamlit (pages wrap these calls in their caches).
"""
