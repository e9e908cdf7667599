"""Report drafts: made from the template with every figure a placeholder, edited, refreshed, finalised."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress.figures import Figure
from congress.models import ReportDraft, ReportSection, ReportStatus, SectionKind
from office.report import document, services
from office.report.placeholders import Placeholder, errors_in, split, typed_numbers
from tests.congress import test_report_fixtures as fixtures

pytestmark = pytest.mark.django_db

# The shared fixtures (a conftest of its own would reach every congress test).
seed_figures = fixtures.seed_figures
seed_session = fixtures.seed_session


def report_text(draft) -> str:
    report = document.build(draft, link=False)
    return "\n".join(
        [report.spaced_title, *report.subtitle_lines, report.speaker] + [p.text for p in report.paragraphs]
    )


def test_a_new_draft_reads_like_the_seed_report_with_every_figure_from_the_registry(
    seed_figures, seed_session
):
    draft = services.draft_create(year=2022, session=seed_session)
    text = report_text(draft)
    for phrase in fixtures.seed_phrases():
        assert phrase in text


def test_a_new_draft_is_structured_like_the_seed(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    report = document.build(draft, link=False)
    headings = [p.text for p in report.paragraphs if p.style == document.HEADING]
    leads = [p.lead for p in report.paragraphs if p.lead]
    assert headings == ["一、今年以来工作回顾", "二、下一步工作安排"]
    assert [lead[:3] for lead in leads] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（一）",
        "（二）",
        "（三）",
    ]
    assert report.paragraphs[0].text == "各位代表："
    text = report.text
    for marker in [
        "一是突出建议跟踪督办",
        "二是开展人大代表述职",
        "三是积极配合开展重点工作",
        "各位代表、各位同志",
        "存在一定差距和不足",
    ]:
        assert marker in text


def test_the_prose_holds_placeholders_never_the_numbers(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    prose = "\n".join(section.text for section in draft.sections.all())
    assert "{{suggestions.collected}}条" in prose
    assert "{{receptions.visitors|approx}}人次" in prose
    assert "19条" not in prose and "80多" not in prose and "89.55" not in prose
    assert services.draft_problems(draft).warnings == []


def test_empty_figures_leave_their_sentence_out(seed_figures, seed_session):
    seed_figures["suggestions.handed_down_cppcc"] = Figure(value=0)
    seed_figures["suggestions.satisfaction_rate"] = Figure.rate(0, 0)
    draft = services.draft_create(year=2022, session=seed_session)
    text = report_text(draft)
    assert "共收集代表提出意见、建议19条，完成会议期间交办的2件旗人大代表建议。" in text
    assert "政协委员提案" not in text
    assert "满意率达—" not in text


def test_placeholders_split_the_text_and_name_their_format():
    parts = split("共接待选民{{receptions.visitors|approx}}人次，提出{{deliberations.opinions|approx:余}}条")
    assert parts == [
        "共接待选民",
        Placeholder("receptions.visitors", "approx"),
        "人次，提出",
        Placeholder("deliberations.opinions", "approx", "余"),
        "条",
    ]
    assert parts[3].token == "deliberations.opinions|approx:余"


def test_an_unknown_figure_or_format_or_stray_braces_is_an_error():
    assert errors_in("{{suggestions.collected}}条") == []
    assert len(errors_in("{{suggestions.nothing}}条")) == 1
    assert len(errors_in("{{suggestions.collected|fancy}}条")) == 1
    assert len(errors_in("共{{suggestions.collected条")) == 1


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("共收集代表提出意见、建议19条", ["19条"]),
        ("满意率达100%", ["100%"]),
        ("接待选民80多人次", ["80多人次"]),
        ("提出意见建议三十余条", ["三十余条"]),
        ("2022年，是实施“十四五”规划的关键之年", []),
        ("到苏东17号集气站，12月16日，第四届", []),
        ("共收集{{suggestions.collected}}条，一是突出，二是开展，增强“四个意识”", []),
    ],
)
def test_a_number_typed_where_a_figure_belongs_is_found(text, typed):
    assert typed_numbers(text) == typed


def test_refresh_recomputes_the_figures_of_a_draft(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    seed_figures["receptions.visitors"] = Figure(value=95)
    assert "接待选民80多人次" in report_text(draft)
    services.draft_refresh_figures(draft)
    draft.refresh_from_db()
    assert "接待选民90多人次" in report_text(draft)
    assert draft.figures["values"]["receptions.visitors"]["value"] == 95


def test_editing_the_prose_does_not_change_the_figures(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    seed_figures["suggestions.collected"] = Figure(value=25)
    section = draft.sections.get(key="review-duties")
    section.text = section.text.replace("突出建议跟踪督办", "狠抓建议跟踪督办")
    section.save()
    services.draft_complete_figures(draft)
    text = report_text(ReportDraft.objects.get(pk=draft.pk))
    assert "狠抓建议跟踪督办" in text
    assert "建议19条" in text


def test_a_placeholder_added_while_editing_is_computed_on_save(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    section = draft.sections.get(key="opening")
    section.text += "全镇共有代表{{deputies.in_office}}名。"
    section.save()
    services.draft_complete_figures(draft)
    draft.refresh_from_db()
    assert "deputies.in_office" in draft.figures["texts"]
    assert "全镇共有代表1名。" in report_text(draft)  # the chair


def test_a_final_draft_keeps_the_figures_it_was_finalised_with(seed_figures, seed_session, staff_user):
    draft = services.draft_create(year=2022, session=seed_session)
    services.draft_finalise(draft, actor=staff_user)
    seed_figures["suggestions.collected"] = Figure(value=40)
    seed_figures["activities.research_participation_rate"] = Figure.rate(50, 67)
    final = ReportDraft.objects.get(pk=draft.pk)
    assert final.status == ReportStatus.FINAL
    assert final.finalised_by == staff_user
    text = report_text(final)
    assert "建议19条" in text and "占比89.55%" in text
    with pytest.raises(ValidationError):
        services.draft_refresh_figures(final)


def test_finalising_computes_the_figures_one_last_time(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    seed_figures["suggestions.collected"] = Figure(value=21)
    services.draft_finalise(draft)
    assert "建议21条" in report_text(ReportDraft.objects.get(pk=draft.pk))


def test_a_year_has_one_final_report(seed_figures, seed_session):
    services.draft_finalise(services.draft_create(year=2022, session=seed_session))
    with pytest.raises(ValidationError):
        services.draft_finalise(services.draft_create(year=2022, session=seed_session))


def test_a_draft_keeps_its_history(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    services.draft_refresh_figures(draft)
    assert draft.history.count() == 2
    assert ReportSection.history.filter(draft_id=draft.pk).count() == draft.sections.count()


def test_parts_and_subparts_are_numbered_by_their_order(seed_figures, seed_session):
    draft = services.draft_create(year=2022, session=seed_session)
    ReportSection.objects.create(
        draft=draft, order=75, kind=SectionKind.SUBPART, heading="加强代表培训", text="组织代表培训。"
    )
    leads = [p.lead for p in document.build(draft, link=False).paragraphs if p.lead]
    assert leads[4] == "（五）加强代表培训。"
    assert leads[5].startswith("（一）进一步提高")


# ---- in the admin ------------------------------------------------------------------------


def test_staff_generate_a_draft_from_the_admin_with_year_and_session(
    seed_figures, seed_session, staff_client
):
    response = staff_client.post(
        reverse("admin:congress_reportdraft_add"), {"year": 2022, "session": seed_session.pk, "_save": "1"}
    )
    draft = ReportDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:congress_reportdraft_change", args=[draft.pk]))
    assert draft.speaker == "乌审召镇党委委员、人大主席 王宝平"
    assert draft.sections.count() == 14
    assert draft.figures["texts"]["suggestions.collected"] == "19"


def test_the_add_form_proposes_the_years_session(seed_figures, seed_session, staff_client):
    response = staff_client.get(reverse("admin:congress_reportdraft_add") + "?year=2022")
    form = response.context["adminform"].form
    assert form.initial["year"] == 2022
    assert form.initial["session"] == seed_session.pk


def _change_data(draft, **changes):
    data = {
        "year": draft.year,
        "session": draft.session_id or "",
        "title": draft.title,
        "speaker": draft.speaker,
        "seen_version": draft.version,  # the versions the page showed (no lost updates)
        "sections-TOTAL_FORMS": draft.sections.count(),
        "sections-INITIAL_FORMS": draft.sections.count(),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        "_continue": "1",
    }
    for index, section in enumerate(draft.sections.all()):
        prefix = f"sections-{index}-"
        data.update(
            {
                prefix + "id": section.pk,
                prefix + "draft": draft.pk,
                prefix + "order": section.order,
                prefix + "kind": section.kind,
                prefix + "heading": section.heading,
                prefix + "text": changes.get(section.key, section.text),
                prefix + "seen_version": section.version,
            }
        )
    return data


def test_a_typed_number_in_the_prose_is_warned_about(seed_figures, seed_session, staff_client):
    draft = services.draft_create(year=2022, session=seed_session)
    url = reverse("admin:congress_reportdraft_change", args=[draft.pk])
    response = staff_client.post(
        url, _change_data(draft, opening="我受主席团的委托，共收集建议19条。"), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("19条" in message for message in messages)
    assert draft.sections.get(key="opening").text == "我受主席团的委托，共收集建议19条。"


def test_a_placeholder_naming_no_figure_is_refused(seed_figures, seed_session, staff_client):
    draft = services.draft_create(year=2022, session=seed_session)
    url = reverse("admin:congress_reportdraft_change", args=[draft.pk])
    response = staff_client.post(url, _change_data(draft, opening="共收集{{suggestions.typo}}条。"))
    assert response.status_code == 200
    assert "suggestions.typo" in response.content.decode()
    assert "typo" not in draft.sections.get(key="opening").text


def test_a_final_draft_cannot_be_edited_in_the_admin(seed_figures, seed_session, staff_client):
    draft = services.draft_finalise(services.draft_create(year=2022, session=seed_session))
    url = reverse("admin:congress_reportdraft_change", args=[draft.pk])
    response = staff_client.post(url, _change_data(draft, opening="改写。"))
    assert response.status_code == 403
    assert draft.sections.get(key="opening").text != "改写。"


def test_refresh_and_finalise_from_the_change_page(seed_figures, seed_session, staff_client):
    draft = services.draft_create(year=2022, session=seed_session)
    seed_figures["receptions.visitors"] = Figure(value=120)
    staff_client.post(reverse("admin:congress_reportdraft_refresh", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.figures["texts"]["receptions.visitors|approx"] == "120"
    assert (
        staff_client.get(reverse("admin:congress_reportdraft_finalise", args=[draft.pk])).status_code == 200
    )
    staff_client.post(reverse("admin:congress_reportdraft_finalise", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.is_final


def test_presidium_members_may_look_but_not_refresh(seed_figures, seed_session, client):
    from tests.factories import UserFactory

    draft = services.draft_create(year=2022, session=seed_session)
    client.force_login(UserFactory(username="member", role="presidium_member"))
    assert client.get(reverse("admin:congress_reportdraft_preview", args=[draft.pk])).status_code == 200
    assert client.post(reverse("admin:congress_reportdraft_refresh", args=[draft.pk])).status_code == 403
