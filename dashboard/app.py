"""The page script: every browser session runs this on every rerun.

Served through dashboard/asgi.py (st.App with the app's routes and middleware):
`humas run`, or `streamlit run dashboard/asgi.py`. Tests run it directly (AppTest).
"""

from dashboard.ui import shell

shell.main()
