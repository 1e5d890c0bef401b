"""NATO members by accession (data/nato_members.csv): a rule its schema cannot express.

The founders are dated to the signature of the North Atlantic Treaty, the earliest date in the
table, which twelve countries share; every later accession is its own event, so the step chart
counts members correctly.
"""

import peacebook as pb


def test_twelve_founders_share_the_treaty_date():
    members = pb.load("nato_members")
    founders = members[members["accession_date"] == members["accession_date"].min()]
    assert len(founders) == 12 and founders["note"].str.startswith("Founding member").all()
    assert not members.drop(founders.index)["note"].fillna("").str.startswith("Founding member").any()
