"""Each rule on hand-built facts: the cases that real code makes awkward to set up (big cycles, every
kind of duplicate, suppressions and settings), asserted on messages, locations and related info."""
from __future__ import annotations

from dataclasses import replace

from check_fakes import FakeWorkspace, Problem, asset, dep, rng

from assetlens.analyzer.config import Settings
from assetlens.analyzer.diagnostics import fails, run_rules
from assetlens.analyzer.facts import ModuleFacts, SyntaxProblem


def codes(diagnostics):
    return [(d.code, d.file, d.range.line if d.range else None) for d in diagnostics]


def test_cycle_message_names_the_whole_cycle_with_each_edge_as_related_info():
    ws = FakeWorkspace(
        [
            asset("a", dep("c", 3, 6), file="one.py", line=3),
            asset("b", dep("a", 5, 6), file="two.py", line=5),
            asset("c", dep("b", 7, 6), file="three.py", line=7),
            asset("d", dep("c", 9, 6), file="three.py", line=9),  # downstream of the cycle, not on it
        ]
    )
    diagnostics = run_rules(ws)
    assert codes(diagnostics) == [("AL001", "one.py", 3), ("AL001", "three.py", 7), ("AL001", "two.py", 5)]
    by_file = {d.file: d for d in diagnostics}
    assert by_file["one.py"].message == "dependency cycle: a -> b -> c -> a"
    assert by_file["two.py"].message == "dependency cycle: b -> c -> a -> b"
    related = by_file["one.py"].related
    assert [(r.file, r.range.line, r.message) for r in related] == [
        ("two.py", 5, "`b` depends on `a` here"),
        ("three.py", 7, "`c` depends on `b` here"),
        ("one.py", 3, "`a` depends on `c` here"),
    ]
    # located on the asset's own reference to its upstream on the cycle
    assert by_file["one.py"].range == rng(3, 6, 7)
    assert fails(diagnostics)


def test_cycle_reported_only_in_the_files_asked_for_but_found_through_other_files():
    ws = FakeWorkspace([asset("a", dep("b"), file="one.py"), asset("b", dep("a"), file="two.py")])
    assert codes(run_rules(ws, files=["two.py"])) == [("AL001", "two.py", 1)]
    assert run_rules(ws, files=["elsewhere.py"]) == []


def test_each_file_on_a_strongly_connected_component_gets_one_real_cycle_through_its_asset():
    # a ring of 50 with a chord: 0 -> 1 -> ... -> 49 -> 0 and 10 -> 0; one file per asset, plus a file
    # holding two members (reported once)
    facts = [asset(f"n{i}", dep(f"n{(i - 1) % 50}"), file=f"f{i}.py") for i in range(50)]
    facts[0] = asset("n0", dep("n49"), dep("n10"), file="f0.py")
    facts[2] = asset("n2", dep("n1"), file="f1.py")
    ws = FakeWorkspace(facts)
    diagnostics = run_rules(ws)
    assert len(diagnostics) == 49 and len({d.file for d in diagnostics}) == 49
    by_key = {d.key: d for d in diagnostics}
    assert by_key[("n0",)].message.startswith("dependency cycle of 11 assets: n0 -> n1 -> n2 -> n3 -> … (5 more) … -> n9 -> n10 -> n0")
    assert by_key[("n0",)].message.endswith("(50 assets depend on each other in loops)")
    assert by_key[("n1",)].message.startswith("dependency cycle of 11 assets: n1 -> n2 ")
    # n30 is only on the whole ring
    assert by_key[("n30",)].message.startswith("dependency cycle of 50 assets: n30 -> n31 -> n32 -> n33 -> … (44 more) … -> n28 -> n29 -> n30")
    for diagnostic in diagnostics:  # every edge shown as related information is a real edge
        assert 1 <= len(diagnostic.related) <= 8
        for related in diagnostic.related:
            downstream, upstream = related.message.split("`")[1::2]
            assert ws.graph.has_edge((upstream,), (downstream,))


def test_a_long_cycle_is_reported_in_bounded_size_per_file():
    n = 3000
    facts = [asset(f"node_{i}", dep(f"node_{(i - 1) % n}"), file=f"m{i}.py") for i in range(n)]
    diagnostics = run_rules(FakeWorkspace(facts))
    assert len(diagnostics) == n
    assert max(len(d.message) for d in diagnostics) < 200
    assert max(len(d.related) for d in diagnostics) == 8
    first = next(d for d in diagnostics if d.key == ("node_0",))
    assert first.message == (
        f"dependency cycle of {n} assets: node_0 -> node_1 -> node_2 -> node_3 -> … ({n - 6} more) … "
        f"-> node_{n - 2} -> node_{n - 1} -> node_0"
    )


def test_self_dependency_is_a_cycle_unless_a_partition_mapping_is_written():
    text = "@asset(ins={'a': AssetIn(partition_mapping=TimeWindowPartitionMapping(start_offset=-1))})\ndef a(a): ...\n"
    plain = asset("a", dep("a", 2, 6), line=2)
    mapped = replace(plain, file="mapped.py", decorator_range=rng(1, 0, 80))
    ws = FakeWorkspace([plain], texts={"assets.py": "@asset\ndef a(a): ...\n"})
    [diagnostic] = run_rules(ws)
    assert diagnostic.message == "`a` depends on itself" and diagnostic.related == ()
    assert run_rules(FakeWorkspace([mapped], texts={"mapped.py": text})) == []


def test_missing_upstream_suggests_close_keys_and_the_same_name_under_another_prefix():
    ws = FakeWorkspace(
        [
            asset("raw/orders"),
            asset("raw_orders"),
            asset("customers"),
            asset("daily", dep("orders", 5, 10)),
            asset("weekly", dep("raw_order", 7, 11)),
            asset("other", dep("zzzz_unrelated", 9, 10)),
        ]
    )
    diagnostics = {d.key: d for d in run_rules(ws)}
    # what matters first: the undefined key and the suggestion (a Problems row shows ~150 characters)
    assert diagnostics[("daily",)].message.startswith("`orders` is not defined; did you mean `raw/orders`? (`daily` depends on it")
    assert diagnostics[("weekly",)].message.startswith("`raw_order` is not defined; did you mean `raw_orders` or `raw/orders`?")
    assert "did you mean" not in diagnostics[("other",)].message
    assert diagnostics[("daily",)].severity == "error" and diagnostics[("daily",)].range == rng(5, 10, 16)


def test_missing_upstream_is_an_error_for_inputs_and_a_warning_for_deps():
    ws = FakeWorkspace([asset("a", dep("x", via="param")), asset("b", dep("y", via="deps"))])
    assert {d.key: d.severity for d in run_rules(ws)} == {("a",): "error", ("b",): "warning"}


def test_missing_upstream_mentions_definitions_that_could_not_be_resolved():
    ws = FakeWorkspace([asset(None, resolved=False), asset("b", dep("a"))])
    [missing] = [d for d in run_rules(ws) if d.code == "AL002"]
    assert "1 definition in the workspace has a key that could not be determined" in missing.message


def test_unresolved_dependency_is_info_not_missing_upstream():
    ws = FakeWorkspace([asset("b", dep(None, 3, 6, text="make_key()"))])
    [diagnostic] = run_rules(ws)
    assert (diagnostic.code, diagnostic.severity) == ("AL006", "info")
    assert "`make_key()`" in diagnostic.message
    assert not fails([diagnostic])


def test_duplicate_keys_across_files_point_at_each_other():
    ws = FakeWorkspace([asset("orders", file="a.py", line=4), asset("orders", file="b.py", line=9)])
    diagnostics = run_rules(ws)
    assert codes(diagnostics) == [("AL003", "a.py", 4), ("AL003", "b.py", 9)]
    assert diagnostics[0].message == "duplicate asset key `orders`: also defined at b.py:9:5"
    assert [(r.file, r.range.line) for r in diagnostics[0].related] == [("b.py", 9)]


def test_duplicates_that_dagster_accepts_are_not_reported():
    sources = [asset("s", kind="source", file="a.py"), asset("s", kind="source", file="b.py", description="x")]
    same_specs = [asset("t", kind="spec", file="a.py", group="g"), asset("t", kind="spec", file="b.py", group="g")]
    one_site_twice = [asset("u", file="a.py"), asset("u", file="a.py")]  # one module loaded twice
    assert run_rules(FakeWorkspace(sources + same_specs + one_site_twice)) == []


def test_conflicting_specs_and_source_with_asset_are_reported():
    specs = [asset("t", kind="spec", file="a.py", group="g"), asset("t", kind="spec", file="b.py", group="h")]
    mixed = [asset("s", kind="source", file="a.py", line=20), asset("s", file="c.py")]
    diagnostics = run_rules(FakeWorkspace(specs + mixed))
    messages = sorted({d.message.split(":")[0] for d in diagnostics})
    assert messages == ["conflicting AssetSpecs for `t`", "duplicate asset key `s`"]


def test_invalid_definition_problems_are_reported_once_per_place():
    problem = Problem("AL005", "`ins` names `x`, which is not a parameter of `a`", rng(2, 10, 11))
    first = asset("a", problems=(problem,), node_id="n")
    second = asset("b", problems=(problem,), node_id="n", output="b")  # another output of the same multi-asset
    [diagnostic] = run_rules(FakeWorkspace([first, second]))
    assert (diagnostic.code, diagnostic.message, diagnostic.range) == ("AL005", problem.message, problem.range)


def test_syntax_errors_are_reported_at_their_position():
    module = ModuleFacts("bad.py", "bad", "h", syntax_error=SyntaxProblem("invalid syntax", rng(3, 7)))
    [diagnostic] = run_rules(FakeWorkspace([], modules=[module]))
    assert (diagnostic.code, diagnostic.name, diagnostic.file, diagnostic.range) == ("AL000", "syntax-error", "bad.py", rng(3, 7))


def test_select_ignore_severity_and_per_file_ignores():
    ws = FakeWorkspace([asset("a", dep("missing"), file="x/a.py"), asset("a", file="y/b.py")])
    assert {d.code for d in run_rules(ws)} == {"AL002", "AL003"}
    assert {d.code for d in run_rules(ws, Settings(select=("AL003",)))} == {"AL003"}
    assert {d.code for d in run_rules(ws, Settings(ignore=("AL00",)))} == set()
    ignored = run_rules(ws, Settings(per_file_ignores=(("x/*.py", ("AL002", "AL003")),)))
    assert codes(ignored) == [("AL003", "y/b.py", 1)]
    upgraded = run_rules(ws, Settings(severity=(("AL002", "error"),), select=("AL002",)))
    assert [d.severity for d in upgraded] == ["error"]


def test_inline_suppressions_by_code_or_for_all_codes():
    module = ModuleFacts("a.py", "a", "h", suppressions=((1, ("AL003",)),))
    other = ModuleFacts("b.py", "b", "h", suppressions=((1, ()),))
    ws = FakeWorkspace([asset("k", file="a.py"), asset("k", file="b.py"), asset("k", file="c.py")], modules=[module, other])
    assert [d.file for d in run_rules(ws)] == ["c.py"]
    wrong_code = ModuleFacts("a.py", "a", "h", suppressions=((1, ("AL001",)),))
    ws = FakeWorkspace([asset("k", file="a.py"), asset("k", file="c.py")], modules=[wrong_code])
    assert [d.file for d in run_rules(ws)] == ["a.py", "c.py"]


def test_every_reported_cycle_is_a_real_simple_cycle_through_its_asset():
    import random

    rng_ = random.Random(7)
    for _ in range(200):
        n = rng_.randint(2, 7)
        edges = {(rng_.randrange(n), rng_.randrange(n)) for _ in range(rng_.randint(n, 3 * n))}
        facts = [
            asset(f"k{i}", *[dep(f"k{u}", 1, 0) for u, d in sorted(edges) if d == i], file=f"f{i}.py") for i in range(n)
        ]
        ws = FakeWorkspace(facts)
        diagnostics = run_rules(ws, Settings(select=("AL001",)))
        import networkx as nx

        on_cycles = {f"f{i}.py" for i in range(n) if (i, i) in edges} | {
            f"f{i}.py" for c in nx.strongly_connected_components(nx.DiGraph(list(edges))) if len(c) > 1 for i in c
        }
        assert sorted(d.file for d in diagnostics) == sorted(on_cycles)  # each file on a cycle, once
        for diagnostic in diagnostics:
            start = diagnostic.key[0]
            if diagnostic.message.endswith("depends on itself"):
                assert (int(start[1:]), int(start[1:])) in edges
                continue
            path = diagnostic.message.split(": ", 1)[1].split(" (")[0].split(" -> ")
            assert path[0] == path[-1] == start and len(set(path[:-1])) == len(path) - 1, diagnostic.message
            for upstream, downstream in zip(path, path[1:]):
                assert (int(upstream[1:]), int(downstream[1:])) in edges, diagnostic.message
