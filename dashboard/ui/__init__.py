"""What the pages share: the signed-in session, the page registry, cached reads, small widgets.

Everything here may use Streamlit; nothing here builds SQL (that is the store's job).
"""
