from dossier.pipeline import check_dossier

BRIEF = (
    "title: T\nas_of: 2026-01-07\nbottom_line: {bottom}\nkey_judgements:\n"
    "  - text: {text}\n    likelihood: {likelihood}\n    confidence: moderate\n"
)
SCALE = "use almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely or almost certain"


def warnings_of(write, text: str, likelihood: str = "likely", bottom: str = "Talks resumed.") -> list[str]:
    content = write({"dossier.yaml": BRIEF.format(text=text, likelihood=likelihood, bottom=bottom)})
    return [str(w) for w in check_dossier(content).warnings if w.path.endswith("dossier.yaml")]


def test_a_judgement_on_the_scale_passes(write):
    assert warnings_of(write, "A deal this year is likely, though the border zone stays unsettled.") == []


def test_off_scale_words_are_named_with_the_scale(write):
    where = "content/dossier.yaml:5: warning: '{}' is not on the ICD 203 likelihood scale in key_judgements[0].text"
    assert warnings_of(write, "A deal is probably near; talks are highly likely to resume.") == [
        f"{where.format('highly likely')}: {SCALE}",
        f"{where.format('probably')}: {SCALE}",
    ]


def test_confidence_and_likelihood_in_one_sentence(write):
    assert warnings_of(write, "We judge with high confidence that a deal is likely.") == [
        "content/dossier.yaml:5: warning: 'high confidence' and 'likely' share a sentence in key_judgements[0].text: "
        "state the confidence level in 'confidence', apart from the likelihood"
    ]


def test_confidence_building_measures_are_not_a_confidence_level(write):
    assert warnings_of(write, "Confidence-building measures are likely in Paris.") == []


def test_text_and_likelihood_field_must_agree(write):
    assert warnings_of(write, "A deal is very likely.", likelihood="unlikely") == [
        "content/dossier.yaml:5: warning: key_judgements[0].text says 'very likely' but its likelihood is 'unlikely'"
    ]


def test_the_bottom_line_is_held_to_the_same_scale(write):
    assert warnings_of(write, "A deal is likely.", bottom="A deal is possible.") == [
        f"content/dossier.yaml:3: warning: 'possible' is not on the ICD 203 likelihood scale in bottom_line: {SCALE}"
    ]


def test_confidence_in_another_sentence_is_fine(write):
    assert warnings_of(write, "A deal is likely. Our confidence rests on one source.") == []


def test_a_warning_points_at_the_line_of_its_words_in_a_long_text(write):
    text = (
        ">-\n      Talks resumed in Paris and a joint cell was agreed.\n"
        "      A wider deal is probably\n      out of reach before March.\n"
        "      We have high confidence in the sources.\n"
        "      We judge with high\n      confidence that a withdrawal is likely."
    )
    assert warnings_of(write, text) == [
        "content/dossier.yaml:7: warning: 'probably' is not on the ICD 203 likelihood scale in "
        f"key_judgements[0].text: {SCALE}",
        # In the sentence that has both (not the one before), where "high confidence" starts.
        "content/dossier.yaml:10: warning: 'high confidence' and 'likely' share a sentence in key_judgements[0].text: "
        "state the confidence level in 'confidence', apart from the likelihood",
    ]
