"""Unit Kerja: the unit tree, searchable; a unit's place in it and the units below it."""

import pandas as pd
import streamlit as st

from dashboard import clock, orgtree
from dashboard.service.units import TYPE_ORDER
from dashboard.ui import data, session
from dashboard.ui.text import md_escape
from dashboard.words import UNIT_TYPE_LABELS as TYPE_LABELS

who = session.require_page("unit-kerja")
units = [u for u in data.units() if u.active]
by_id = orgtree.index(units)
kids = orgtree.children_map(units)

st.title("Unit Kerja")
st.caption("Struktur satker Kementerian Agama: Pusat, Kanwil, Kankemenag, PTKN, dan seterusnya.")

left, right = st.columns([3, 2])
query = left.text_input(
    "Cari unit", placeholder="nama, kode, atau provinsi — mis. kupang", key="q", bind="query-params"
)
present = sorted({u.type for u in units}, key=TYPE_ORDER.get)
types = right.pills(
    "Jenis",
    present,
    selection_mode="multi",
    format_func=TYPE_LABELS.get,
    key="jenis",
    bind="query-params",
)

found = orgtree.search(units, query or "")
if types:
    found = [u for u in found if u.type in types]
found.sort(key=lambda u: (TYPE_ORDER[u.type], u.province, u.name))

st.caption(f"{len(found)} unit")
table = pd.DataFrame(
    {
        "Nama": [u.name for u in found],
        "Kode": [u.code for u in found],
        "Jenis": [TYPE_LABELS[u.type] for u in found],
        "Induk": [by_id[u.parent_id].name if u.parent_id in by_id else "" for u in found],
        "Provinsi": [u.province for u in found],
        "Zona": [clock.abbrev(u.tz) for u in found],
        "Unit di bawahnya": [len(orgtree.descendants(u.id, kids)) for u in found],
    }
)
picked = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=380,
    on_select="rerun",
    selection_mode="single-row",
    key="unit_table",
)

rows = picked.selection.rows if picked else []
if not rows:
    st.caption("Pilih satu baris untuk melihat posisi unit dan unit di bawahnya.")
else:
    unit = found[rows[0]]
    st.divider()
    trail = " › ".join(md_escape(u.name) for u in orgtree.path(unit.id, by_id))
    st.markdown(f"**{md_escape(unit.name)}**")
    st.caption(trail)
    below = kids.get(unit.id, [])
    if below:
        st.dataframe(
            pd.DataFrame(
                {
                    "Nama": [u.name for u in below],
                    "Kode": [u.code for u in below],
                    "Jenis": [TYPE_LABELS[u.type] for u in below],
                    "Zona": [clock.abbrev(u.tz) for u in below],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("Tidak ada unit di bawah unit ini.")
