#!/usr/bin/env python
"""``summarize run`` under faults: two runs on one OUT, ``kill -9`` at random moments, a full disk.

    python scripts/bench_batch_faults.py --clusters 200 --kills 10 --output docs/BENCHMARKS.md

Builds ``--clusters`` small clusters in a temporary folder and runs ``summarize run`` on them
with ``extractive:lead`` and ``--no-check`` (fast: the faults are in the batch job, not the
models). Then:

- **two runs on one OUT**, started together (``--trials`` times): one must refuse (exit 2);
  records duplicated and lost are counted; then once more with the second run under ``--wait``;
- **kill -9**: a run is killed with SIGKILL at a random moment ``--kills`` times, a fifth of the
  clusters changed before each start (so resumed runs also replace records), and resumed; after
  each kill, the records on disk are counted (duplicates, torn lines); at the end the output is
  compared with a clean run on the final input: records lost, duplicated, or stale;
- **a full disk** (root only: a tmpfs half the size the outputs need): the run must stop with exit
  code 3 and one line, leave no temporary file nor partial record, and the re-run after space is
  freed (the tmpfs grown) must complete exactly;
- **linear time**: every cluster changed, then resumed: wall time and bytes written
  (``/proc/PID/io`` ``wchar``), against the size of ``summaries.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarize.evaluation.report_md import write_section

SETTINGS = ["--quiet", "--no-check", "--set", "summarizer.model=extractive:lead"]
TOWNS = ["Harwick", "Lowden", "Marsh End", "Tallis", "Brenning", "Oakford", "Selby Cross", "Dunmore"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def write_cluster(root: Path, i: int, version: int = 0) -> None:
    folder = root / f"storm-{i:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    town, day = TOWNS[i % len(TOWNS)], DAYS[(i + version) % len(DAYS)]
    homes = 3 + i + 7 * version
    (folder / "herald.txt").write_text(
        f"Storm hits {town}\n\nA storm hit {town} on {day}, damaging {homes} homes, officials said. "
        f"Crews worked through the night to clear fallen trees from the main road. "
        f"The council opened a shelter at the town hall for {homes // 3 + 2} families.\n", encoding="utf-8")
    (folder / "gazette.txt").write_text(
        f"{town} counts the cost\n\nOfficials counted {homes} damaged homes in {town} after the storm on {day}. "
        f"Power was restored to most streets by the next evening, the utility said. "
        f"Schools will reopen once inspectors have checked every building.\n", encoding="utf-8")


def command(root: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarize", "run", str(root), "-o", str(out), *SETTINGS, *extra]


def scan(out: Path) -> dict:
    """Records on disk: complete lines, distinct clusters, a torn last line, temporary files left."""
    path = out / "summaries.jsonl"
    data = path.read_bytes() if path.exists() else b""
    lines = data.split(b"\n")
    complete = []
    for raw in lines[:-1]:
        try:
            complete.append(json.loads(raw))
        except ValueError:
            pass
    ids = [r["cluster"] for r in complete]
    return {"records": {r["cluster"]: r for r in complete}, "lines": len(complete), "unique": len(set(ids)),
            "torn": bool(lines[-1]), "tmp": sorted(p.name for p in out.glob("*.tmp")) if out.exists() else []}


def same(record: dict, reference: dict) -> bool:
    keep = ("cluster", "summary", "articles", "fingerprint")
    return {k: record.get(k) for k in keep} == {k: reference.get(k) for k in keep}


def compare(out: Path, reference: dict[str, dict]) -> dict:
    state = scan(out)
    records = state["records"]
    return {"lost": len(set(reference) - set(records)), "duplicated": state["lines"] - state["unique"],
            "stale": sum(1 for c, r in records.items() if c in reference and not same(r, reference[c])),
            "extra": len(set(records) - set(reference)), "torn": state["torn"], "tmp": state["tmp"]}


def reference_run(root: Path, work: Path) -> tuple[dict[str, dict], float]:
    out = work / f"reference-{time.monotonic_ns()}"
    start = time.perf_counter()
    subprocess.run(command(root, out), check=True)
    wall = time.perf_counter() - start
    records = scan(out)["records"]
    shutil.rmtree(out)
    return records, wall


def two_runs(root: Path, work: Path, reference: dict, trials: int) -> dict:
    codes, duplicated, lost = [], 0, 0
    for trial in range(trials):
        out = work / f"concurrent-{trial}"
        first, second = subprocess.Popen(command(root, out)), subprocess.Popen(command(root, out))
        codes.append(sorted((first.wait(), second.wait())))
        result = compare(out, reference)
        duplicated += result["duplicated"]
        lost += result["lost"]
    out = work / "concurrent-wait"
    first = subprocess.Popen(command(root, out))
    time.sleep(0.5)
    second = subprocess.Popen(command(root, out, "--wait"))
    waited = sorted((first.wait(), second.wait()))
    result = compare(out, reference)
    return {"trials": trials, "refused": sum(c == [0, 2] for c in codes), "codes": codes, "duplicated": duplicated,
            "lost": lost, "wait_codes": waited, "wait_duplicated": result["duplicated"], "wait_lost": result["lost"]}


def kill_nine(root: Path, work: Path, n_clusters: int, kills: int, clean_wall: float, rng: random.Random) -> dict:
    out = work / "killed"
    versions = [0] * n_clusters
    delivered = attempts = duplicates_at_kill = torn_at_kill = 0
    moments = []
    while delivered < kills and attempts < 5 * kills:
        attempts += 1
        for i in rng.sample(range(n_clusters), n_clusters // 5):  # resumed runs replace records too
            versions[i] += 1
            write_cluster(root, i, versions[i])
        proc = subprocess.Popen(command(root, out), start_new_session=True)
        moment = rng.uniform(0.2, clean_wall)
        time.sleep(moment)
        if proc.poll() is not None:  # it finished first: no fault this time
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        delivered += 1
        moments.append(moment)
        state = scan(out)
        duplicates_at_kill += state["lines"] - state["unique"]
        torn_at_kill += state["torn"]
    resumed = subprocess.run(command(root, out)).returncode
    reference, _ = reference_run(root, work)
    return {"kills": delivered, "moments": moments, "duplicates_at_kill": duplicates_at_kill,
            "torn_at_kill": torn_at_kill, "resume_code": resumed, **compare(out, reference),
            "pending_left": (out / ".summaries.pending.jsonl").exists()}


def full_disk(root: Path, work: Path, reference: dict) -> dict | None:
    """A tmpfs half the size the outputs need; ``None`` where one cannot be mounted (not root)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return None
    need = sum(len(json.dumps(r, ensure_ascii=False)) + 1 for r in reference.values())
    mount = work / "small-disk"
    mount.mkdir()
    size = max(16, need // 2 // 1024)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        return None
    try:
        out = mount / "out"
        first = subprocess.run(command(root, out), capture_output=True, text=True)
        after_failure = compare(out, reference)
        written = scan(out)["lines"]
        subprocess.run(["mount", "-o", f"remount,size={4 * need // 1024 + 1024}k", str(mount)], check=True)
        second = subprocess.run(command(root, out), capture_output=True, text=True)
        return {"size_kb": size, "need_kb": need // 1024, "code": first.returncode,
                "stderr": first.stderr.strip().splitlines(), "records_before": written,
                "torn": after_failure["torn"], "tmp": after_failure["tmp"], "resume_code": second.returncode,
                **{k: v for k, v in compare(out, reference).items() if k in ("lost", "duplicated", "stale")}}
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def io_wchar(cmd: list[str], source: Path | None = None) -> tuple[int, float, int]:
    """(exit code, wall seconds, bytes passed to write()) of ``cmd``, a ``python -m summarize`` command."""
    wrapper = ("import atexit, runpy, sys\n"
               "atexit.register(lambda: sys.stderr.write('WCHAR ' + [l for l in open('/proc/self/io') "
               "if l.startswith('wchar')][0].split()[1] + '\\n'))\n"
               f"sys.argv = {['summarize', *cmd[3:]]!r}\n"
               "runpy.run_module('summarize', run_name='__main__')\n")
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(source)} if source else None
    # run outside any source tree: ``python -c`` puts the working folder first on sys.path
    result = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, env=env,
                            cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    wchar = next((int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("WCHAR ")), -1)
    return result.returncode, wall, wchar


def linear(work: Path, n: int, source: Path | None = None) -> dict:
    """First run, every cluster changed, nothing changed; with ``source``, that tree's ``summarize``."""
    root, out = work / f"linear-in-{bool(source)}", work / f"linear-out-{bool(source)}"
    for i in range(n):
        write_cluster(root, i)
    first = io_wchar(command(root, out), source)
    size = (out / "summaries.jsonl").stat().st_size
    for i in range(n):
        write_cluster(root, i, 1)
    changed = io_wchar(command(root, out), source)
    again = io_wchar(command(root, out), source)
    state = scan(out)
    return {"clusters": n, "size_mb": size / 1e6, "first": first, "changed": changed, "unchanged": again,
            "lines": state["lines"], "unique": state["unique"]}


def _commit(tree: Path | None) -> str:
    if tree is None:
        return ""
    found = subprocess.run(["git", "-C", str(tree), "log", "-1", "--format=commit %h"], capture_output=True, text=True)
    return found.stdout.strip() or "not a git tree"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--trials", type=int, default=3, help="two-runs-on-one-OUT trials")
    parser.add_argument("--changed", type=int, default=1000, help="clusters for the linear-time figure (0: skip)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", type=Path, help="a source tree of an earlier version (a git worktree): its "
                        "linear-time figures too, for comparison")
    parser.add_argument("--output", type=Path, help="also write the figures as a section of this markdown file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    try:
        root = work / "in"
        for i in range(args.clusters):
            write_cluster(root, i)
        reference, clean_wall = reference_run(root, work)
        concurrent = two_runs(root, work, reference, args.trials)
        killed = kill_nine(root, work, args.clusters, args.kills, clean_wall, rng)
        final_reference, _ = reference_run(root, work)
        disk = full_disk(root, work, final_reference)
        lin = linear(work, args.changed) if args.changed else None
        base = linear(work, args.changed, args.baseline) if args.changed and args.baseline else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"Command: `python {' '.join(sys.argv)}` (`summarize run` with `{' '.join(SETTINGS[1:])}`)  ",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPU cores, Linux {platform.release()}, CPU only.", "",
             f"{args.clusters} clusters of two articles; a clean run takes {clean_wall:.1f} s, model loading included.", "",
             "| fault | result |", "|---|---|",
             f"| two runs started together on one OUT, {concurrent['trials']} times | exit codes {concurrent['codes']}: "
             f"{concurrent['refused']} of {concurrent['trials']} times one finished (exit 0) and the other was refused "
             f"(exit 2); records duplicated "
             f"{concurrent['duplicated']}, lost {concurrent['lost']} |",
             f"| the second run with `--wait` | exit codes {concurrent['wait_codes']}; records duplicated "
             f"{concurrent['wait_duplicated']}, lost {concurrent['wait_lost']} |",
             f"| `kill -9` at random moments ({killed['kills']} kills, {min(killed['moments'], default=0):.1f}-"
             f"{max(killed['moments'], default=0):.1f} s after start; a fifth of the clusters changed before each start) "
             f"| after each kill: {killed['duplicates_at_kill']} duplicated records, {killed['torn_at_kill']} torn last lines "
             f"(cut by the next run); resumed (exit {killed['resume_code']}): records lost {killed['lost']}, duplicated "
             f"{killed['duplicated']}, stale {killed['stale']}, pending file left {killed['pending_left']} |"]
    if disk:
        message = disk["stderr"][-1] if disk["stderr"] else ""
        lines.append(f"| a full disk (tmpfs of {disk['size_kb']} kB; the records need {disk['need_kb']} kB) | exit "
                     f"{disk['code']}, {len(disk['stderr'])} line on stderr (`{message}`), {disk['records_before']} whole "
                     f"records kept, torn line {disk['torn']}, temporary files {disk['tmp'] or 'none'}; after space is freed the "
                     f"re-run exits {disk['resume_code']}: records lost {disk['lost']}, duplicated {disk['duplicated']}, "
                     f"stale {disk['stale']} |")
    else:
        lines.append("| a full disk | not measured: mounting a small tmpfs needs root |")
    if lin:
        lines += ["", f"Linear time: {lin['clusters']} clusters, `summaries.jsonl` {lin['size_mb']:.1f} MB.", "",
                  "| version | run | exit | wall s | MB written |", "|---|---|---|---|---|"]
        for name, figures in (("this one", lin), (f"baseline (`{args.baseline}`, {_commit(args.baseline)})", base)):
            if figures:
                for label, key in (("first", "first"), ("every cluster changed", "changed"), ("nothing changed", "unchanged")):
                    code, wall, wchar = figures[key]
                    lines.append(f"| {name} | {label} | {code} | {wall:.1f} | {wchar / 1e6:.1f} |")
        lines += ["", f"After the changed run the file holds {lin['lines']} records of {lin['unique']} clusters. "
                  "MB written counts every `write()` of the process (records, compaction, report, run.json)."]
    text = "\n".join(lines)
    print(text)
    if args.output:
        write_section(args.output, "batch-faults", "Batch job under faults: concurrent runs, kill -9, a full disk",
                      text)


if __name__ == "__main__":
    main()
