"""The ASGI entry point: the app's page script (app.py) served by Streamlit's st.App,
with the app's own routes and middleware in front (dashboard/web/).

Started with `streamlit run dashboard/asgi.py` (what `humas run` does): Streamlit
finds the `App` below, applies .streamlit/config.toml and the command-line
options, and serves it with uvicorn. One App per process.
"""

from starlette.middleware import Middleware
from streamlit.starlette import App

from dashboard.serve import script_gate
from dashboard.web.middleware import Guard
from dashboard.web.routes import routes

# Runs take the gate where Streamlit begins them and keep it until their answer is sent
# (serve/script_gate.py); app.py's own turn then passes through.
script_gate.install()
app = App("app.py", routes=routes(), middleware=[Middleware(Guard)])
