"""Pure functions that turn counts into the figures leaders check. No Streamlit, no SQL."""
