"""The summary graph (kg/summaries.py): equal to aggregates counted here in Python from the
default graph's quads, kept current by `kg add`, deterministic, written to a remote store too,
left out of default-graph exports. The tallies, pairs and counts are checked on the seeds and on
a small corpus written here, with status reports and posts added by hand (dated, undated, weekday
text, repeated) so that every case of their keys occurs. Its readers (older stores and `kg
summarise`, saved queries, the service description): tests/test_summary_readers.py."""
from __future__ import annotations

import itertools
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import kg_command
from kg import store, summaries
from kg.backends import open_backend
from test_remote_store import oxigraph_server  # noqa: F401 (fixture: a real `oxigraph serve`)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
EMKG = "https://w3id.org/emkg/ontology#"
ORG = "http://www.w3.org/ns/org#"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
VOID = summaries.VOID

ARTICLES = {
    "a1": """وزيرة التضامن تستقبل ممثل اليونيسف لبحث حماية الأطفال غير المصحوبين
استقبلت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، السيد جيريمي هوبكنز، ممثل منظمة اليونيسف في مصر، لبحث سبل حماية الأطفال المهاجرين غير المصحوبين، وذلك بحضور الدكتور أحمد سعدة، معاون وزيرة التضامن الاجتماعي.
""",
    "a2": """مرسي وهوبكنز يتفقدان دار إيواء للأطفال في الجيزة
التقت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، السيد جيريمي هوبكنز، ممثل منظمة اليونيسف في مصر، خلال زيارة دار الإيواء القائمة للأطفال بلا مأوى في محافظة الجيزة، بحضور السفيرة نائلة جبر، رئيسة اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر.
""",
}
ADDED = """وزيرة التضامن تبحث مع رئيس بعثة الهجرة الدولية برامج العودة الطوعية
بحثت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، مع السيد لوران دي بوك، رئيس بعثة المنظمة الدولية للهجرة في مصر، برامج العودة الطوعية وإعادة الإدماج، وذلك بحضور الدكتور أحمد سعدة، معاون وزيرة التضامن الاجتماعي.
"""

#: Shelters with statuses, posts and meetings; each article's sidecar gives its publication date.
SHELTER_ARTICLES = {
    "s1": ("2025-03-10", """وزيرة التضامن تفتتح أول مأوى للأطفال غير المصحوبين في أسوان
افتتحت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، أول مأوى للأطفال غير المصحوبين بذويهم في محافظة أسوان، بحضور السيد جيريمي هوبكنز، ممثل منظمة اليونيسف في مصر. وتخطط الوزارة للتوسع في دور الإيواء لتصل إلى خمس دور إيواء بحلول عام 2026.
"""),
    "s2": (None, """الهلال الأحمر يعرض تجربة مراكز الإيواء على اللجنة الوطنية
استقبلت السفيرة نائلة جبر، رئيسة اللجنة الوطنية التنسيقية لمكافحة ومنع الهجرة غير الشرعية والاتجار بالبشر، وفدا من جمعية الهلال الأحمر المصري. وتضم محافظة الجيزة مركز إيواء للنساء المعنفات تديره جمعية الهلال الأحمر المصري بالتعاون مع المجلس القومي للمرأة.
"""),
    "s3": ("2025-04-02", """التضامن والهجرة الدولية تبحثان استكمال دار إيواء ضحايا الاتجار بالبشر
بحثت الدكتورة مايا مرسي، وزيرة التضامن الاجتماعي، مع السيد لوران دي بوك، رئيس بعثة المنظمة الدولية للهجرة في مصر، استكمال دار إيواء ضحايا الاتجار بالبشر في القاهرة، وذلك بحضور الدكتور أحمد سعدة، معاون وزيرة التضامن الاجتماعي.
"""),
}
HAND = "https://w3id.org/emkg/id/test-hand/"
TITLE = "\u0645\u062f\u064a\u0631 \u0627\u0644\u0635\u0646\u062f\u0648\u0642"  # meem dal yeh reh, alef lam sad noon dal waw qaf: head of the fund
WEEKDAY = "\u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621"  # alef lam alef-hamza-above reh beh ain alef hamza: Wednesday


def hand_written_facts(shelters: list[str], person: str, organization: str) -> str:
    """Status reports and posts a build of SHELTER_ARTICLES does not make: the same status on the
    same date twice, the same status undated, weekday text, one report with two dates, a report
    about something that is not a shelter, a repeated post, a post in a new organisation, and
    two posts there with the same title, one reported on two dates."""
    day = '"2025-03-10"^^<http://www.w3.org/2001/XMLSchema#date>'
    first, second = (f"<{s}>" for s in shelters[:2])
    report = f"<{EMKG}StatusReport>"
    return f"""
<{HAND}r1> a {report} ; <{EMKG}statusOf> {first} ; <{EMKG}reportedStatus> <{EMKG}Existing> ; <{EMKG}reportedOn> {day} .
<{HAND}r2> a {report} ; <{EMKG}statusOf> {first} ; <{EMKG}reportedStatus> <{EMKG}Existing> ; <{EMKG}reportedOn> {day} .
<{HAND}r3> a {report} ; <{EMKG}statusOf> {first} ; <{EMKG}reportedStatus> <{EMKG}Existing> .
<{HAND}r4> a {report} ; <{EMKG}statusOf> {second} ; <{EMKG}reportedStatus> <{EMKG}Planned> ; <{EMKG}reportedOn> "{WEEKDAY}" .
<{HAND}r5> a {report} ; <{EMKG}statusOf> {second} ; <{EMKG}reportedStatus> <{EMKG}BeingCompleted> ;
    <{EMKG}reportedOn> {day} , "2025-04-02"^^<http://www.w3.org/2001/XMLSchema#date> .
<{HAND}r6> a {report} ; <{EMKG}statusOf> <{HAND}programme> ; <{EMKG}reportedStatus> <{EMKG}Ongoing> .
<{HAND}programme> a <{EMKG}Strategy> .
<{HAND}p1> a <{ORG}Membership> ; <{ORG}member> <{person}> ; <{ORG}organization> <{organization}> .
<{HAND}p2> a <{ORG}Membership> ; <{ORG}member> <{person}> ; <{ORG}organization> <{HAND}fund> .
<{HAND}p3> a <{ORG}Membership> ; <{ORG}member> <{person}> ; <{ORG}organization> <{HAND}fund> ;
    <{EMKG}titleAsPrinted> "{TITLE}"@ar ; <{EMKG}reportedOn> {day} , "2024-12-31"^^<http://www.w3.org/2001/XMLSchema#date> .
<{HAND}p4> a <{ORG}Membership> ; <{ORG}member> <{person}> ; <{ORG}organization> <{HAND}fund> ;
    <{EMKG}titleAsPrinted> "{TITLE}"@ar ; <{EMKG}reportedOn> "2025-04-02"^^<http://www.w3.org/2001/XMLSchema#date> .
<{HAND}fund> a <{EMKG}Organization> ; <http://www.w3.org/2000/01/rdf-schema#label> "fund"@en .
"""


PICK_SHELTERS = f"SELECT ?s WHERE {{ ?s a <{EMKG}Shelter> }} ORDER BY ?s"
PICK_POST = f"""SELECT ?person ?organization WHERE {{
  ?m <{EMKG}hasParticipant> ?person . ?post <{ORG}member> ?person ; <{ORG}organization> ?organization }}
GROUP BY ?person ?organization ORDER BY DESC(COUNT(DISTINCT ?m)) ?person ?organization LIMIT 1"""


def build_shelter_store(folder: Path, target: Path) -> Path:
    """`kg build` of SHELTER_ARTICLES, then the hand-written facts added and the summary
    refreshed as `kg build` does."""
    folder.mkdir()
    for name, (published, text) in SHELTER_ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        if published:
            (folder / f"{name}.meta.yaml").write_text(f"published: {published}\n", encoding="utf-8")
    run_kg("build", str(folder), "--store", str(target))
    data = ox.Store(str(store.current_path(target)))
    shelters = [row["s"].value for row in data.query(PICK_SHELTERS)]
    (post,) = data.query(PICK_POST)
    data.load(hand_written_facts(shelters, post["person"].value, post["organization"].value)
              .encode("utf-8"), format=ox.RdfFormat.TURTLE)
    summaries.refresh(data)
    data.flush()
    del data
    return target


@pytest.fixture(scope="module")
def shelter_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("shelters")
    return build_shelter_store(folder / "articles", folder / "store")


def run_kg(*args: str) -> None:
    result = subprocess.run(kg_command() + list(args), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def added_article(tmp_path) -> Path:
    path = tmp_path / "a3.txt"
    path.write_text(ADDED, encoding="utf-8")
    return path


# -- the oracle: counted in Python from the default graph's quads ---------------------------------

def _term(term) -> object:
    """A summary value as the oracle writes it: IRIs by value, integers as int, other literals
    in N-Triples form (so a date, a weekday text and a language tag stay apart)."""
    if isinstance(term, ox.Literal):
        return int(term.value) if term.datatype.value == XSD_INTEGER else str(term)
    return term.value


def live_aggregates(store_: ox.Store) -> dict:
    triples = list(store_.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    members: dict[str, set] = defaultdict(set)
    participants: dict[ox.NamedNode, set] = defaultdict(set)
    facts: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    linked = set()
    for quad in triples:
        predicate = quad.predicate.value
        if predicate == RDF_TYPE:
            members[quad.object.value].add(quad.subject)
        elif predicate == SAME_AS and quad.object.value.startswith(summaries.WIKIDATA_ENTITY):
            linked.add(quad.subject)
        elif predicate == EMKG + "hasParticipant":
            participants[quad.subject].add(quad.object.value)
        if predicate in (EMKG + "statusOf", EMKG + "reportedStatus", EMKG + "reportedOn",
                         ORG + "member", ORG + "organization", EMKG + "titleAsPrinted"):
            facts[predicate][quad.subject].add(_term(quad.object))
    pairs = Counter(pair for people in participants.values()
                    for pair in itertools.combinations(sorted(people), 2))
    return {"triples": len(triples), "entities": len({q.subject for q in triples}),
            "classes": {c: (len(s), len(s & linked)) for c, s in members.items()},
            "pairs": dict(pairs),
            "tallies": _status_tallies(facts, {s.value for s in members[EMKG + "Shelter"]}),
            "posts": dict(Counter((member, organization)
                                  for post, people in facts[ORG + "member"].items()
                                  for member in people
                                  for organization in facts[ORG + "organization"].get(post, ()))),
            "titles": _title_tallies(facts),
            "mentions": dict(Counter(q.subject.value for q in triples
                                     if q.predicate.value == EMKG + "mentionedIn")),
            "target_keys": {(q.subject.value, _target_key(q.object.value)) for q in triples
                            if q.predicate.value == EMKG + "targetGroup"
                            and q.subject in members[EMKG + "Shelter"]}}


def _target_key(text: str) -> str:
    """A target group normalised as shelters-by-status compares it (kg.summaries)."""
    text = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", text)  # hamza forms, alef wasla: alef
    text = text.replace("\u0629", "\u0647").replace("\u0649", "\u064a")  # taa marbuta, alef maqsura
    return re.sub("[\u064b-\u0652\u0640]", "", text).lower()  # diacritics, tatweel


def _title_tallies(facts: dict) -> dict:
    """(member, organisation, title or None) -> (posts, first date or None, last date or None);
    dates compare as their N-Triples text, which orders xsd:date values of one form by date."""
    posts = defaultdict(set)
    for post, people in facts[ORG + "member"].items():
        for key in itertools.product(people, facts[ORG + "organization"].get(post, ()),
                                     facts[EMKG + "titleAsPrinted"].get(post) or {None}):
            posts[key].add(post)
    tallies = {}
    for key, group in posts.items():
        dates = set().union(*(facts[EMKG + "reportedOn"].get(post, set()) for post in group))
        tallies[key] = (len(group), min(dates, default=None), max(dates, default=None))
    return tallies


def _status_tallies(facts: dict, shelters: set[str]) -> dict:
    """(shelter, status, date or None) -> (status reports saying it, rank of the status among
    every reported status in code-point order)."""
    statuses = sorted(set().union(*facts[EMKG + "reportedStatus"].values()))
    reports = Counter(
        (shelter, status, date)
        for report, targets in facts[EMKG + "statusOf"].items()
        for shelter in targets & shelters
        for status in facts[EMKG + "reportedStatus"].get(report, ())
        for date in (facts[EMKG + "reportedOn"].get(report) or {None}))
    return {key: (n, statuses.index(key[1]), _page_order(statuses.index(key[1]), key[2]))
            for key, n in reports.items()}


def _page_order(rank: int, date: str | None) -> int:
    """shelters-by-status's order as one integer: rank, then the latest xsd:date first, others
    (no date, weekday text) last."""
    day = date.split('"')[1] if date and date.endswith(f"<{XSD_DATE}>") else None
    return rank * 10**8 + 99_999_999 - (int(day.replace("-", "")) if day else 0)


def summary_aggregates(store_: ox.Store) -> dict:
    """The summary graph's content in the oracle's shape (no SPARQL: quads by subject)."""
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for quad in store_.quads_for_pattern(None, None, None, ox.NamedNode(summaries.SUMMARY_GRAPH)):
        nodes[quad.subject.value][quad.predicate.value].append(_term(quad.object))
    dataset = nodes[summaries.DATASET_NODE]
    classes = {nodes[p][VOID + "class"][0]: (nodes[p][VOID + "entities"][0],
                                             nodes[p][EMKG + "entitiesLinkedToWikidata"][0])
               for p in dataset[VOID + "classPartition"]}
    assert dataset[VOID + "classes"] == [len(classes)]
    pairs = {(n[EMKG + "firstParticipant"][0], n[EMKG + "secondParticipant"][0]):
             n[EMKG + "sharedMeetings"][0]
             for n in nodes.values() if EMKG + "CoParticipation" in n.get(RDF_TYPE, [])}
    tallies = [n for n in nodes.values() if EMKG + "ShelterStatusTally" in n.get(RDF_TYPE, [])]
    posts = [n for n in nodes.values() if EMKG + "MemberOrganizationPair" in n.get(RDF_TYPE, [])]
    titles = [n for n in nodes.values() if EMKG + "PostTitleTally" in n.get(RDF_TYPE, [])]
    summary = {"triples": dataset[VOID + "triples"][0], "entities": dataset[VOID + "entities"][0],
               "classes": classes, "pairs": pairs,
               "tallies": {(n[EMKG + "tallyShelter"][0], n[EMKG + "tallyStatus"][0],
                            (n.get(EMKG + "tallyDate") or [None])[0]):
                           (n[EMKG + "statusReports"][0], n[EMKG + "statusRank"][0],
                            n[EMKG + "pageOrder"][0])
                           for n in tallies},
               "mentions": {subject: n[EMKG + "mentionCount"][0] for subject, n in nodes.items()
                            if EMKG + "mentionCount" in n},
               "target_keys": {(subject, key.split('"')[1]) for subject, n in nodes.items()
                               for key in n.get(EMKG + "targetGroupKey", [])},
               "posts": {(n[EMKG + "pairMember"][0], n[EMKG + "pairOrganization"][0]):
                         n[EMKG + "reportedPosts"][0] for n in posts},
               "titles": {(n[EMKG + "tallyMember"][0], n[EMKG + "tallyOrganization"][0],
                           _one(n, "tallyTitle")):
                          (n[EMKG + "tallyPosts"][0], _one(n, "firstReportedOn"),
                           _one(n, "lastReportedOn")) for n in titles}}
    assert [len(summary[k]) for k in ("tallies", "posts", "titles")] == [
        len(tallies), len(posts), len(titles)]
    assert all(len(values) == 1 for n in tallies + posts + titles for values in n.values())
    return summary


def _one(node: dict, local_name: str) -> object:
    """The value of an optional summary property, or None when the node has none."""
    return (node.get(EMKG + local_name) or [None])[0]


def summary_lines(lines: list[str]) -> list[str]:
    found = [line for line in lines if summaries.in_summary(line)]
    assert len(found) + len(summaries.outside_summary(lines)) == len(lines)
    return found


def in_memory(lines: list[str]) -> ox.Store:
    copy = ox.Store()
    copy.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return copy


# -- tests ----------------------------------------------------------------------------------------

@pytest.mark.slow
def test_summary_equals_live_aggregates_on_the_seeds(seed_store):
    seeds = store.open_read_only(seed_store)
    live = live_aggregates(seeds)
    assert live["pairs"] and any(linked for _, linked in live["classes"].values())
    assert summary_aggregates(seeds) == live


def test_tallies_and_post_pairs_equal_live_aggregates_on_a_small_corpus(shelter_store):
    data = store.open_read_only(shelter_store)
    live = live_aggregates(data)
    assert summary_aggregates(data) == live
    dates = Counter(date for _, _, date in live["tallies"])
    assert dates[None] and len(dates) >= 4  # undated, a day, another day, weekday text
    assert max(n for n, _, _ in live["tallies"].values()) >= 2  # the same status said twice
    assert {rank for _, rank, _ in live["tallies"].values()} >= {0, 1}
    assert max(live["posts"].values()) >= 2 and len(live["posts"]) >= 4
    assert not any(HAND + "programme" in key for key in live["tallies"])  # shelters only
    titled = [v for k, v in live["titles"].items() if k[2] == f'"{TITLE}"@ar']
    assert titled == [(2, '"2024-12-31"^^<http://www.w3.org/2001/XMLSchema#date>',
                       '"2025-04-02"^^<http://www.w3.org/2001/XMLSchema#date>')]
    assert any(first is None for _, first, _ in live["titles"].values())  # undated posts


def test_build_then_add_keeps_the_summary_equal_to_the_graph(tmp_path, corpus, added_article):
    target = tmp_path / "store"
    run_kg("build", str(corpus), "--store", str(target))
    before = summary_aggregates(store.open_read_only(target))
    assert before == live_aggregates(store.open_read_only(target))
    assert max(before["pairs"].values()) == 2  # the minister and UNICEF's representative, twice
    run_kg("add", str(added_article), "--store", str(target))
    after = summary_aggregates(store.open_read_only(target))
    assert after == live_aggregates(store.open_read_only(target))
    article = EMKG + "Article"
    assert after["classes"][article][0] == before["classes"][article][0] + 1
    assert set(after["pairs"]) > set(before["pairs"])
    assert set(after["posts"]) > set(before["posts"])  # IOM's head of mission and his post
    run_kg("add", str(added_article), "--store", str(target))  # idempotent: nothing changes
    assert summary_aggregates(store.open_read_only(target)) == after


def test_same_input_twice_gives_identical_summary_quads(tmp_path):
    builds = []
    for name in ("one", "two"):
        built = build_shelter_store(tmp_path / f"articles-{name}", tmp_path / name)
        builds.append(summary_lines(store.canonical_nquads(store.open_read_only(built))))
    assert builds[0] and builds[0] == builds[1]
    for kind in ("pair", "member", "shelter-status"):
        assert any(f"/summary/{kind}/" in line for line in builds[0]), kind


def test_exports_of_the_default_graph_leave_the_summary_out(tmp_path, corpus):
    target = tmp_path / "store"
    run_kg("build", str(corpus), "--store", str(target))
    for fmt in ("nt", "ttl", "owl"):
        out = tmp_path / f"export.{fmt}"
        run_kg("export", "--store", str(target), "--format", fmt, "--out", str(out))
        text = out.read_text(encoding="utf-8")
        assert "official/" in text, fmt  # the data is there ...
        assert summaries.SUMMARY_GRAPH + "/" not in text, fmt  # ... its summary nodes are not


@pytest.mark.server
@pytest.mark.slow
def test_remote_store_gets_the_same_summary_and_add_refreshes_it(oxigraph_server, tmp_path,  # noqa: F811
                                                                 corpus, added_article):
    url, _ = oxigraph_server
    run_kg("build", str(corpus), "--store", url)
    run_kg("build", str(corpus), "--store", str(tmp_path / "embedded"))
    remote = open_backend(url)
    embedded = store.canonical_nquads(store.open_read_only(tmp_path / "embedded"))
    assert summary_lines(remote.canonical_nquads()) == summary_lines(embedded)
    assert any("/summary/member/" in line for line in summary_lines(embedded))
    run_kg("add", str(added_article), "--store", url)
    after = in_memory(remote.canonical_nquads())
    assert summary_aggregates(after) == live_aggregates(after)
    assert summary_aggregates(after) != summary_aggregates(in_memory(embedded))
    expected = summary_lines(store.canonical_nquads(after))
    remote._update(f"DROP GRAPH <{summaries.SUMMARY_GRAPH}>")  # as built before summaries
    assert summary_lines(remote.canonical_nquads()) == []
    run_kg("summarise", "--store", url)
    assert expected and summary_lines(remote.canonical_nquads()) == expected
