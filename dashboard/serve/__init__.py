"""Serving: several Streamlit workers behind a local reverse proxy (nginx)."""
