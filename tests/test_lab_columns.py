"""lossdocs.lab.columns: a printed table's columns, as the labs print them."""

from lossdocs.lab import columns


def test_columns_are_as_wide_as_their_widest_cell_and_rows_may_be_short():
    rows = [["", "y = 0"], ["", "x ≤", "ulp", "form"], ["float32", "-88.75", "4e+07", "식 그대로"]]
    assert columns(rows) == (
        "         y = 0\n         x ≤     ulp    form\nfloat32  -88.75  4e+07  식 그대로"
    )


def test_no_trailing_spaces():
    assert columns([["a", ""], ["bbb", "c"]]) == "a\nbbb  c"
