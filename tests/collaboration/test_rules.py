"""The pure rules of working together, at their edges."""

import datetime
from types import SimpleNamespace

from collaboration import rules
from collaboration.mentions import find_mentions

AGENCIES = {1: ["Sở Y tế", "SYT"], 2: ["Sở Tài chính", "Sở TC"], 3: ["Sở Tài nguyên và Môi trường"]}


def test_an_agency_is_found_by_any_of_its_names_case_and_accent_insensitively():
    found = find_mentions("Đề nghị @so y te và @SỞ TC phối hợp", agencies=AGENCIES, usernames=set())
    assert found.agency_ids == {1, 2}


def test_the_longest_agency_name_wins_and_a_name_must_end_at_a_word_boundary():
    assert find_mentions("@Sở Tài nguyên và Môi trường", agencies=AGENCIES, usernames=set()).agency_ids == {3}
    assert find_mentions("@Sở Tài chínhxyz", agencies=AGENCIES, usernames=set()).agency_ids == set()


def test_a_person_is_found_by_exact_user_name_and_an_email_address_is_no_mention():
    found = find_mentions("Nhờ @canbo.syt. Gửi tới a@canbo.tc", agencies=AGENCIES, usernames={"canbo.syt", "canbo.tc"})
    assert found.usernames == {"canbo.syt"} and found.agency_ids == set()


def test_unknown_names_mention_no_one():
    found = find_mentions("@Sở Không Có @nobody", agencies=AGENCIES, usernames={"canbo.syt"})
    assert found.agency_ids == set() and found.usernames == set()


def test_a_message_is_editable_up_to_fifteen_minutes_and_not_a_second_later():
    written = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    assert rules.still_editable(written, written + datetime.timedelta(minutes=15), minutes=15)
    assert not rules.still_editable(written, written + datetime.timedelta(minutes=15, seconds=1), minutes=15)


def test_office_staff_follow_what_they_entered_unless_they_stopped():
    assert rules.follows(explicit=None, created_it=True)
    assert not rules.follows(explicit=False, created_it=True)
    assert rules.follows(explicit=True, created_it=False)
    assert not rules.follows(explicit=None, created_it=False)


def _user(*, agency_id=None, roles=(), sees=False, active=True):
    return SimpleNamespace(
        is_authenticated=True,
        is_active=active,
        agency_id=agency_id,
        sees_everything=sees,
        has_role=lambda role: role.value in roles,
    )


def test_who_may_discuss_a_task():
    assert rules.may_discuss(_user(sees=True), set())
    assert rules.may_discuss(_user(agency_id=1, roles={"officer"}), {1, 2})
    assert not rules.may_discuss(_user(agency_id=3, roles={"officer"}), {1, 2})
    assert not rules.may_discuss(_user(agency_id=1, roles=set()), {1})
    assert not rules.may_discuss(_user(agency_id=1, roles={"officer"}, active=False), {1})
