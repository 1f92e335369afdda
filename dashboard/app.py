"""The page script: every browser session runs this on every rerun.

Served through dashboard/asgi.py (st.App with the app's routes and middleware):
`humas run`, or `streamlit run dashboard/asgi.py`. Tests run it directly (AppTest).
Each run waits for its turn at the process's gate (serve/gate.py): runs queue,
first come first served, instead of all sharing the processor at once.
"""

from dashboard.serve.gate import runs
from dashboard.ui import shell

with runs.turn():
    shell.main()
