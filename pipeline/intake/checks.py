"""The checks of the submissions read: the base a form speaks for (its id, name, file and sheet
name agree), each on its own, against the base's previous year and its field, one submission per
base, and figures that look like a whole city's or province's. Each finding's message and advice
are those of its rule in data/raw/reference/validation_rules.yml."""
from __future__ import annotations

import bisect
import statistics
from decimal import Decimal
from pathlib import Path

from pipeline.intake import forms
from pipeline.intake.confirmations import Confirmations
from pipeline.intake.directory import Directory
from pipeline.intake.numbers import parse_year_cell, shown_date
from pipeline.intake.rules import Rules
from pipeline.intake.submission import FEATURED, Submission


def check_identity(sub: Submission, rules: Rules, directory: Directory, row: int | None,
                   given: dict[tuple[str, str], str]) -> None:
    """A submission speaks for one base: its id, name, file name and sheet name may not point elsewhere.
    given maps what was read, named in Chinese and in English (基地编号 / 基地名称 as labelled), to its text."""
    own = directory.name(sub.base_id)
    said = dict(given)
    said[("文件名", "the file name")] = Path(sub.file).name
    if sub.sheet:
        said[("工作表名", "the sheet name")] = sub.sheet
    conflicts_zh, conflicts_en = [], []
    for (what_zh, what_en), said_text in said.items():
        if not said_text:
            continue
        named = directory.named_in(said_text)
        others = "、".join(sorted(directory.name(b) for b in named - {sub.base_id}))
        if others:
            conflicts_zh.append(f"{what_zh}“{said_text}”指向{others}")
            conflicts_en.append(f"{what_en} “{said_text}” points to {others}")
    if conflicts_zh:
        sub.findings.append(rules.finding("identity_mismatch", sub, row=row, field=forms.BASE_ID_LABEL, value=sub.given_base,
                                          detail=(f"“{sub.base_id}”即{own}，而" + "；".join(conflicts_zh),
                                                  f"{sub.base_id} is {own}, but " + "; ".join(conflicts_en))))


def check_submission(sub: Submission, rules: Rules, directory: Directory, required: dict[str, str],
                     whole_numbers: set[str]) -> None:
    """The checks of one submission on its own; required maps each required measure to its label."""
    if sub.given_year is not None and parse_year_cell(sub.given_year) != sub.year:
        sub.findings.append(rules.finding("year_mismatch", sub, row=sub.year_row, field=forms.YEAR_LABEL,
                                          value=shown_date(sub.given_year)))
    for measure, label in required.items():
        if sub.amount(measure) is None and measure not in sub.unreadable:
            value = sub.values.get(measure)
            sub.findings.append(rules.finding("required_missing", sub, row=value.row if value else None,
                                              field=value.label if value else label))
    largest = Decimal(rules.param("number_too_large", "max"))
    for measure, value in sub.values.items():
        if value.amount is None:
            continue
        if abs(value.amount) > largest:
            sub.findings.append(rules.finding("number_too_large", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=str(largest)))
            sub.unreadable.add(measure)
            continue
        if value.amount < 0:
            sub.findings.append(rules.finding("negative", sub, row=value.row, field=value.label, value=value.amount))
        places = decimal_places(rules, measure.removeprefix(FEATURED) in whole_numbers, value.provenance)
        if value.amount != value.amount.quantize(Decimal(1).scaleb(-places)):
            sub.findings.append(rules.finding("too_many_decimals", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=decimals_said(rules, places)))
    for measure in sub.unreadable & set(sub.values):
        del sub.values[measure]  # a value past every limit is not compared with anything
    for measure, value in sub.values.items():
        total = sub.amount(measure[len(FEATURED):]) if measure.startswith(FEATURED) else None
        if total is not None and value.amount is not None and value.amount > total:
            sub.findings.append(rules.finding("featured_exceeds_total", sub, row=value.row, field=value.label,
                                              value=value.amount, detail=str(total)))
    if sub.base_id is None:
        return
    exports, sales, fx = sub.amount("exports"), sub.amount("sales"), directory.fx.get(sub.year)
    limit = Decimal(str(rules.param("exports_implausible", "max_ratio")))
    if exports and sales and fx and exports * fx > sales * limit:
        sub.findings.append(rules.finding("exports_implausible", sub, row=sub.values["exports"].row, field=sub.values["exports"].label,
                                          value=exports, detail=f"{limit}×"))
    hightech = sub.amount("hightech_exports")
    measured = hightech if hightech is not None else exports
    region = directory.region[sub.base_id]
    name = "hightech_exports" if hightech is not None else "exports"
    # an estimate of the project's own (the published year's reconstruction) says nothing of the base's exports
    if measured is not None and 0 <= measured < directory.threshold[region] and sub.values[name].provenance != "reconstructed":
        sub.findings.append(rules.finding("below_export_threshold", sub, row=sub.values[name].row,
                                          field=sub.values[name].label, value=measured, detail=region))


def decimal_places(rules: Rules, whole_number: bool, provenance: str) -> int:
    """The decimals a value may have: none for a count, the amounts' places for an amount, more for
    a reconstruction's amount (it states the unrounded values that reproduce a published report)."""
    if whole_number:
        return 0
    return rules.param("too_many_decimals", "reconstructed_places" if provenance == "reconstructed" else "amount_places")


def decimals_said(rules: Rules, places: int) -> tuple[str, str]:
    """What is wrong with a value past its places, in Chinese and English: a count is not a whole
    number; an amount has more than its places."""
    if places == 0:
        return rules.param("too_many_decimals", "not_whole_zh"), rules.param("too_many_decimals", "not_whole_en")
    return (rules.param("too_many_decimals", "too_many_places_zh").format(places=places),
            rules.param("too_many_decimals", "too_many_places_en").format(places=places))


def check_magnitudes(subs: list[Submission], previous: dict, rules: Rules, directory: Directory) -> None:
    """A value about 10^4 off the base's previous year, or else its field's median, is flagged.
    Each field's medians are taken once, so the check grows with the number of values."""
    ratio = Decimal(rules.param("unit_magnitude", "ratio"))
    by_field: dict[tuple[str, str], list[Decimal]] = {}
    for sub in subs:
        if sub.base_id:
            for measure, value in sub.values.items():
                if value.amount:
                    by_field.setdefault((directory.bases[sub.base_id]["field_zh"], measure), []).append(value.amount)
    medians = {key: Decimal(statistics.median(peers)) for key, peers in by_field.items() if len(peers) >= 4}
    for sub in subs:
        if not sub.base_id:
            continue
        for measure, value in sub.values.items():
            if not value.amount:
                continue
            before = previous.get((sub.base_id, measure))
            if before:
                reference, what = before, (f"上年（{before}）", f"last year's {before}")
            else:
                reference = medians.get((directory.bases[sub.base_id]["field_zh"], measure))
                if reference is None:
                    continue
                what = (f"同领域中位数（{reference}）", f"the field's median {reference}")
            if reference and (value.amount / reference >= ratio or reference / value.amount >= ratio):
                sub.findings.append(rules.finding("unit_magnitude", sub, row=value.row, field=value.label,
                                                  value=value.amount, detail=what))


def check_scope(subs: list[Submission], rules: Rules, directory: Directory) -> None:
    """A base far above its field's other bases on every measure, with a tiny featured share, has
    likely reported its whole city or province (张江 in 2009: a third of all bases' sales)."""
    measures = rules.param("whole_region_figures", "measures")
    min_peers = rules.param("whole_region_figures", "min_peers")
    min_ratio = Decimal(str(rules.param("whole_region_figures", "min_ratio")))
    max_share = Decimal(str(rules.param("whole_region_figures", "max_featured_share")))
    kept = [s for s in subs if s.base_id and s.status == "accepted" and not s.has_error]
    field_of = {s.base_id: directory.bases[s.base_id]["field_zh"] for s in kept}
    peers = {measure: FieldValues((field_of[s.base_id], s.amount(measure)) for s in kept) for measure in measures}
    for sub in kept:
        compared = [scope_comparison(sub, peers[measure], field_of[sub.base_id], measure, min_peers)
                    for measure in measures]
        if None in compared:
            continue
        ratios, shares = zip(*compared)
        if min(ratios) >= min_ratio and max(shares) <= max_share:
            sales = sub.values["sales"]
            sub.findings.append(rules.finding(
                "whole_region_figures", sub, row=sales.row, field=sales.label, value=sales.amount,
                ratios=" / ".join(f"{r:.0f}" for r in ratios), featured_share=f"{max(shares):.1%}"))


class FieldValues:
    """A measure's non-zero values by field, sorted once, so that the median of a field's other
    bases (all but one value) is found without copying the field (check_scope stays linear)."""

    def __init__(self, pairs):
        self.sorted: dict[str, list[Decimal]] = {}
        for field_zh, amount in pairs:
            if amount:
                self.sorted.setdefault(field_zh, []).append(amount)
        for values in self.sorted.values():
            values.sort()

    def others(self, field_zh: str, own) -> int:
        """How many values the field has besides own (own is left out when it is non-zero)."""
        return len(self.sorted.get(field_zh, ())) - (1 if own else 0)

    def median_without(self, field_zh: str, own) -> Decimal:
        """The median of the field's values with one occurrence of own left out (as statistics.median)."""
        values = self.sorted[field_zh]
        skipped = bisect.bisect_left(values, own) if own else len(values)
        count = len(values) - (1 if own else 0)

        def nth(k: int) -> Decimal:
            return values[k + 1] if k >= skipped else values[k]
        middle = count // 2
        return nth(middle) if count % 2 else (nth(middle - 1) + nth(middle)) / 2


def scope_comparison(sub: Submission, peers: FieldValues, field_zh: str, measure: str, min_peers: int):
    """(the measure over its median among the field's other bases, its featured share), or None if
    it cannot be compared."""
    amount, featured = sub.amount(measure), sub.amount(FEATURED + measure)
    if not amount or featured is None or peers.others(field_zh, amount) < min_peers:
        return None
    return amount / Decimal(peers.median_without(field_zh, amount)), featured / amount


def settle_duplicates(subs: list[Submission], rules: Rules, confirmations: Confirmations) -> None:
    """One submission per base and year: the one received last, in the log's order, wins and the
    others are kept, superseded. Different submissions received together cannot be ordered: they
    are held back, unless the base confirmed which one counts; the base's earlier one then stands."""
    by_base: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.base_id and not sub.has_error:
            by_base.setdefault(sub.base_id, []).append(sub)
    for group in by_base.values():
        while len(group) > 1:
            latest = max(s.receipt for s in group)
            together = sorted((s for s in group if s.receipt == latest), key=lambda s: (s.file, s.sheet or "", s.row or 0))
            chosen = [s for s in together if confirmations.covering(s, "simultaneous_submissions", None)]
            if any(s.content() != together[0].content() for s in together) and len(chosen) != 1:
                # a confirmation names the one that counts: the base's word on several names none,
                # and it may not turn their findings into warnings, which would let each count
                confirmed_zh, confirmed_en = ("；基地确认了其中不止一份，只能确认以之为准的一份",
                                              "; the base confirmed more than one of them: confirm only the one that counts") \
                    if len(chosen) > 1 else ("", "")
                for sub in together:
                    others = [o for o in together if o is not sub]
                    others_zh, others_en = listed(others)
                    sub.findings.append(confirmations.weighed(rules.finding("simultaneous_submissions", sub, detail=(
                        others_zh + confirmed_zh, others_en + confirmed_en))))
                group = [s for s in group if s not in together]
                continue
            winner = chosen[0] if chosen else together[-1]
            for earlier in (s for s in group if s is not winner):
                earlier.status = "superseded"
                if earlier.receipt == winner.receipt:  # the same figures received together: counted once, neither is later
                    earlier_detail = (f"与同时收到的{where_zh(winner)}相同，只计一次",
                                      f"the same figures as {where(winner)}, received with it: counted once")
                    winner_detail = (f"与同时收到的{where_zh(earlier)}相同，只计一次",
                                     f"the same figures as {where(earlier)}, received with it: counted once")
                else:
                    earlier_detail = (f"已被后收到的{where_zh(winner)}取代", f"superseded by {where(winner)}, received later")
                    winner_detail = (f"取代了{where_zh(earlier)}", f"replaces {where(earlier)}")
                earlier.findings.append(rules.finding("duplicate_submission", earlier, detail=earlier_detail))
                winner.findings.append(rules.finding("duplicate_submission", winner, detail=winner_detail))
            break


def settle_corrections(subs: list[Submission], rules: Rules) -> None:
    """A quarantined submission that the base's accepted one, received later, corrects is
    superseded by it: its errors are no longer open, and qa.md lists them as corrected."""
    accepted = {s.base_id: s for s in subs if s.base_id and s.status == "accepted"}
    for sub in subs:
        correction = accepted.get(sub.base_id)
        if sub.status == "quarantined" and correction is not None and sub.receipt < correction.receipt:
            sub.status = "superseded"
            sub.findings.append(rules.finding("duplicate_submission", sub,
                                              detail=(f"已由后收到的{where_zh(correction)}更正",
                                                      f"corrected by {where(correction)}, received later")))
            correction.findings.append(rules.finding("duplicate_submission", correction,
                                                     detail=(f"更正了{where_zh(sub)}", f"corrects {where(sub)}")))


def note_versions_held_back(subs: list[Submission], rules: Rules) -> None:
    """A base's accepted submission says so when a different one of the base, received with it, is
    held back for errors: which of the two the base meant is not known (settle_duplicates weighs
    only the submissions without errors). Grouped by base and receipt: a year's submissions
    are each compared with the few held back beside them, not with one another."""
    held_back: dict[tuple[str | None, tuple], list[Submission]] = {}
    for sub in subs:
        if sub.status == "quarantined":
            held_back.setdefault((sub.base_id, sub.receipt), []).append(sub)
    for sub in subs:
        if sub.status != "accepted":
            continue
        others = [o for o in held_back.get((sub.base_id, sub.receipt), []) if o.content() != sub.content()]
        if others:
            sub.findings.append(rules.finding("other_version_held_back", sub, detail=listed(others)))


def listed(subs: list[Submission]) -> tuple[str, str]:
    """Submissions named one after the other, in Chinese and in English (where_zh, where)."""
    return "、".join(where_zh(s) for s in subs), ", ".join(where(s) for s in subs)


def where(sub: Submission) -> str:
    """A submission's file, with its sheet or row when the file holds several."""
    return sub.file + (f" ({sub.sheet})" if sub.sheet else f" (row {sub.row})" if sub.row else "")


def where_zh(sub: Submission) -> str:
    """where(sub), said in Chinese: the file in quotation marks, so that no space sets it apart."""
    return f"“{sub.file}”" + (f"（{sub.sheet}）" if sub.sheet else f"（第{sub.row}行）" if sub.row else "")
