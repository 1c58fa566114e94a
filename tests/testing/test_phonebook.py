"""The fake's phonebook methods on the wire: every documented code, both shapes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iletimerkezi_async.sansio import Contact, CustomField, Group, Model, groups
from iletimerkezi_async.testing import FakeIletiMerkezi

HEADERS = {"content-type": "application/json"}


def post(fake: FakeIletiMerkezi, method: str, **fields: object) -> tuple[int, dict[str, Any]]:
    """Send ``fields`` to ``method`` with valid credentials; the status and ``response``."""
    auth = {"key": fake.api_key, "hash": fake.api_hash}
    body = json.dumps({"request": {"authentication": auth, **fields}}).encode()
    answer = fake.handle("POST", f"/v1/{method}/json", HEADERS, body)
    response = json.loads(answer.body)["response"]
    assert answer.status == int(response["status"]["code"])
    return answer.status, response


@pytest.fixture
def book() -> FakeIletiMerkezi:
    """A fake with groups 1 (Bayiler) > 2 (İzmir), 3 (Müşteriler) and four contacts."""
    fake = FakeIletiMerkezi()
    fake.add_group("Bayiler")
    fake.add_group("İzmir", parent_id=1)
    fake.add_group("Müşteriler")
    fake.add(
        Contact(1, "Işıl", "Öztürk", None, "+905321234567", (), (2,)),
        Contact(2, "İsmail", "Kaya", "ismail@example.com", None, (), (2, 3)),
        Contact(3, "Ayşe", "Irmak", None, None, (), (3,)),
        Contact(4, "Can", "Yılmaz", "can@ISIK.com.tr", None, (), ()),
    )
    fake.custom_field_ids = {1, 2}
    return fake


CODES = [
    ("add-contact", {"contact": "x"}, 400),
    ("add-contact", {"contact": {"name": 5.5}}, 422),
    ("add-contact", {"contact": {"name": "a", "groups": {"id": ["x"]}}}, 422),
    ("add-contact", {"contact": {"name": "a", "custom_fields": [{"value": "v"}]}}, 422),
    ("add-contact", {"contact": {"name": " ", "email": ""}}, 472),
    ("add-contact", {"contact": {"name": "a", "custom_fields": [{"id": 9, "value": "v"}]}}, 473),
    ("add-contact", {"contact": {"name": "a", "groups": {"id": [1, 99]}}}, 463),
    ("edit-contact", {"contact": {"name": "x"}}, 400),
    ("edit-contact", {"contact": {"id": "1a", "name": "x"}}, 422),
    ("edit-contact", {"contact": {"id": 77, "name": "x"}}, 465),
    ("edit-contact", {"contact": {"id": 3, "name": "", "surname": ""}}, 472),
    ("edit-contact", {"contact": {"id": 3, "groups": {"id": [42]}}}, 463),
    ("delete-contact", {"contact": {"id": 77}}, 465),
    ("delete-contact", {"contact": {"id": -1}}, 422),
    ("search-contacts", {}, 400),
    ("search-contacts", {"search": {"key": "ab"}}, 471),
    ("search-contacts", {"search": {"key": 123}}, 422),
    ("search-contacts", {"search": {"key": "Kaya", "page": 0}}, 464),
    ("search-contacts", {"search": {"key": "Kaya", "page": "-2"}}, 464),
    ("search-contacts", {"search": {"key": "Kaya", "rowCount": 1001}}, 422),
    ("search-contacts", {"search": {"key": "zzz"}}, 465),
    ("search-contacts", {"search": {"key": "Kaya", "page": 2}}, 465),
    ("get-group-contacts", {"group": {"id": ""}}, 462),
    ("get-group-contacts", {"group": {"id": 99}}, 463),
    ("get-group-contacts", {"group": {"id": 1}}, 465),  # no direct members
    ("get-group-contacts", {"group": {"id": 3, "page": 0}}, 464),
    ("get-group", {"group": {}}, 462),
    ("get-group", {"group": {"id": "x"}}, 422),
    ("get-group", {"group": {"id": 99}}, 463),
    ("add-group", {"group": {"name": ""}}, 461),
    ("add-group", {"group": {"name": 5}}, 422),
    ("add-group", {"group": {"name": "x", "parent": 99}}, 463),
    ("edit-group", {"group": {"name": "x"}}, 462),
    ("edit-group", {"group": {"id": 1, "name": " "}}, 461),
    ("edit-group", {"group": {"id": 99, "name": "x"}}, 463),
    ("edit-group", {"group": {"id": 1, "name": "x", "parent": 99}}, 463),
    ("edit-group", {"group": {"id": 1, "name": "x", "parent": 2}}, 422),  # into its subtree
    ("delete-group", {"group": {"id": 99}}, 463),
]


@pytest.mark.parametrize(("method", "fields", "code"), CODES)
def test_documented_codes_leave_the_phonebook_alone(
    book: FakeIletiMerkezi, method: str, fields: dict[str, object], code: int
) -> None:
    before = (dict(book.contacts), dict(book.groups))
    status, response = post(book, method, **fields)
    assert status == code, response
    assert (dict(book.contacts), dict(book.groups)) == before


@pytest.mark.parametrize(
    "groups_field",
    [{"id": [2, 3]}, {"group": [{"id": 2}, {"id": "3"}]}, [2, 3], {"id": ["2", 3, 3]}],
)
def test_add_contact_takes_every_documented_groups_form(
    book: FakeIletiMerkezi, groups_field: object
) -> None:
    status, response = post(book, "add-contact", contact={"name": "Ali", "groups": groups_field})
    assert status == 200
    assert response["contact"]["groups"] == [2, 3]
    status, response = post(
        book, "add-contact", contact={"name": "Veli", "groups": {"group": {"id": "3"}}}
    )
    assert response["contact"]["groups"] == [3]


def test_custom_fields_in_either_form(book: FakeIletiMerkezi) -> None:
    for form in ({"custom_field": [{"id": "1", "value": "x"}]}, [{"id": 1, "value": "x"}]):
        status, response = post(book, "add-contact", contact={"name": "a", "custom_fields": form})
        assert status == 200
        added = book.contacts[int(response["contact"]["id"])]
        assert added.custom_fields == (CustomField(1, "x"),)


@pytest.mark.parametrize(
    ("key", "ids"),
    [
        ("IŞIL", [1]),  # dotless I folds to ı
        ("ışıl", [1]),
        ("isma", [2]),  # dotted İ folds to i
        ("İSMA", [2]),
        ("ısık", [4]),  # in the email: "ISIK" folds to "ısık"
        ("isik", []),
        ("irmak", []),  # "Irmak" folds to "ırmak"
        ("ırmak", [3]),
        ("0532123", [1]),
        ("example.com", [2]),
        ("  Kaya  ", [2]),
    ],
)
def test_search_is_a_turkish_case_insensitive_substring_match(
    book: FakeIletiMerkezi, key: str, ids: list[int]
) -> None:
    status, response = post(book, "search-contacts", search={"key": key})
    found = [c["id"] for c in response["contacts"]] if status == 200 else []
    assert found == ids


def test_search_sees_changes(book: FakeIletiMerkezi) -> None:
    assert post(book, "search-contacts", search={"key": "Yılmaz"})[0] == 200
    book.remove(4)
    assert post(book, "search-contacts", search={"key": "Yılmaz"})[0] == 465
    post(book, "add-contact", contact={"surname": "Yılmaz"})
    assert post(book, "search-contacts", search={"key": "Yılmaz"})[0] == 200


def test_legacy_listing_and_tree_shapes(book: FakeIletiMerkezi) -> None:
    book.shape = "legacy"
    _, response = post(book, "get-groups")
    assert response["groups"] == {
        "group": [
            {
                "id": "1",
                "name": "Bayiler",
                "count": "0",
                "children": {"child": [{"id": "2", "name": "İzmir", "count": "2"}]},
            },
            {"id": "3", "name": "Müşteriler", "count": "2"},
        ]
    }
    _, response = post(book, "get-group-contacts", group={"id": "3"})
    assert [c["id"] for c in response["contacts"]["contact"]] == ["2", "3"]
    _, response = post(book, "add-group", group={"name": "Yeni", "parent": ""})
    assert response["group"] == {"id": "4", "name": "Yeni"}


def test_current_tree_shape_follows_the_docs(book: FakeIletiMerkezi) -> None:
    _, response = post(book, "get-groups")
    # get-groups' docs show count as a string; get-group's as a number.
    assert response["groups"][0] == {
        "id": 1,
        "name": "Bayiler",
        "count": "0",
        "children": [{"id": 2, "name": "İzmir", "count": "2"}],
    }
    assert "children" not in response["groups"][1]
    _, response = post(book, "get-group", group={"id": 2})
    assert response["group"] == {"id": 2, "name": "İzmir", "count": 2}


@pytest.mark.parametrize("shape", ["current", "legacy", "mixed"])
def test_the_tree_decodes_the_same_in_every_shape(shape: Any) -> None:
    fake = FakeIletiMerkezi(shape=shape, seed=3)
    root = fake.add_group("Kök")
    for depth in range(5):
        root = fake.add_group(f"Seviye {depth}", parent_id=root.id)
    fake.add_group("İkinci kök")
    fake.generate(50)  # members of groups 1..40, some of which exist
    call = groups.get_groups(_credentials(fake))
    for _ in range(6):
        answer = fake.handle("POST", "/v1/get-groups/json", HEADERS, call.request.body)
        assert call.decode(answer.status, answer.body) == fake.group_tree()


def _credentials(fake: FakeIletiMerkezi) -> Any:
    from iletimerkezi_async.sansio import Credentials

    return Credentials(fake.api_key, fake.api_hash)


def test_group_state_api(book: FakeIletiMerkezi) -> None:
    assert book.groups[1] == Group(1, "Bayiler", 0, (Group(2, "İzmir", 2),))
    assert book.groups[3].count == 2
    assert isinstance(book.groups[1], Model)
    with pytest.raises(TypeError):
        book.groups[9] = Group(9, "x")  # type: ignore[index]
    assert book.add_group("Yeni", group_id=50).id == 50
    assert book.add_group("Sonraki").id == 51
    with pytest.raises(ValueError, match="exists"):
        book.add_group("x", group_id=50)
    with pytest.raises(ValueError, match="no group 77"):
        book.add_group("x", parent_id=77)
    book.remove_group(1)
    assert sorted(book.groups) == [3, 50, 51]
    assert book.contacts[1].groups == ()
    assert book.contacts[2].groups == (3,)
    with pytest.raises(KeyError):
        book.remove_group(1)
    assert "groups=3" in repr(book)


def test_gsm_is_stored_as_the_provider_returns_it(book: FakeIletiMerkezi) -> None:
    for given in ("05321234567", "5321234567", "905321234567", "+90 532 123 45 67"):
        _, response = post(book, "add-contact", contact={"gsm": given})
        assert response["contact"]["gsm"] == "+905321234567"


def test_new_groups_do_not_inherit_dangling_members() -> None:
    fake = FakeIletiMerkezi()
    fake.add(Contact(1, "Ali", "", groups=(7,)))  # group 7 does not exist
    group = fake.add_group("Yeni")
    assert group.id == 8
    assert group.count == 0


def test_a_chosen_group_id_counts_the_contacts_that_name_it() -> None:
    fake = FakeIletiMerkezi()
    fake.add(Contact(1, "Ali", "", groups=(7,)), Contact(2, "Can", "", groups=(7, 8)))
    assert fake.add_group("Yedi", group_id=7) == Group(7, "Yedi", 2)
    assert fake.add_group("Alt", parent_id=7) == Group(9, "Alt", 0)
    assert fake.groups[7] == Group(7, "Yedi", 2, (Group(9, "Alt", 0),))
