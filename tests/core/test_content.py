"""The simulated bank's static content: unique ids, sane amounts, the real rules, no markup."""

from __future__ import annotations

from cooptui.backend_stub.content import (
    CALL_CENTER_NUMBER,
    CONTACT_CHANNELS,
    FAQ,
    PRODUCT_CATALOG,
    SECURITY_TIPS,
)
from cooptui.domain.catalog import ProductCategory


def _all_texts() -> list[str]:
    texts: list[str] = list(SECURITY_TIPS)
    for channel in CONTACT_CHANNELS:
        texts += [channel.kind, channel.label, channel.value, channel.hours or ""]
    for product in PRODUCT_CATALOG:
        texts += [product.id, product.name, product.description, *product.requirements]
    for entry in FAQ:
        texts += [entry.topic, entry.question, entry.answer]
    return texts


def _faq_text() -> str:
    return " ".join(f"{entry.question} {entry.answer}" for entry in FAQ)


def test_ids_are_unique() -> None:
    product_ids = [product.id for product in PRODUCT_CATALOG]
    faq_ids = [entry.id for entry in FAQ]
    assert len(set(product_ids)) == len(product_ids)
    assert len(set(faq_ids)) == len(faq_ids)


def test_every_category_is_offered() -> None:
    assert {product.category for product in PRODUCT_CATALOG} == set(ProductCategory)


def test_credits_and_dpf_have_an_amount_range() -> None:
    ranged = [
        product
        for product in PRODUCT_CATALOG
        if product.category in (ProductCategory.CREDIT, ProductCategory.INVESTMENT)
    ]
    assert len(ranged) >= 4
    for product in PRODUCT_CATALOG:
        if product in ranged:
            assert product.min_amount is not None
            assert product.max_amount is not None
        if product.min_amount is not None and product.max_amount is not None:
            assert 0 < product.min_amount < product.max_amount, product.id


def test_faq_states_the_real_rules() -> None:
    text = _faq_text()
    for rule in (
        "$0.36 + IVA",
        "5 minutos",
        "3 intentos fallidos",
        "24 horas laborables",
        "$15,000.00",
        "$5,000.00",
        "$3,000.00",
        "Monto máximo",
        "$50.00",
        "de 3 a 36 meses",
        "5 minutos de inactividad",
        CALL_CENTER_NUMBER,
    ):
        assert rule in text, rule
    assert 12 <= len(FAQ) <= 15
    assert all(entry.question.strip() and entry.answer.strip() for entry in FAQ)


def test_contact_and_tips() -> None:
    assert any(c.value == CALL_CENTER_NUMBER and c.kind == "Call Center" for c in CONTACT_CHANNELS)
    assert any("24/7" in c.label for c in CONTACT_CHANNELS)
    assert all(
        "@" not in c.value or c.value.endswith("@cooprogreso.example") for c in CONTACT_CHANNELS
    )
    assert len(SECURITY_TIPS) == 3


def test_no_text_looks_like_rich_markup() -> None:
    for text in _all_texts():
        assert "[" not in text, text
