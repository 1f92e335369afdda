"""Entry point: `streamlit run dashboard/app.py` (or `humas run`)."""

from dashboard.ui import shell

shell.main()
