"""Reports: CSV, XLSX and PDF exports of a scope over a period, and the daily WhatsApp recap.

The figures come from `dashboard.service.report` (the dashboard's own
figures); this package only lays them out. `export.py` ties the two together
for the page and the command line.
"""
