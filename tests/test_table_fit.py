"""How a table's width is shared among its columns (ui/table_fit.py)."""

from hypothesis import given
from hypothesis import strategies as st

from ui.table_fit import share_width


def test_columns_keep_their_content_width_and_the_spare_goes_to_one() -> None:
    assert share_width([50, 80, 30], [40, 60, 30], 200, grow=1) == [50, 120, 30]


def test_the_widest_columns_give_way_first() -> None:
    # Muscle, side, state, evidence in 520 px: the short ones keep their width.
    widths = share_width([140, 45, 150, 500], [60, 45, 65, 180], 520, grow=3)
    assert sum(widths) == 520
    assert widths[1] == 45
    assert widths[3] >= 208  # the text column keeps a readable width (40 % of the table)
    assert widths[0] < 140 and widths[2] < 150


def test_no_column_below_its_header_or_longest_word() -> None:
    assert share_width([300, 300], [120, 150], 200, grow=0) == [120, 150]


@given(
    st.lists(st.tuples(st.integers(1, 600), st.integers(1, 600)), min_size=1, max_size=8),
    st.integers(1, 3000),
    st.data(),
)
def test_the_widths_fill_the_table_unless_the_floors_are_wider(
    columns: list[tuple[int, int]], room: int, data: st.DataObject
) -> None:
    natural = [max(a, b) for a, b in columns]
    floor = [min(a, b) for a, b in columns]
    grow = data.draw(st.integers(0, len(columns) - 1))
    widths = share_width(natural, floor, room, grow)
    assert all(w >= f for w, f in zip(widths, floor, strict=True))
    others = [i for i in range(len(columns)) if i != grow]
    assert all(widths[i] <= natural[i] for i in others)
    if sum(floor) <= room:
        assert sum(widths) == room
