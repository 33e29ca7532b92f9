"""Extraction accuracy: the eval table against gold/ on the five corpus notices (P/R/F1 per
field), then -- where ../shared/corpus-dev is present -- against the extraction gold of the
development corpus (145 notices, each set with a README):

- gold/dev-extract (22): helper-annotated, checked against the text wherever it disagreed with the
  pipeline; the rules were developed against it;
- gold/dev-extract-heldout and gold/heldout-2 to gold/heldout-16 (8 each; heldout-16 3): annotated
  independently after the rules were written; each was measured once as unseen (figures
  in its README and in docs/measurements.md) before any rule was changed from what it showed;
- all 145 pooled;

and, in the repo itself, gold/unseen-17 and gold/unseen-18 (sixteen web pages' excerpts each) and
gold/unseen-20 to gold/unseen-22 (whole notices from GitHub text collections): from outside the development
corpus, other provinces and fields, each measured once unseen (its README).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.api import run_corpus
from pipeline.config import load_config
from pipeline.evaluate import Scores, evaluate, table

ROOT = Path(__file__).resolve().parent.parent
SETS = (("dev-extract", "development gold, checked"),
        ("dev-extract-heldout", "held-out 1"),
        ("heldout-2", "held-out 2"),
        ("heldout-3", "held-out 3"),
        ("heldout-4", "held-out 4"),
        ("heldout-5", "held-out 5"),
        ("heldout-6", "held-out 6"),
        ("heldout-7", "held-out 7"),
        ("heldout-8", "held-out 8"),
        ("heldout-9", "held-out 9"),
        ("heldout-10", "held-out 10"),
        ("heldout-11", "held-out 11"),
        ("heldout-12", "held-out 12"),
        ("heldout-13", "held-out 13"),
        ("heldout-14", "held-out 14"),
        ("heldout-15", "held-out 15"),
        ("heldout-16", "held-out 16"))
KEEP = ("tasks", "departments", "deadlines", "targets", "doc_targets", "issuers", "recipients", "field",
        "window", "doc_number", "issue_date", "province", "city", "title")


def _rows(scores: Scores) -> str:
    """The kept fields' lines; recipients only where the gold annotates them (older rounds did not)."""
    unscored = not (scores.prf["recipients"].tp + scores.prf["recipients"].fp + scores.prf["recipients"].fn)
    return "\n".join(line for line in table(scores).splitlines()
                     if line.split(" ")[0] in (*KEEP, "notices:", "exact")
                     and not (unscored and line.startswith("recipients")))


UNSEEN = (("unseen-17", "sixteen web pages' excerpts from outside the development corpus"),
          ("unseen-18", "sixteen more"),
          ("unseen-20", "fourteen whole notices from stored GitHub text collections"),
          ("unseen-21", "thirteen more: Sichuan, Hebei, Jiangsu, Fujian, national"),
          ("unseen-22", "sixteen pages of a county-level zone's portal, each body crawled onto one line"),
          ("unseen-23", "eleven more: Jiangxi pages whose bold headings a crawl dropped; energy plans of "
                        "Liaoning, Shandong, Shanxi, Sichuan and ministries saved with their portals"),
          ("unseen-24", "eleven more pages saved with their portals: Hunan, Fujian, Guangdong, Hainan, "
                        "Chongqing, Gansu, Hebei, Hubei; provinces, cities, a district"),
          ("unseen-25", "two long pages: a city plan with an attached task table, a district regulation"),
          ("unseen-26", "nine more: national notices and regulations as law collections and RAG corpora "
                        "keep them, Shanghai; Guangdong and Guangzhou Nansha pages saved as HTML"),
          ("unseen-27", "one Shanghai district's support measures in a crawler's Markdown wrapper"),
          ("unseen-28", "six more from that wrapper: Guangdong, Shanghai and State Council plans, "
                        "measures and a regulation"),
          ("unseen-29", "six more from that wrapper: higher education, disability aid, rural "
                        "revitalisation, health, land, trade compliance"),
          ("unseen-30", "thirty-six more from stored collections: county zones' pages crawled onto one "
                        "line, Shanghai districts, Chongqing, Wuhan, Qinghai, Inner Mongolia, ministries"),
          ("unseen-31", "eleven more: Jiangxi's market rules and crawled opinions with no numbers, "
                        "Shanghai districts' construction-waste opinions, Guangdong, Shanghai DRC"),
          ("unseen-32", "thirty-six more: task-division tables, joint ministries' notices, county "
                        "plans, awards, business environment and data, campaigns and rectification"),
          ("unseen-33", "thirty more: Pingtan's one-line pages, Shanghai districts' plans with tables a "
                        "cell a line, city regulations, emergency plans, No. 1 Documents"),
          ("unseen-34", "twenty-four more, listed from four collections: ministries' notices, regulations "
                        "and rules, portal pages with their footers, a 批复 with its plan"),
          ("unseen-35", "eighteen more, energy and climate: provincial and national notices, OCR'd "
                        "red-header PDFs, a page printing its notice twice, a page's footer of links"),
          ("unseen-36", "eighteen more, collected after this session's rules: Shanghai's other fields, "
                        "Pingtan's other columns, Liaoning and Jiangsu energy and industry"),
          ("unseen-37", "eighteen more, collected last: Shanghai districts' labelled plans and tables, "
                        "Pingtan bureaus, ministry rules and local regulations"),
          ("unseen-38", "thirty more, scored on arrival: Pingtan's one-line pages, Shanghai commissions "
                        "and districts, OCR'd electricity notices, medical insurance, a State Council rule"),
          ("unseen-39", "twenty-four more, scored on arrival: Pingtan 2016-2018, Shanghai districts, Beijing, "
                        "Chongqing, Fujian, Henan and Anhui notices, local regulations"),
          ("unseen-40", "eighteen more, scored on arrival: local regulations, Shanxi, Sichuan, Henan, Hunan, "
                        "Guangzhou and Zhejiang notices, ministries' pages and PDF texts"),
          ("unseen-41", "twenty-four more, scored on arrival: eighteen provinces' energy, price, agriculture "
                        "and climate notices, market rules"),
          ("unseen-42", "eighteen more, held out until the session's end: Sichuan, Chongqing, Henan, Shanxi, "
                        "Fujian, Guangdong, Hunan, Beijing, Shanghai, Tianjin and Zhejiang pages"),
          ("unseen-43", "twenty-four more, scored on arrival: Hebei, Jiangxi, Shandong, Hainan, Ningxia, "
                        "Guangxi, Guizhou, Heilongjiang, Shaanxi, Liaoning, Sichuan, Beijing, Shanghai, Chongqing"),
          ("unseen-44", "twelve more, held out, then rules written from them: Shanghai fire-safety and "
                        "relics notices, local regulations and a ministry rule"),
          ("unseen-45", "twelve more, held out after the session's rules: regulations of Yantai, Huzhou, "
                        "Shaoxing, Jingning, Binzhou and a ministry; Shanghai district notices"),
          ("synthetic-27", "sixty made-up notices in layouts no round had, written and annotated "
                           "by helper sessions from the rules (probes, not real notices)"),
          ("synthetic-28", "thirty-six more made-up notices: responsibility by task number, merged "
                           "table cells, attached plans and lists, 兵团 and 盟市, named actions"),
          ("synthetic-29", "162 more made-up notices: bullets, unnumbered labelled measures, "
                           "drafts for comment, bodies heading their measures, checklists, schedules"),
          ("synthetic-30", "108 more made-up notices: the layouts of unseen-30 and -31 (one-line crawls, "
                           "divisions, PDF running heads, incentives, regions), fields and formats"),
          ("synthetic-31", "36 more made-up notices: the layouts of unseen-32 (one-line crawls with style "
                           "dumps, several notices in one text, 主送 lists, yearly breakdowns, digit articles)"),
          ("synthetic-32", "12 more made-up notices: the layouts of unseen-33 (tables a cell a line with merged "
                           "序号, one-line pages, bracket-named articles, year-alone due cells, divisions acting)"),
          ("synthetic-33", "twelve more made-up notices in the layouts of unseen-38 and -39: an attached "
                           "notice after a letter, signatures run together, stages run into their text"))


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        run_corpus([ROOT / "corpora" / "manifest.csv"],
                   load_config(None, {"run": {"executor": "serial", "force": True}}), out)
        print(table(evaluate(ROOT / "gold", Path(out) / "notices")))
    for name, what in UNSEEN:  # notices from outside the development corpus, in the repo
        unseen = ROOT / "gold" / name
        with tempfile.TemporaryDirectory() as out:
            run_corpus([unseen / "manifest.csv"], load_config(None, {"run": {"force": True}}), out)
            print(f"\ngold/{name}: {what}")
            print(_rows(evaluate(unseen / "gold", Path(out) / "notices")))
    corpus = ROOT.parent / "shared" / "corpus-dev"
    if not (corpus / "manifest.csv").is_file():
        return
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as pooled:
        run_corpus([corpus / "manifest.csv"], load_config(None, {"run": {"force": True}}), out)
        for name, title in SETS:
            print(f"\ngold/{name}: {title}")
            print(_rows(evaluate(ROOT / "gold" / name, Path(out) / "notices")))
            for f in (ROOT / "gold" / name).glob("*.json"):
                (Path(pooled) / f.name).symlink_to(f)
        print("\nall annotated development notices, pooled")
        print(_rows(evaluate(Path(pooled), Path(out) / "notices")))


if __name__ == "__main__":
    main()
