"""Property tests of the phonebook decoders: trees of any shape round-trip, and no
answer makes a phonebook call raise anything but our own errors."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from iletimerkezi_async import Contact, Group, IletiMerkeziError
from iletimerkezi_async.sansio import Credentials, contacts, groups
from iletimerkezi_async.testing.shapes import encode_group, encode_groups

CREDENTIALS = Credentials("key", "hash")

names = st.text(alphabet="abcçğıİöşüIi ", max_size=8)
trees = st.recursive(
    st.builds(Group, st.integers(0, 10**9), names, st.integers(0, 10**6), st.just(())),
    lambda children: st.builds(
        Group,
        st.integers(0, 10**9),
        names,
        st.integers(0, 10**6),
        st.lists(children, max_size=3).map(tuple),
    ),
    max_leaves=20,
)


def answer(**payload: object) -> bytes:
    status = {"code": 200, "message": "İşlem başarılı"}
    return json.dumps({"response": {"status": status, **payload}}).encode()


@settings(max_examples=200)
@given(st.lists(trees, max_size=4), st.sampled_from(["current", "legacy"]))
def test_any_tree_round_trips_in_both_shapes(tree: list[Group], shape: str) -> None:
    body = answer(groups=encode_groups(tree, shape))  # type: ignore[arg-type]
    assert groups.get_groups(CREDENTIALS).decode(200, body) == tree


@settings(max_examples=200)
@given(trees, st.sampled_from(["current", "legacy"]))
def test_get_group_round_trips(group: Group, shape: str) -> None:
    body = answer(group=encode_group(group, shape))  # type: ignore[arg-type]
    assert groups.get_group(CREDENTIALS, group.id).decode(200, body) == group


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
    st.sampled_from(["", "0", "12", "-1", "1e3", "٣"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "count",
                    "children",
                    "child",
                    "group",
                    "contact",
                    "custom_fields",
                    "groups",
                    "value",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=25,
)

CALLS = [
    ("groups", groups.get_groups(CREDENTIALS)),
    ("group", groups.get_group(CREDENTIALS, 1)),
    ("group", groups.add_group(CREDENTIALS, "x")),
    ("contacts", contacts.search_contacts(CREDENTIALS, "abc")),
    ("contacts", groups.get_group_contacts(CREDENTIALS, 1)),
    ("contact", contacts.add_contact(CREDENTIALS, name="x")),
]


@settings(max_examples=300)
@given(st.sampled_from(CALLS), values)
def test_any_payload_decodes_or_raises_our_error(call: tuple[str, object], value: object) -> None:
    key, made = call
    body = answer(**{key: value})
    try:
        result = made.decode(200, body)  # type: ignore[attr-defined]
    except IletiMerkeziError:
        return
    items = result if isinstance(result, list) else [result]
    assert all(isinstance(item, Group | Contact) for item in items)
