"""Name look-ups: traditional script is converted as ingest converts texts,
an ambiguous name lists its candidates, partners/cases tables start with the
canonical name they resolved to, and a look-up never imports spaCy."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from export_support import PROCURATORATE, UNION, specimen_kg

from kg.cli import main


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("graph")
    specimen_kg().save(d)
    return d


def test_traditional_script_finds_the_organisation(graph_dir):
    result = CliRunner().invoke(main, ["query", "partners", "營口市總工會", "--graph", str(graph_dir), "--json"])
    assert result.exit_code == 0, result.output
    assert PROCURATORATE in {row["partner"] for row in json.loads(result.stdout)}
    table = CliRunner().invoke(main, ["query", "partners", "營口市總工會", "--graph", str(graph_dir)])
    assert table.stdout.splitlines()[0] == f"營口市總工會 → {UNION} (辽宁省 营口市)"


def test_cases_echo_the_resolved_name(graph_dir):
    result = CliRunner().invoke(main, ["query", "cases", "--org", "營口市人民檢察院", "--graph", str(graph_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"營口市人民檢察院 → {PROCURATORATE} (辽宁省 营口市)"


def test_ambiguous_name_lists_the_candidates_in_one_line(graph_dir):
    result = CliRunner().invoke(main, ["query", "partners", "總工會", "--graph", str(graph_dir)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "could be any of 2 orgs" in lines[0] and UNION in lines[0]


def test_a_look_up_does_not_import_spacy(graph_dir):
    code = ("import sys\nfrom click.testing import CliRunner\nfrom kg.cli import main\n"
            f"r = CliRunner().invoke(main, ['query', 'partners', '營口市總工會', '--graph', {str(graph_dir)!r}])\n"
            "assert r.exit_code == 0, r.output\n"
            "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('kg.extract')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
