import attrs
import pytest

from iletimerkezi_async.sansio import Contact, CustomField


def test_contact_optional_fields_default_to_empty():
    contact = Contact(1007, "Ayşe", "Yılmaz")
    assert contact.email is None
    assert contact.gsm is None
    assert contact.custom_fields == ()
    assert contact.groups == ()


def test_models_are_frozen():
    contact = Contact(1, "a", "b")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        contact.name = "c"  # type: ignore[misc]
    field = CustomField(2, "cip cip")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        field.value = "x"  # type: ignore[misc]


def test_models_compare_and_hash_by_value():
    # Users dedupe results in sets and compare decoded contacts with ==.
    def make() -> Contact:
        return Contact(
            1007,
            "Çağrı",
            "Işık",
            "cagri@example.com",
            "+905057023100",
            (CustomField(2, "cip cip"),),
            (12, 7),
        )

    assert make() == make()
    assert hash(make()) == hash(make())
    assert len({make(), make()}) == 1
    assert make() != attrs.evolve(make(), groups=(7, 12))
    assert make() != attrs.evolve(make(), custom_fields=(CustomField(2, "cip"),))
