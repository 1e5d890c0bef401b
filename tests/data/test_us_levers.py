"""us_levers: the rules its schema cannot express."""

import peacebook as pb


def test_money_figures_state_a_price_basis_and_others_do_not():
    levers = pb.load("us_levers")
    money = levers["unit"].str.contains("dollars|euros")
    assert money.any()
    assert (levers.loc[money, "price_basis"] != "not applicable").all(), "a money figure without its price basis"
    assert (levers.loc[~money, "price_basis"] == "not applicable").all(), "a count or share with a price basis"
