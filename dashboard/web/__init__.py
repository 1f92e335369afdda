"""The app's HTTP side: routes and middleware mounted with Streamlit through st.App.

dashboard/asgi.py builds the `App`; `humas run`, the workers and the systemd
units start it with `streamlit run dashboard/asgi.py`, which applies
.streamlit/config.toml as for any script.
"""
