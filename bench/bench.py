"""``make bench``: the speed and memory of DESIGN §7 on synthetic corpora made
by repeating data/ with light variation (bench/corpus/, git-ignored).

Measures extraction throughput against bare ``jieba.lcut`` on the same text,
peak RSS at 1×, 10× and 50× the sample, the ``--jobs 1`` / ``--jobs 2``
speed-up and the re-builds (nothing changed; one file edited) on the largest, export times on the sample graph and on a
synthetic 5 000-node graph, and PDF pages read per second. Writes bench/results.json and prints a table.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from growing import write_corpus

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HERE = ROOT / "bench"
KG = Path(sys.executable).parent / "kg"
MEMORY_SIZES = (1, 10, 50)
THROUGHPUT_SIZE = 25  # copies of data/: a corpus above 2 MB
MAP_NODES = 33_000  # a synthetic graph the size of 500 copies of data/
PDF_PAGES = 12  # broadsheet pages (A2, 8 columns) of data/'s articles


def make_corpus(copies: int) -> Path:
    """bench/corpus/<copies>x: ``copies`` copies of data/ moved to other
    places and years (bench/growing.py), written once and reused."""
    target = HERE / "corpus" / f"{copies}x"
    done = target / ".complete"
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        write_corpus(copies, target)
        done.touch()
    return target


def run_build(corpus: Path, out: Path, *options: str) -> dict:
    """``kg build`` in a child process: wall and CPU seconds (workers
    included: robust to a busy machine) and the peak RSS of its process
    tree, polled."""
    command = [str(KG), "build", str(corpus), "-o", str(out), "-q", "--formats", "", *options]
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:  # a worker ended between listing and reading
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"kg build failed: {stderr.strip().splitlines()[-1:]}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(_children_cpu() - cpu_before, 2),
            "peak_rss_mb": round(peak / 2**20), "corpus_mb": _megabytes(corpus),
            "summary": stdout.splitlines()[0],
            "nodes": int(re.search(r"\((\d+) nodes", stdout)[1])}


def _megabytes(corpus: Path) -> float:
    return round(sum(p.stat().st_size for p in corpus.glob("[!.]*")) / 2**20, 1)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def throughput(corpus: Path, out: Path) -> dict:
    """Characters per second of extraction in one process (pipeline loaded
    and warm), of a whole ``kg build`` (default: all cores, no cache; ingest
    and writing included) and of bare ``jieba.lcut`` on the same article texts."""
    import jieba

    from kg.api import read_articles
    from kg.engines import pipeline
    from kg.extract import extract

    articles, _ = read_articles([corpus])
    texts = [a.text for a in articles]
    chars = sum(map(len, texts))
    nlp = pipeline()
    extract(nlp, articles[0])  # warm: lazy imports and dictionaries
    start = time.perf_counter()
    for article in articles:
        extract(nlp, article)
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    jieba_s = time.perf_counter() - start
    build_s = run_build(corpus, out, "--no-cache")["seconds"]
    return {"mb": _megabytes(corpus),
            "articles": len(articles), "chars": chars,
            "extract_chars_per_s": round(chars / extract_s),
            "jieba_chars_per_s": round(chars / jieba_s),
            "ratio": round(jieba_s / extract_s, 2),
            "build_chars_per_s": round(chars / build_s),
            "build_ratio": round(jieba_s / build_s, 2)}


def pdf_speed(tmp: Path) -> dict:
    """Pages per second of reading a newspaper PDF by layout (kg.ingest on
    kg.readers.pdf), and with segmentation: broadsheet pages set by
    tests/pdf_support.py from data/'s articles, three to a column."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pdf_support import Slot, Story, newspaper

    from kg.api import read_articles
    from kg.ingest import list_files, read_document

    columns, per_page = 8, 24
    found, _ = read_articles([DATA])
    stories = [Story(a.title[:20], (a.body.replace("\n", "")[:300],)) for a in found if a.title and a.body]
    slots = [Slot(stories[k % len(stories)], k % columns) for k in range(PDF_PAGES * per_page)]
    path = newspaper(tmp / "paper.pdf", [slots[k:k + per_page] for k in range(0, len(slots), per_page)],
                     columns, size=(1191.0, 1684.0))
    (f,) = list_files([path])
    start = time.perf_counter()
    doc = read_document(f)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    articles, _ = read_articles([path])
    segment_s = time.perf_counter() - start
    return {"pages": PDF_PAGES, "chars_per_page": round(len(doc.text) / PDF_PAGES),
            "articles": len(articles), "read_pages_per_s": round(PDF_PAGES / read_s, 1),
            "read_segment_pages_per_s": round(PDF_PAGES / segment_s, 1)}


def export_times(kg, out: Path) -> dict[str, float]:
    """Seconds of ``kg.export.export`` for every format."""
    from kg.export import FORMATS, export

    kg.graph  # built once, outside the timings
    times = {}
    for fmt in FORMATS:
        start = time.perf_counter()
        export(kg, fmt, out / f"graph.{fmt}")
        times[fmt] = round(time.perf_counter() - start, 2)
    return times


def map_times(kg, out: Path) -> dict:
    """Seconds of the default HTML map and of ``kg report`` on the
    best-connected organisation, and the map's size."""
    from kg.export import export, report

    kg.graph  # built once, outside the timings
    start = time.perf_counter()
    path = export(kg, "html", out / "map.html")
    map_s = time.perf_counter() - start
    org = max((n for n, d in kg.graph.nodes(data=True) if d.get("kind") == "org"), key=kg.graph.degree)
    start = time.perf_counter()
    report.write(kg, out / "report.html", report.subject(kg, org=org))
    return {"nodes": len(kg.nodes), "map_s": round(map_s, 2), "map_mb": round(path.stat().st_size / 2**20, 1),
            "report_s": round(time.perf_counter() - start, 2)}


def main() -> dict:
    import kg
    from synthetic import synthetic_kg

    results: dict = {"machine": {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        results["throughput"] = throughput(make_corpus(THROUGHPUT_SIZE), tmp / "throughput")
        serial = {size: run_build(make_corpus(size), tmp / f"serial{size}", "--jobs", "1",
                                  "--no-cache") for size in MEMORY_SIZES}
        results["memory"] = {
            f"{size}x": {k: run[k] for k in ("peak_rss_mb", "corpus_mb", "nodes", "seconds")}
            for size, run in serial.items()}
        largest = MEMORY_SIZES[-1]
        corpus = Path(shutil.copytree(make_corpus(largest), tmp / "corpus"))  # edited below
        parallel = run_build(corpus, tmp / "parallel", "--jobs", "2")
        rebuild = run_build(corpus, tmp / "parallel", "--jobs", "2")
        edited = sorted(p for p in corpus.iterdir() if not p.name.startswith("."))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n本报讯 营口市总工会与市人社局联合开展专项行动。\n",
                          encoding="utf-8")
        one_file = run_build(corpus, tmp / "parallel", "--jobs", "2")
        results["jobs"] = {"corpus": f"{largest}x", "jobs1_s": serial[largest]["seconds"],
                           "jobs2_s": parallel["seconds"],
                           "speedup": round(serial[largest]["seconds"] / parallel["seconds"], 2)}
        results["incremental"] = {
            "first_s": parallel["seconds"], "cached_s": rebuild["seconds"],
            "speedup": round(parallel["seconds"] / rebuild["seconds"], 1),
            "first_cpu_s": parallel["cpu_seconds"], "cached_cpu_s": rebuild["cpu_seconds"],
            "cpu_speedup": round(parallel["cpu_seconds"] / rebuild["cpu_seconds"], 1),
            "summary": rebuild["summary"],
            "one_file_s": one_file["seconds"],
            "one_file_speedup": round(parallel["seconds"] / one_file["seconds"], 1),
            "one_file_summary": one_file["summary"]}
        sample = kg.build([DATA], tmp / "sample", formats=())
        (tmp / "x").mkdir()
        results["exports"] = {
            "sample": {"nodes": len(sample.nodes), **export_times(sample, tmp / "x")},
            "synthetic": {"nodes": 5000, **export_times(synthetic_kg(5000), tmp / "x")},
        }
        results["maps"] = {f"{largest}x": map_times(kg.load(tmp / "parallel"), tmp / "x"),
                           "synthetic": map_times(synthetic_kg(MAP_NODES), tmp / "x")}
        results["pdf"] = pdf_speed(tmp)
    results["machine"]["load_after"] = os.getloadavg()[0]
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return results


def table(results: dict) -> str:
    t, j, i, m, e, p = (results[k] for k in ("throughput", "jobs", "incremental", "memory", "exports", "pdf"))
    machine = results["machine"]
    rows = [
        ("machine", f"{machine['cores']} cores, load average {machine['load_before']:.1f} before, "
                    f"{machine['load_after']:.1f} after (other work skews wall times)"),
        ("extraction chars/s", f"{t['extract_chars_per_s']:,} ({t['mb']} MB, {t['articles']} articles)"),
        ("jieba.lcut chars/s", f"{t['jieba_chars_per_s']:,}"),
        ("extraction / jieba (one process)", f"{t['ratio']} (goal >= 0.5)"),
        ("kg build chars/s (all cores)", f"{t['build_chars_per_s']:,} = {t['build_ratio']} x jieba.lcut on one core"),
        (f"build {j['corpus']} --jobs 1 / 2", f"{j['jobs1_s']} s / {j['jobs2_s']} s = {j['speedup']}x"),
        ("re-build, nothing changed (wall)", f"{i['first_s']} s -> {i['cached_s']} s = {i['speedup']}x"),
        ("re-build, nothing changed (CPU)", f"{i['first_cpu_s']} s -> {i['cached_cpu_s']} s = {i['cpu_speedup']}x"),
        ("re-build, one file edited (wall)", f"{i['first_s']} s -> {i['one_file_s']} s = {i['one_file_speedup']}x"),
        *((f"peak RSS {size} (--jobs 1)",
           f"{v['peak_rss_mb']} MB in {v['seconds']} s ({v['corpus_mb']} MB of text, {v['nodes']} nodes)")
          for size, v in m.items()),
        *((f"export {fmt} (sample / 5000 nodes)", f"{e['sample'][fmt]} s / {e['synthetic'][fmt]} s")
          for fmt in e["sample"] if fmt != "nodes"),
        *((f"default map / kg report ({name}, {v['nodes']:,} nodes)",
           f"{v['map_s']} s ({v['map_mb']} MB) / {v['report_s']} s") for name, v in results["maps"].items()),
        ("PDF pages/s read by layout", f"{p['read_pages_per_s']} ({p['pages']} A2 pages of 8 columns, "
                                       f"{p['chars_per_page']:,} chars each)"),
        ("PDF pages/s read and segmented", f"{p['read_segment_pages_per_s']} ({p['articles']} articles)"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


if __name__ == "__main__":
    print(table(main()))
