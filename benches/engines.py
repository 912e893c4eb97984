#!/usr/bin/env python3
"""Relevé batches: maquette against other typesetters, in the same run (issue 18).

    python3 benches/engines.py [--students 1000] [--rounds 5] [--jobs N]

--jobs defaults to the number of cores. Needs `cargo build --release` first,
GNU time as /usr/bin/time (Debian's package `time`), Python's venv module
(Debian's `python3-venv`) and the network for pip (each run checks the two
packages are installed). It then:

1. writes the bench cohort (`benches/releves.rs` with BENCH_COHORTS_ONLY=1:
   N fictional students on seed 000's curriculum, the S1 jury, one-page
   relevés) to target/bench/releves-N.yaml;
2. builds it once with `maquette build --emit typst`, which writes beside
   each relevé the Typst source and the JSON data it was compiled from: the
   other engines get the very same template and data;
3. installs, in a virtual environment of its own (target/bench/venv), the
   PyPI `typst` package (the same Typst, 0.15) and ReportLab (ScoDoc's PDF
   engine);
4. runs, interleaved, `--rounds` times each, every command under
   /usr/bin/time (wall, user + system CPU, peak resident memory):
   - A  `maquette build` of the cohort: decisions, relevés, merged file,
        minutes, everything written;
   - B  the typst package in a loop, one process per job, one
        `typst.Compiler` each (its cache kept, as maquette keeps its own),
        compiling each relevé's emitted source to PDF/A-2b;
   - C  ReportLab, standard PDF fonts (nothing embedded), the same content
        laid out from the same JSON, one process per job;
   - D  the same with the DejaVu fonts embedded;
5. prints the medians and the ratios the issue sets targets for.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "target" / "bench"
VENV = BENCH / "venv"
PACKAGES = ["typst==0.15.2", "reportlab==5.1.0"]
TIMESTAMP = 1782345600  # the bench jury's date (2026-06-25), which maquette stamps on its PDFs


def venv_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *PACKAGES], check=True
    )
    return python


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time: (wall s, CPU s, peak KB)."""
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(
            ["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M", *cmd],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        wall, user, system, peak = out.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak)


# --- workers, run inside the virtual environment ----------------------------


def chunks(files, jobs):
    return [files[k::jobs] for k in range(jobs)]


def typst_worker(args):
    import typst

    files, fonts, out = args
    compiler = typst.Compiler(
        root="/", font_paths=[fonts], ignore_system_fonts=True
    )
    for typ in files:
        compiler.compile(
            input=typ,
            output=str(Path(out) / (Path(typ).stem + ".pdf")),
            pdf_standards=["a-2b"],
            timestamp=TIMESTAMP,
        )


def reportlab_worker(args):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )
    from xml.sax.saxutils import escape

    files, fonts, out, embedded = args
    if embedded:
        pdfmetrics.registerFont(TTFont("Sans", str(Path(fonts) / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(
            TTFont("Sans-Bold", str(Path(fonts) / "DejaVuSans-Bold.ttf"))
        )
        serif, serif_bold, sans, sans_bold = "Sans", "Sans-Bold", "Sans", "Sans-Bold"
    else:
        serif, serif_bold = "Times-Roman", "Times-Bold"
        sans, sans_bold = "Helvetica", "Helvetica-Bold"
    body = ParagraphStyle("body", fontName=serif, fontSize=9.5, leading=11.5)
    small = ParagraphStyle("small", fontName=serif, fontSize=7.5, leading=9)
    cell = ParagraphStyle("cell", fontName=serif, fontSize=7.5, leading=8.5)
    head = ParagraphStyle("head", fontName=sans_bold, fontSize=6.5, leading=7.5)
    section = ParagraphStyle(
        "section", fontName=sans_bold, fontSize=8.5, spaceBefore=8, spaceAfter=3
    )
    title = ParagraphStyle(
        "title", fontName=sans_bold, fontSize=13, alignment=1, leading=16
    )
    centred = ParagraphStyle("centred", parent=body, alignment=1, fontSize=10.5)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.47, 0.47, 0.47)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )

    def p(text, style=cell):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    for path in files:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        h, e = d["heading"], d["etudiant"]
        footer = f"{e['prenom']} {e['nom']} — n° {e['numero']} — {h['annee_universitaire']}"
        story = [
            Table(
                [[p(f"{h['etablissement']}\n{h['composante']}\n{h['departement']}", small),
                  p(f"Année universitaire {h['annee_universitaire']}", small)]],
                colWidths=["75%", "25%"],
            ),
            Paragraph("Relevé de notes et résultats", title),
            p(f"{h['formation']} — {h['periode']}", centred),
            Spacer(0, 4),
            Table(
                [
                    [p("Nom", head), p(e["nom"], body), p("Prénom", head), p(e["prenom"], body)],
                    [p("Né(e) le", head), p(f"{e['naissance']} à {e['lieu_naissance']}", body),
                     p("N° étudiant", head), p(e["numero"], body)],
                    [p("Régime", head), p(e["regime"], body), p("INE", head), p(e["ine"], body)],
                ],
                colWidths=["12%", "38%", "12%", "38%"],
                style=[("BOX", (0, 0), (-1, -1), 0.6, colors.black)],
            ),
        ]
        for s in d["semestres"]:
            n = len(s["ues"])
            rows = [[p("Code", head), p("Enseignement", head), p("Note", head)]
                    + [p(f"{u['code']}\n{u['competence']}", head) for u in s["ues"]]]
            rows += [[p(t["code"]), p(t["nom"]), p(t["note"])] + [p(c) for c in t["coefs"]]
                     for t in s["enseignements"]]
            for label, key in [("Moyenne de l’UE", "moyenne"), ("Décision", "code_decision"),
                               ("ECTS acquis / ECTS", "ects")]:
                rows.append([p(label, head), "", ""] + [p(u[key]) for u in s["ues"]])
            style = TableStyle(grid.getCommands())
            for r in range(len(rows) - 3, len(rows)):
                style.add("SPAN", (0, r), (2, r))
                style.add("BACKGROUND", (0, r), (-1, r), colors.Color(0.94, 0.94, 0.94))
            story += [
                Paragraph(escape(s["titre"]), section),
                Table(rows, colWidths=[1.3 * cm, None, 1.1 * cm] + [1.75 * cm] * n,
                      style=style, repeatRows=1),
                p("Colonnes des UE : coefficient de chaque enseignement dans l’UE.", small),
            ]
        last = []
        if d["rcues"]:
            rows = [[p("Compétence", head), p("UE du semestre impair · UE du semestre pair", head),
                     p("Moyenne", head), p("Décision", head)]]
            rows += [[p(r["competence"]), p(r["ues"]), p(r["moyenne"]), p(r["code"])]
                     for r in d["rcues"]]
            last += [Paragraph("Regroupements cohérents d’UE (RCUE)", section),
                     Table(rows, style=grid)]
        result = []
        if d["decision"]:
            result.append(f"Décision du jury pour l’année : {d['decision']} — {d['decision_libelle']}")
        result.append(f"ECTS acquis : {d['ects']}")
        result += d["diplome"] + ([d["suite"]] if d["suite"] else [])
        last += [Paragraph("Résultat", section),
                 Table([[p("\n".join(result), body)]],
                       style=[("BOX", (0, 0), (-1, -1), 0.6, colors.black)])]
        if d["motifs"]:
            last += [Paragraph("Motifs", section)] + [p("• " + m, small) for m in d["motifs"]]
        legend = Table([[p(l["code"], head), p(l["label"], small)] for l in d["legende"]])
        signature = p(f"Fait à {h['lieu']}, le {h['date']}\n{h['qualite']}\n\n{h['president']}", body)
        last.append(Table([[[Paragraph("Légende", section), legend], signature]],
                          colWidths=["65%", "35%"], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
        if d["recours"]:
            last += [Paragraph("Voies de recours", section), p(" ".join(d["recours"]), small)]
        story.append(KeepTogether(last))

        def on_page(canvas, doc):
            canvas.saveState()
            canvas.setFont(sans, 6.5)
            canvas.drawString(1.5 * cm, 0.8 * cm, footer)
            canvas.drawRightString(A4[0] - 1.5 * cm, 0.8 * cm, f"page {canvas.getPageNumber()}")
            canvas.restoreState()

        doc = SimpleDocTemplate(
            str(Path(out) / (Path(path).stem + ".pdf")), pagesize=A4,
            leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.4 * cm, bottomMargin=1.4 * cm,
            title=footer, invariant=1,
        )
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def run_pool(worker, files, jobs, extra):
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(worker, [(c, *extra) for c in chunks(files, jobs)])


def worker_main(argv):
    """`engines.py worker typst|reportlab|reportlab-embedded SRC OUT JOBS`."""
    engine, src, out, jobs = argv[0], Path(argv[1]), Path(argv[2]), int(argv[3])
    fonts = str(ROOT / "fonts")
    if engine == "typst":
        files = sorted(str(f) for f in src.glob("*.typ"))
        run_pool(typst_worker, files, jobs, (fonts, str(out)))
    else:
        files = sorted(str(f) for f in src.glob("*.json"))
        run_pool(reportlab_worker, files, jobs, (fonts, str(out), engine == "reportlab-embedded"))


# --- the driver -------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    n, jobs = args.students, args.jobs
    maquette = ROOT / "target" / "release" / "maquette"
    if not maquette.exists():
        sys.exit("build maquette first: cargo build --release")
    env = dict(os.environ, BENCH_STUDENTS=str(n), BENCH_COHORTS_ONLY="1")
    subprocess.run(["cargo", "bench", "--quiet", "--bench", "releves"], cwd=ROOT, env=env,
                   check=True)
    cohort = BENCH / f"releves-{n}.yaml"
    src = BENCH / "engines" / "source"
    shutil.rmtree(src.parent, ignore_errors=True)
    subprocess.run([str(maquette), "build", str(cohort), "-o", str(src), "--emit", "typst"],
                   check=True, stdout=subprocess.DEVNULL)
    releves = next(src.glob("*/releves"))
    python = venv_python()
    out = BENCH / "engines" / "out"
    me = str(Path(__file__).resolve())
    commands = {
        "A maquette build": [str(maquette), "build", str(cohort), "-o", str(out), "--jobs", str(jobs)],
        "B typst package loop": [str(python), me, "worker", "typst", str(releves), str(out), str(jobs)],
        "C ReportLab, standard fonts": [str(python), me, "worker", "reportlab", str(releves), str(out), str(jobs)],
        "D ReportLab, embedded fonts": [str(python), me, "worker", "reportlab-embedded", str(releves), str(out), str(jobs)],
    }
    figures = {k: [] for k in commands}
    for r in range(args.rounds):
        for name, cmd in commands.items():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            figures[name].append(timed(cmd))
            print(f"round {r + 1}: {name}: {figures[name][-1]}", file=sys.stderr)
    print(f"{n} one-page relevés, {jobs} jobs, medians of {args.rounds} interleaved rounds")
    print("| what | wall | CPU | CPU per relevé | peak memory |")
    print("|---|---|---|---|---|")
    med = {}
    for name, runs in figures.items():
        wall, cpu, peak = (statistics.median(x) for x in zip(*runs))
        med[name] = cpu
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {cpu / n * 1000:.1f} ms | {peak / 1024:.0f} MB |")
    a = med["A maquette build"]
    print(f"CPU A / B = {a / med['B typst package loop']:.2f} (target ≤ 0.9)")
    print(f"CPU A / C = {a / med['C ReportLab, standard fonts']:.2f} (target ≤ 0.5)")
    print(f"CPU A / D = {a / med['D ReportLab, embedded fonts']:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker_main(sys.argv[2:])
    else:
        main()
