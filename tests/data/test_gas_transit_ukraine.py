"""gas_transit_ukraine: the rules its schema cannot express."""

import peacebook as pb
from peacebook.sources import parties


def test_a_partys_figure_can_only_be_a_reported_flow():
    """Contract volumes come from the contract; a figure from a party to the war may only be a reported flow (and is labelled)."""
    transit = pb.load("gas_transit_ukraine")
    claims = transit[transit["source_id"].map(parties()).notna()]
    assert set(claims["measure"]) <= {"reported_flow"}, claims


def test_contract_volumes_are_the_2019_contract_terms():
    transit = pb.load("gas_transit_ukraine")
    contract = transit[transit["measure"] == "contract_minimum"].set_index("year")["volume_bcm"]
    assert contract[2020] == 65 and set(contract.drop(2020)) == {40}
