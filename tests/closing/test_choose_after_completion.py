"""A mentee whose pair completed is not told the program will match them."""

from mentorkit.domain.closing import ClosingReflection
from mentorkit.folder import ProgramFolder
from mentorkit.services import choosing
from mentorkit.widgets._choose import choose_view
from tests.services.test_choosing import BOTH, person


def test_a_mentee_whose_pair_completed_is_not_told_the_program_will_match_them(
    program_folder,
):
    toml = program_folder.path / "mentorkit.toml"
    toml.write_text(toml.read_text().replace('# mode = "matched"', 'mode = "both"'))
    folder = ProgramFolder.open(program_folder.path)
    with folder.open_store() as store:
        store.add_participants([person("ana", "mentor"), person("dee", "mentee")])
        choosing.set_listed(store, store.participant("ana"), True)
        request = choosing.ask(store, store.participant("dee"), "ana", BOTH)
        store.answer_request(request.id, "ana", accept=True)
        match_id = int(store.matches()["id"].iloc[0])
        for who in ("dee", "ana"):
            store.save_closing(
                ClosingReflection(
                    match_id=match_id,
                    author_id=who,
                    rating=5,
                    recommend=True,
                    continue_informally=True,
                )
            )
        dee = store.participant("dee")
        assert str(dee.status) == "completed"
    view = choose_view(folder, dee)
    shown = " ".join(str(getattr(w, "value", "")) for w in _walk(view))
    assert "The program will match you" not in shown, shown[-300:]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
