"""The store: the only package that speaks SQL.

db          connections, transactions, the data version
migrations  schema steps
access      who may read and write what
seed        reference data (metric kinds, the first unit list)
units, kinds, users, items, audit, settings   one repository each
"""
