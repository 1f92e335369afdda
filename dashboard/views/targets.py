"""Target (admin): coordination goals as data — view, add, end; every change audited."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import clock, fmt, words
from dashboard.domain import Group, Scope, Target, TargetState, UnitType
from dashboard.kpi import goals
from dashboard.service import targets as target_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui.text import md_escape

GROUP_LABELS, PERIOD_LABELS, TYPE_LABELS = (
    words.GROUP_LABELS,
    words.PERIOD_LABELS,
    words.UNIT_TYPE_LABELS,
)

who = session.require_page("target")
units = [u for u in data.units() if u.active]
unit_names = {u.id: u.name for u in units}
kinds = data.kinds()
metric_labels = {g: f"Kelompok: {GROUP_LABELS[g]}" for g in Group} | {
    k.code: f"Jenis: {k.label}" for k in kinds
}
metric_group = {k.code: k.grp for k in kinds}
COUNTS_LABELS = {k: v.capitalize() for k, v in words.COUNTS_ON_LABELS.items()}
SCOPE_LABELS = {k: v.capitalize() for k, v in words.SCOPE_LABELS.items()}
today = clock.local_today(data.units_by_id()[session.own_unit(who)].tz)

st.title("Target")
st.caption(
    "Target koordinasi berlaku menurut tanggal: hari yang sudah lewat selalu dinilai dengan "
    "target yang berlaku pada hari itu. Target unit mengalahkan target jenis unit, yang "
    f"mengalahkan target nasional. Nilai 0 berarti {words.NO_TARGET}."
)
flash = st.session_state.pop("targets_flash", None)
if flash:
    st.success(flash)

with data.session_db(readonly=True) as db:
    targets = target_service.list_targets(db)


STATE_LABELS = {
    TargetState.UPCOMING: "Akan berlaku",
    TargetState.IN_FORCE: "Berlaku",
    TargetState.ENDED: "Berakhir",
}


def scope_text(t: Target) -> str:
    if t.scope == Scope.NATIONAL:
        return "Nasional"
    if t.scope == Scope.UNIT_TYPE and t.unit_type:
        return f"Jenis: {TYPE_LABELS[t.unit_type]}"
    return f"Unit: {t.unit_name}"


def rule_text(t: Target) -> str:
    return f"{t.value} {PERIOD_LABELS[t.period]}, {COUNTS_LABELS[t.counts_on].lower()}"


st.dataframe(
    pd.DataFrame(
        {
            "ID": [t.id for t in targets],
            "Status": [STATE_LABELS[t.state_on(today)] for t in targets],
            "Cakupan": [scope_text(t) for t in targets],
            "Metrik": [metric_labels.get(t.metric, t.metric) for t in targets],
            "Target": [f"{t.value} {PERIOD_LABELS[t.period]}" for t in targets],
            "Hari dihitung": [COUNTS_LABELS[t.counts_on] for t in targets],
            "Mulai": [fmt.day_medium(t.valid_from) for t in targets],
            "Berakhir": [fmt.day_medium(t.valid_to) if t.valid_to else "—" for t in targets],
            "Catatan": [t.note for t in targets],
        }
    ),
    hide_index=True,
    width="stretch",
)

add_tab, end_tab = st.tabs(["Tambah target", "Akhiri target"])
with add_tab:
    # Who and what first, outside the form: the form then starts from the rule of the
    # target it replaces (a social-media target keeps counting every day).
    scope = st.radio(
        "Cakupan", list(SCOPE_LABELS), format_func=SCOPE_LABELS.get, horizontal=True, key="t_scope"
    )
    c2, c1 = st.columns(2)  # the metric first, then (when the scope needs it) who
    unit_type = unit_id = None
    if scope == "unit_type":
        unit_type = c1.selectbox(
            "Jenis unit",
            [t.value for t in UnitType],
            format_func=TYPE_LABELS.__getitem__,
            placeholder="Pilih jenis unit",
            key="t_unit_type",
        )
    elif scope == "unit":
        unit_id = c1.selectbox(
            "Unit kerja",
            list(unit_names),
            format_func=unit_names.__getitem__,
            index=None,
            placeholder="Pilih unit",
            key="t_unit",
        )
    metric = c2.selectbox(
        "Metrik",
        list(metric_labels),
        format_func=metric_labels.__getitem__,
        placeholder="Pilih metrik",
        key="t_metric",
    )
    replaced = goals.replaced_target(
        targets, scope=scope, metric=metric, unit_type=unit_type, unit_id=unit_id, day=today
    )
    follows = replaced or goals.rule_in_force(
        targets,
        scope=scope,
        metric=metric,
        unit=data.units_by_id().get(unit_id) if unit_id else None,
        day=today,
    )
    start_from = (
        (follows.value, follows.period.value, follows.counts_on.value)
        if follows
        else (1, "day", goals.usual_counts_on(metric_group.get(metric, metric)))
    )
    picked = (scope, unit_type, unit_id, metric)
    if st.session_state.get("t_for") != picked:  # another scope or metric: its own rule
        st.session_state["t_for"] = picked
        st.session_state["t_value"], st.session_state["t_period"], st.session_state["t_counts"] = (
            start_from
        )
    if replaced:
        st.info(
            f"Menggantikan target #{replaced.id} ({rule_text(replaced)}, berlaku sejak "
            f"{fmt.day_medium(replaced.valid_from)}): target lama berakhir sehari sebelum "
            "tanggal mulai target baru.",
            icon=":material/swap_horiz:",
        )
    elif follows:
        st.caption(f"Saat ini berlaku target #{follows.id}: {rule_text(follows)}.")
    with st.form("add_target"):
        c3, c4, c5 = st.columns(3)
        value = c3.number_input("Nilai", min_value=0, max_value=10_000, step=1, key="t_value")
        per = c4.selectbox(
            "Periode",
            list(PERIOD_LABELS),
            format_func=PERIOD_LABELS.__getitem__,
            placeholder="Pilih periode",
            key="t_period",
        )
        counts_on = c5.selectbox(
            "Hari yang dihitung",
            list(COUNTS_LABELS),
            format_func=COUNTS_LABELS.__getitem__,
            placeholder="Pilih hari yang dihitung",
            key="t_counts",
        )
        c6, c7 = st.columns(2)
        valid_from = c6.date_input("Berlaku mulai", value=today, format="DD/MM/YYYY", key="t_from")
        valid_to = c7.date_input(
            "Berakhir (kosongkan bila tidak ditentukan)",
            value=None,
            format="DD/MM/YYYY",
            key="t_to",
        )
        note = st.text_input(
            "Catatan (mis. dasar surat edaran)", max_chars=target_service.NOTE_MAX, key="t_note"
        )
        if st.form_submit_button("Simpan target", type="primary"):
            if scope == "unit" and unit_id is None:
                st.error("Pilih unit kerja.")
            else:
                new = target_service.NewTarget(
                    scope=scope,
                    unit_type=unit_type,
                    unit_id=unit_id,
                    metric=metric,
                    period=per,
                    value=int(value),
                    counts_on=counts_on,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    note=note,
                )
                # Judged again from the start date typed: an old target that ends before
                # it is not replaced, the new one simply follows it.
                replaced = goals.replaced_target(
                    targets,
                    scope=scope,
                    metric=metric,
                    unit_type=unit_type,
                    unit_id=unit_id,
                    day=valid_from,
                )
                try:
                    with data.session_db() as db:
                        target_service.save(
                            db, who, new, replacing=replaced.id if replaced else None
                        )
                except StoreError as exc:
                    st.error(md_escape(exc))
                else:
                    data.clear_caches()
                    st.session_state["targets_flash"] = (
                        f"Target disimpan; target #{replaced.id} berakhir "
                        f"{fmt.day_medium(valid_from - timedelta(days=1))}."
                        if replaced
                        else "Target disimpan."
                    )
                    st.session_state.pop("t_for", None)
                    st.rerun()

with end_tab:
    open_targets = [t for t in targets if t.state_on(today) != TargetState.ENDED]
    if not open_targets:
        st.caption("Tidak ada target yang masih berlaku.")
    else:
        labels = {
            t.id: f"#{t.id} · {scope_text(t)} · {metric_labels.get(t.metric, t.metric)} "
            f"· {t.value} {PERIOD_LABELS[t.period]}"
            for t in open_targets
        }
        with st.form("end_target"):
            target_id = st.selectbox(
                "Target",
                list(labels),
                format_func=labels.__getitem__,
                placeholder="Pilih target",
                key="e_target",
            )
            last_day = st.date_input(
                "Hari terakhir berlaku",
                value=today - timedelta(days=1),
                format="DD/MM/YYYY",
                key="e_last",
            )
            if st.form_submit_button("Akhiri target"):
                try:
                    with data.session_db() as db:
                        target_service.end(db, who, target_id, last_day)
                except StoreError as exc:
                    st.error(md_escape(exc))
                else:
                    data.clear_caches()
                    st.session_state["targets_flash"] = (
                        f"Target #{target_id} berakhir {fmt.day_medium(last_day)}."
                    )
                    st.rerun()
