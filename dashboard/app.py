"""The page script: every browser session runs this on every rerun.

Served through dashboard/asgi.py (st.App with the app's routes and middleware):
`humas run`, or `streamlit run dashboard/asgi.py`. Tests run it directly (AppTest).
Each run waits for its turn at the process's gate (serve/gate.py): runs queue,
first come first served, instead of all sharing the processor at once (a new
session's first run queues apart, served in turn with the others);
inside it the data version is read once for the whole run (ui/data.py).
"""

from dashboard.serve.gate import runs
from dashboard.ui import data, shell

with runs.turn(new=shell.first_run()), data.one_version_per_run():
    shell.main()
