"""territories/, themes/, contributors/, partners/: lists, details, hierarchy and counts."""


def test_territory_list_and_filters(api, world):
    body = api("territories/").json()
    assert [i["slug"] for i in body["items"]] == [
        "hauts-de-france", "lille", "loos-en-gohelle", "nord", "pas-de-calais"
    ]  # fmt: skip
    assert body["items"][2]["parent"]["slug"] == "pas-de-calais"
    assert body["items"][2]["url"] == "http://reader.test/fr/territoires/loos-en-gohelle/"
    assert [i["slug"] for i in api("territories/", kind="department").json()["items"]] == [
        "nord",
        "pas-de-calais",
    ]
    assert [i["slug"] for i in api("territories/", parent="nord").json()["items"]] == ["lille"]


def test_territory_detail_lists_parent_children_and_counts_inside_it(api, world):
    body = api("territories/pas-de-calais/").json()
    assert body["type"] == "territory" and body["kind"] == "department"
    assert body["parent"]["slug"] == "hauts-de-france"
    assert [c["slug"] for c in body["children"]] == ["loos-en-gohelle"]
    # Hidden stories and the hidden series in Loos are not counted.
    assert body["counts"] == {"series": 1, "stories": 2}
    loos = api("territories/loos-en-gohelle/").json()
    assert loos["population"] == 6500 and loos["lat"] == 50.457
    assert loos["translations"] == [
        {
            "locale": "en",
            "id": world.loos_en.pk,
            "url": "http://reader.test/en/territories/loos-en-gohelle/",
            "api_url": "http://testserver/api/v1/territories/loos-en-gohelle/?locale=en",
        }
    ]
    assert api("territories/loos-en-gohelle/", locale="en").json()["id"] == world.loos_en.pk


def test_theme_list_and_detail(api, world):
    items = api("themes/").json()["items"]
    assert [i["slug"] for i in items] == ["agriculture", "industrie", "transition"]
    body = api("themes/transition/").json()
    assert body["counts"] == {"series": 1, "stories": 1}
    assert body["translations"][0]["locale"] == "en"
    assert api("themes/", locale="en").json()["items"][0]["title"] == "Transition (en)"


def test_contributor_list_and_detail(api, world):
    assert [i["slug"] for i in api("contributors/").json()["items"]] == [
        "jeanne-martin",
        "paul-durand",
    ]
    body = api("contributors/paul-durand/").json()
    assert body["url"] == "http://reader.test/fr/contributeurs/paul-durand/"
    assert body["counts"] == {"series": 0, "stories": 2}
    assert api("contributors/jeanne-martin/").json()["counts"] == {"series": 1, "stories": 1}


def test_partner_list_and_detail(api, world):
    assert [i["slug"] for i in api("partners/").json()["items"]] == [
        "fondation-terre",
        "region-hdf",
    ]
    assert [i["slug"] for i in api("partners/", kind="foundation").json()["items"]] == [
        "fondation-terre"
    ]
    body = api("partners/fondation-terre/").json()
    assert body["counts"] == {"series": 1, "stories": 2}
    assert body["series"][0]["funding_disclosure"] == "A financé 40 % de la résidence."
    assert body["url"] == "http://reader.test/fr/partenaires/fondation-terre/"


def test_unknown_slugs_are_404_problems(api, world):
    for path in ("territories/atlantide/", "themes/x/", "contributors/x/", "partners/x/"):
        response = api(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    assert api("themes/transition/", locale="en").json()["id"] == world.transition_en.pk
