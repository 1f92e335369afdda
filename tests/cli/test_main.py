"""The `humas` command itself: commands imported when used, and a reader that goes away."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dashboard import cli
from dashboard.cli import COMMANDS, main
from dashboard.serve.workers import Supervisor
from dashboard.stdio import SIGPIPE_EXIT
from dashboard.store import screens
from dashboard.store.access import SYSTEM
from tests.conftest import unit_id

HEAVY = ("streamlit", "pandas", "plotly", "numpy", "psycopg", "openpyxl", "fpdf")


def _modules_after(argv: list[str]) -> list[str]:
    """The top-level packages a fresh interpreter has imported after `humas ARGV`."""
    code = (
        "import json, sys\n"
        "from dashboard.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted({m.partition('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("argv", [["--help"], ["--version"], []], ids=["help", "version", "bare"])
def test_the_command_list_imports_no_heavy_library(argv):
    loaded = _modules_after(argv)
    assert [m for m in HEAVY if m in loaded] == []


@pytest.mark.slow
def test_a_command_imports_its_own_module_alone():
    code = (
        "import sys\n"
        "from dashboard.cli import main\n"
        "try:\n"
        "    main(['backup', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('dashboard.cli.')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "['dashboard.cli.common', 'dashboard.cli.ops']"


def test_every_listed_command_is_registered_by_its_module_and_nothing_else():
    parser = cli.build_parser([], load="all")
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == list(COMMANDS)
    assert {a.dest: a.help for a in sub._choices_actions} == {
        name: text for name, (_, text) in COMMANDS.items()
    }


def test_a_command_missing_from_the_list_is_refused_when_registered():
    parser = cli.build_parser(["units"])
    sub = next(a for a in parser._actions if a.dest == "command")
    with pytest.raises(LookupError, match="not in COMMANDS"):
        cli.Commands(sub, "core").add_parser("frobnicate")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_a_working_help(name, capsys):
    with pytest.raises(SystemExit) as stop:
        main([name, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: humas {name}")


def test_the_list_names_every_command_with_its_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    for name, (_, text) in COMMANDS.items():
        assert name in out and " ".join(text.split()) in out


@pytest.mark.slow
def test_bench_without_its_extra_says_what_to_install(tmp_path):
    code = (
        "import sys\n"
        "sys.modules['numpy'] = None  # as if the bench extra were not installed\n"
        "from dashboard.cli import main\n"
        f"sys.exit(main(['synth', '--db', {str(tmp_path / 's.db')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "pip install 'pantau-humas[bench]'" in done.stderr and "numpy" in done.stderr
    assert not (tmp_path / "s.db").exists()


# --- a reader that goes away (`humas units | head`) ----------------------------------------------


def _closed_pipe_run(argv: list[str], *, stderr_too: bool = False) -> subprocess.CompletedProcess:
    """`humas ARGV` writing into a pipe whose reader is already gone, as after `| head -0`."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "dashboard.cli", *argv],
            stdout=write_end,
            stderr=write_end if stderr_too else subprocess.PIPE,
            timeout=300,
        )
    finally:
        os.close(write_end)


PRINTING = {
    "units": ["units"],
    "units-csv": ["units", "--format", "csv"],
    "user-list": ["user", "list"],
    "screen-list": ["screen", "list"],
    "digest": ["digest"],
    "kpi": ["kpi", "--unit", "kankemenag-kota-kupang", "--json"],
    "help": ["--help"],
    "init": ["init"],
}
# argparse writes its help through a call that swallows write errors: it ends quietly with 0.
EXIT = {"help": 0}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PRINTING))
def test_output_into_a_closed_pipe_ends_quietly(name, db, db_path, accounts):
    screens.create(db, SYSTEM, unit_id(db, "kanwil-ntt"), label="Rakor")
    done = _closed_pipe_run([*PRINTING[name], *(["--db", str(db_path)] if name != "help" else [])])
    assert done.stderr == b""
    assert done.returncode == EXIT.get(name, SIGPIPE_EXIT)


@pytest.mark.slow
def test_messages_into_a_closed_pipe_end_quietly_too(db_path):
    """`humas units 2>&1 | head`: both streams go nowhere, and nothing says so."""
    done = _closed_pipe_run(["units", "--db", str(db_path)], stderr_too=True)
    assert done.returncode == SIGPIPE_EXIT


@pytest.mark.slow
def test_a_closed_pipe_loses_nothing_already_written(tmp_path):
    path = tmp_path / "baru.db"
    done = _closed_pipe_run(["init", "--db", str(path)])
    assert done.returncode == SIGPIPE_EXIT and done.stderr == b""
    assert (
        subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "units", "--db", str(path)],
            capture_output=True,
            check=True,
        ).stdout.count(b"\n")
        > 600
    )


def test_a_broken_connection_that_is_not_our_output_is_not_hidden(monkeypatch, tmp_path):
    from dashboard.cli import core

    def broken(args):
        raise BrokenPipeError("a socket of some other connection")

    monkeypatch.setattr(core, "cmd_units", broken)
    with pytest.raises(BrokenPipeError):
        main(["units", "--db", str(tmp_path / "x.db")])


def test_the_supervisor_keeps_serving_when_nobody_reads_its_messages(monkeypatch, tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w") as broken:
        monkeypatch.setattr(sys, "stdout", broken)
        supervisor = Supervisor(db_file=tmp_path / "x.db", workers=2, port=20_000, out=broken)
        supervisor.say("humas: worker 1 (port 20001) exited with code 1")  # must not raise
        supervisor.say("humas: worker 1 restarted")
        monkeypatch.undo()
